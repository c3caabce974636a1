"""The OpenAPI description declares what the API really answers.

Each case provokes a status through the real app and checks that the operation declares
it, with the one error body (and the headers it promises); a small app of its own shows
that a route added anywhere is declared without hand work.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from api.deps import CurrentUser, SessionDep, require_role
from api.openapi import ErrorBody, install_openapi
from api.schemas import MAX_ID, Id
from core.settings import get_settings
from tests.support.apps import app_with, running
from tests.support.factories import Headers, signed_in
from tests.support.ports import free_port

API = "/api/v1"
ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}
_prefixes = itertools.count(1)


@pytest.fixture
def api(clean_database: None) -> Iterator[TestClient]:
    # A Redis key prefix of its own: the questions it queues reach no worker.
    prefix = f"{get_settings().redis_prefix}truth{next(_prefixes)}:"
    with running(app_with(redis_prefix=prefix)) as client:
        yield client


def declared(client: TestClient, method: str, path: str) -> dict[str, Any]:
    responses: dict[str, Any] = client.app.openapi()["paths"][path][method.lower()]["responses"]  # type: ignore[attr-defined]
    return responses


def assert_declared(client: TestClient, method: str, path: str, response: Response) -> None:
    """The operation declares ``response``'s status; an error, with the one error body."""
    responses = declared(client, method, path)
    status = str(response.status_code)
    assert status in responses, f"{method} {path} answered {status}, declares {sorted(responses)}"
    if response.status_code >= 400:
        assert responses[status]["content"]["application/json"]["schema"] == ERROR_REF
        ErrorBody.model_validate(response.json())
        for header, spec in responses[status].get("headers", {}).items():
            if spec.get("required"):
                assert header in response.headers, f"{status} promises {header}"


@pytest.fixture
def student(api: TestClient) -> Headers:
    return signed_in(api, "student")[1]


class TestDeclaredStatuses:
    def test_no_token_is_a_declared_401_with_its_challenge(self, api: TestClient) -> None:
        response = api.get(f"{API}/auth/me")
        assert response.status_code == 401
        assert_declared(api, "GET", f"{API}/auth/me", response)
        assert "WWW-Authenticate" in declared(api, "GET", f"{API}/auth/me")["401"]["headers"]

    def test_wrong_role_is_a_declared_403(self, api: TestClient, student: Headers) -> None:
        for method, path in (("GET", "/users/"), ("GET", "/teacher/dashboard")):
            response = api.request(method, f"{API}{path}", headers=student)
            assert response.status_code == 403
            assert_declared(api, method, f"{API}{path}", response)

    def test_someone_elses_session_is_a_declared_404(
        self, api: TestClient, student: Headers
    ) -> None:
        response = api.get(f"{API}/maice/sessions/12345", headers=student)
        assert response.status_code == 404
        assert_declared(api, "GET", f"{API}/maice/sessions/{{session_id}}", response)

    def test_unknown_join_code_is_a_declared_404(self, api: TestClient, student: Headers) -> None:
        path = f"{API}/student/classrooms/join"
        response = api.post(path, json={"join_code": "NOSUCHCODE"}, headers=student)
        assert response.status_code == 404
        assert_declared(api, "POST", path, response)

    def test_duplicate_email_is_a_declared_409(self, api: TestClient) -> None:
        admin = signed_in(api, "admin")[1]
        body = {"email": "twice@example.com", "password": "long-enough", "name": "Twice"}
        assert api.post(f"{API}/users/", json=body, headers=admin).status_code == 201
        response = api.post(f"{API}/users/", json=body, headers=admin)
        assert response.status_code == 409
        assert_declared(api, "POST", f"{API}/users/", response)

    def test_cancelling_an_unknown_job_is_declared(self, api: TestClient, student: Headers) -> None:
        path = f"{API}/maice/chat/jobs/{{job_id}}/cancel"
        response = api.post(f"{API}/maice/chat/jobs/not-a-job/cancel", headers=student)
        assert response.status_code == 404
        assert_declared(api, "POST", path, response)
        assert "409" in declared(api, "POST", path)

    def test_a_body_over_the_limit_is_a_declared_413(
        self, api: TestClient, student: Headers
    ) -> None:
        limit = get_settings().max_request_bytes
        response = api.post(f"{API}/maice/sessions/", content=b" " * (limit + 1), headers=student)
        assert response.status_code == 413
        assert_declared(api, "POST", f"{API}/maice/sessions/", response)

    def test_too_many_questions_is_a_declared_429_with_retry_after(
        self, api: TestClient, student: Headers
    ) -> None:
        path = f"{API}/student/questions/"
        answers = [api.post(path, json={"question": f"{n}+1?"}, headers=student) for n in range(3)]
        assert [r.status_code for r in answers] == [202, 202, 429]
        assert_declared(api, "POST", path, answers[-1])
        assert declared(api, "POST", path)["429"]["headers"]["Retry-After"]["required"]

    def test_a_body_that_is_not_utf8_is_a_declared_400(
        self, api: TestClient, student: Headers
    ) -> None:
        response = api.post(
            f"{API}/maice/sessions/",
            content=b'{"title": "\xff"}',
            headers={**student, "Content-Type": "application/json"},
        )
        assert response.status_code == 400
        assert_declared(api, "POST", f"{API}/maice/sessions/", response)


class TestInvalidInput:
    def test_both_shapes_of_422_fit_the_declared_body(self, api: TestClient) -> None:
        user, headers = signed_in(api, "student")
        listed = api.post(f"{API}/maice/sessions/", json={"title": 5}, headers=headers)
        assert isinstance(listed.json()["detail"], list)
        assert_declared(api, "POST", f"{API}/maice/sessions/", listed)
        said = api.put(
            f"{API}/users/{user.id}", json={"password": "a-new-password"}, headers=headers
        )
        assert said.status_code == 422
        assert isinstance(said.json()["detail"], str)
        assert_declared(api, "PUT", f"{API}/users/{{user_id}}", said)

    def test_fastapis_validation_error_schema_is_gone(self, api: TestClient) -> None:
        schemas = api.app.openapi()["components"]["schemas"]  # type: ignore[attr-defined]
        assert "HTTPValidationError" not in schemas
        assert "ErrorBody" in schemas

    @pytest.mark.parametrize("since", ["0.5", "1700000000", "2026-03-01", "yesterday"])
    def test_since_must_be_a_date_time(self, api: TestClient, since: str) -> None:
        teacher = signed_in(api, "teacher")[1]
        response = api.get(f"{API}/teacher/summaries/", params={"since": since}, headers=teacher)
        assert response.status_code == 422, since
        assert_declared(api, "GET", f"{API}/teacher/summaries/", response)

    def test_a_date_time_since_is_taken(self, api: TestClient) -> None:
        teacher = signed_in(api, "teacher")[1]
        for since in ("2026-03-01T09:00:00Z", "2026-03-01T09:00:00+09:00", "2026-03-01T09:00:00"):
            response = api.get(
                f"{API}/teacher/summaries/", params={"since": since}, headers=teacher
            )
            assert response.status_code == 200, (since, response.text)

    @pytest.mark.parametrize("too_big", [MAX_ID + 1, 2**63, 2**64 + 1])
    def test_an_id_beyond_the_declared_bound_is_422(
        self, api: TestClient, student: Headers, too_big: int
    ) -> None:
        path = f"{API}/maice/sessions/{{session_id}}"
        response = api.get(path.format(session_id=too_big), headers=student)
        assert response.status_code == 422
        assert_declared(api, "GET", path, response)
        (parameter,) = api.app.openapi()["paths"][path]["get"]["parameters"]  # type: ignore[attr-defined]
        assert parameter["schema"]["maximum"] == MAX_ID
        assert isinstance(parameter["schema"]["maximum"], int)

    def test_the_largest_declared_id_is_a_404(self, api: TestClient, student: Headers) -> None:
        response = api.get(f"{API}/maice/sessions/{MAX_ID}", headers=student)
        assert response.status_code == 404

    def test_an_optional_query_parameter_is_not_nullable(self, api: TestClient) -> None:
        path = api.app.openapi()["paths"][f"{API}/teacher/sessions/"]["get"]  # type: ignore[attr-defined]
        (student_id,) = [p for p in path["parameters"] if p["name"] == "student_id"]
        schema = student_id["schema"]
        assert "anyOf" not in schema
        assert (schema["type"], schema["minimum"], schema["maximum"]) == ("integer", 1, MAX_ID)
        assert not student_id["required"]


class TestMediaTypes:
    def test_metrics_are_declared_and_served_as_text(self, api: TestClient) -> None:
        content = declared(api, "GET", f"{API}/metrics")["200"]["content"]
        assert list(content) == ["text/plain"]
        assert api.get(f"{API}/metrics").headers["content-type"].startswith("text/plain")

    @pytest.mark.parametrize(
        ("method", "path"),
        [("POST", "/maice/chat/streaming"), ("GET", "/maice/chat/jobs/{job_id}/events")],
    )
    def test_event_streams_are_declared_as_such(
        self, api: TestClient, method: str, path: str
    ) -> None:
        assert list(declared(api, method, f"{API}{path}")["200"]["content"]) == [
            "text/event-stream"
        ]


class TestUnavailable:
    def test_a_database_that_is_down_is_a_declared_503(self, clean_database: None) -> None:
        down = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none"
        with running(app_with(database_url=down), raise_server_exceptions=False) as client:
            response = client.post(f"{API}/auth/refresh", json={"refresh_token": "x"})
            assert response.status_code == 503
            assert_declared(client, "POST", f"{API}/auth/refresh", response)


def _operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    return [
        (method.upper(), path, spec)
        for path, methods in paths.items()
        for method, spec in methods.items()
    ]


def _id_schemas(client: TestClient) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, schema) of every integer id a route takes, in a path, a query or a body."""
    components = client.app.openapi()["components"]["schemas"]  # type: ignore[attr-defined]
    for method, path, spec in _operations(client):
        for parameter in spec.get("parameters", []):
            if parameter["in"] == "path" or parameter["name"].endswith("_id"):
                yield f"{method} {path} {parameter['name']}", parameter["schema"]
        for content in spec.get("requestBody", {}).get("content", {}).values():
            ref = content["schema"].get("$ref", "")
            body = components.get(ref.rsplit("/", 1)[-1], content["schema"])
            for name, field in body.get("properties", {}).items():
                if name == "id" or name.endswith("_id"):
                    yield f"{method} {path} body.{name}", field


class TestEveryRoute:
    """What holds for every route, the ones added later included."""

    def test_every_integer_id_is_bounded_as_the_database_is(self, api: TestClient) -> None:
        unbounded, ids = [], list(_id_schemas(api))
        assert len(ids) > 5, "found too few ids: this walk proves nothing"
        for where, schema in ids:
            options = [schema, *schema.get("anyOf", [])]
            for option in options:
                if option.get("type") == "integer" and option.get("maximum") != MAX_ID:
                    unbounded.append(where)
        assert not unbounded, f"use api.schemas.Id for these ids: {unbounded}"

    def test_every_date_time_in_a_query_is_strict(self, api: TestClient) -> None:
        admin = signed_in(api, "admin")[1]
        checked, lenient = 0, []
        for method, path, spec in _operations(api):
            for parameter in spec.get("parameters", []):
                if parameter["in"] != "query" or parameter["schema"].get("format") != "date-time":
                    continue
                url = re.sub(r"\{[^}]+\}", "1", path)
                response = api.request(
                    method, url, params={parameter["name"]: "0.5"}, headers=admin
                )
                checked += 1
                if response.status_code != 422:
                    lenient.append(f"{method} {path} {parameter['name']}: {response.status_code}")
        assert checked, "no route takes a date-time: this walk proves nothing"
        assert not lenient, f"use api.schemas.DateTimeParam for these: {lenient}"


class TestNewRoutes:
    """A route added later (another feature's router) is declared with no hand work."""

    def test_a_new_routers_errors_are_derived_from_what_it_uses(self) -> None:
        router = APIRouter(prefix="/extra", dependencies=[Depends(require_role("teacher"))])

        @router.get("/things/{thing_id}")
        def get_thing(thing_id: Id, user: CurrentUser, session: SessionDep) -> dict[str, int]:
            """A thing."""
            return {"id": thing_id}

        @router.post("/things/")
        def add_thing(body: dict[str, int], user: CurrentUser) -> dict[str, int]:
            """Add a thing."""
            return body

        @router.get("/open")
        def open_route() -> dict[str, str]:
            """Needs nothing."""
            return {}

        app = FastAPI()
        app.include_router(router)
        install_openapi(app)
        paths = app.openapi()["paths"]
        assert set(paths["/extra/things/{thing_id}"]["get"]["responses"]) == {
            "200",
            "401",
            "403",
            "404",
            "422",
            "503",
        }
        assert set(paths["/extra/things/"]["post"]["responses"]) == {
            "200",
            "400",
            "401",
            "403",
            "413",
            "422",
            "503",
        }
        # The router's role check applies to every route on it, the open one too.
        assert set(paths["/extra/open"]["get"]["responses"]) == {"200", "401", "403", "503"}
