"""Property-based fuzz of the HTTP API against its own OpenAPI description (schemathesis).

Every operation is called with generated requests, valid and invalid, as a student, a
teacher and an admin, through the real app on the real PostgreSQL and Redis. Each
answer must be no 5xx, a status the operation declares, of the declared content type,
with a body and headers that fit the declared schema; a schema-valid request must not
be refused as invalid (422), and an invalid one must not be accepted.

``POST /maice/chat/streaming`` is left out: a valid request opens an event stream that
follows the job until a worker and an agent answer it, and neither runs here (its
errors before streaming are those of ``POST /student/questions/``, which is fuzzed).
A job's event stream is fuzzed: generated job ids name no job, so it answers at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from api.app import create_app
from core.settings import Settings, get_settings
from tests.support.apps import app_with, running
from tests.support.factories import (
    Headers,
    add_question,
    add_session,
    create_classroom,
    join,
    signed_in,
)

# Bounded so the whole fuzz stays within a few minutes on a loaded machine.
EXAMPLES_PER_OPERATION = 12
STREAMING_OPERATIONS = {("POST", "/api/v1/maice/chat/streaming")}
CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.positive_data_acceptance,
    openapi_checks.negative_data_rejection,
]
# Refusals that depend on who asks, which a JSON Schema cannot say: the 422 is declared,
# but a schema-valid request may get it.
CALLER_DEPENDENT_422 = {
    # Changing one's own password needs current_password; an admin's reset does not.
    ("PUT", "/api/v1/users/{user_id}"),
}
_runs = itertools.count(1)
# The API checks addresses with email-validator, which refuses special-use domains
# (`a@b.test`) that the `email` format allows: generate addresses it would take.
schemathesis.openapi.format(
    "email", st.from_regex(r"\A[a-z0-9]{1,12}@[a-z0-9]{1,12}\.(com|org|kr)\Z")
)


def _fuzz_app_settings() -> dict[str, Any]:
    # A key prefix of its own: the jobs it queues reach no worker of another test.
    return {"redis_prefix": f"{get_settings().redis_prefix}fuzz{next(_runs)}:"}


@pytest.fixture(scope="module")
def api_schema() -> schemathesis.BaseSchema:
    app = app_with()
    return schemathesis.openapi.from_dict(app.openapi(), config=schemathesis.Config())


def _operations() -> list[tuple[str, str]]:
    """Every operation of the schema, read at collection (before the run's settings exist)."""
    app = create_app(Settings(environment="test", jwt_secret_key="schema-only-" + "k" * 32))
    return [
        (method.upper(), path)
        for path, methods in app.openapi()["paths"].items()
        for method in methods
        if (method.upper(), path) not in STREAMING_OPERATIONS
    ]


@dataclass
class Actor:
    headers: Headers
    ids: dict[str, int]


@pytest.fixture
def fuzz_client(clean_database: None) -> Iterator[TestClient]:
    with running(app_with(**_fuzz_app_settings()), raise_server_exceptions=False) as client:
        yield client


def _actor(client: TestClient, role: str) -> Actor:
    """A user of ``role`` with a session, a question in it and (for a teacher) a classroom
    with a student, so some generated requests reach real objects."""
    user, headers = signed_in(client, role)
    owner, owner_headers = (user, headers) if role == "student" else signed_in(client, "student")
    teacher_headers = headers if role == "teacher" else signed_in(client, "teacher")[1]
    classroom = create_classroom(client, teacher_headers)
    join(client, owner_headers, classroom["join_code"])
    chat = add_session(client, owner)
    message = add_question(client, chat, knowledge_type="K3", gate="answerable")
    ids = {"user_id": user.id, "session_id": chat, "message_id": message}
    return Actor(headers=headers, ids=ids)


def _cases(operation: schemathesis.APIOperation, actor: Actor) -> st.SearchStrategy[Any]:
    known = {
        name: actor.ids[name]
        for name in (p.name for p in operation.path_parameters)
        if name in actor.ids
    }
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    # The actor's token is fixed, not generated, so the requests get past authentication.
    auth = actor.headers
    strategies = [operation.as_strategy(generation_mode=mode, headers=auth) for mode in modes]
    if known:
        strategies.append(operation.as_strategy(path_parameters=known, headers=auth))
    return st.one_of(strategies)


@pytest.mark.parametrize("role", ["student", "teacher", "admin"])
@pytest.mark.parametrize(("method", "path"), _operations())
def test_operation_answers_as_its_schema_says(
    api_schema: schemathesis.BaseSchema,
    fuzz_client: TestClient,
    role: str,
    method: str,
    path: str,
) -> None:
    operation = api_schema[path][method]
    actor = _actor(fuzz_client, role)
    checks = [
        check
        for check in CHECKS
        if not (
            (method, path) in CALLER_DEPENDENT_422
            and check is openapi_checks.positive_data_acceptance
        )
    ]

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        # A failure is reported as found: shrinking it would cost minutes under load.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_cases(operation, actor))
    def check(case: schemathesis.Case) -> None:
        kwargs = case.as_transport_kwargs(base_url="http://testserver")
        headers = kwargs["headers"]
        body = {key: kwargs[key] for key in ("json", "data") if key in kwargs}
        if isinstance(body.get("data"), str | bytes):
            body["content"] = body.pop("data")
        if kwargs.get("cookies"):  # as a header: per-request cookies are deprecated in httpx
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in kwargs["cookies"].items())
        response = fuzz_client.request(
            kwargs["method"], kwargs["url"], headers=headers, params=kwargs.get("params"), **body
        )
        case.validate_response(response, checks=checks, headers=headers)

    check()
