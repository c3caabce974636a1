"""Every route that takes an id, walked from the OpenAPI schema, against objects of others.

A student must never reach another student's objects, a teacher never a student
outside their classrooms, and a role may never use another role's routes. Ids
come from path, query and body parameters; a route with an id this test cannot
fill fails it, so a new route cannot slip past without its check.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from core.rubric import get_rubric
from models import Evaluation, Feedback
from tests.support.factories import (
    add_question,
    add_session,
    add_summary,
    create_classroom,
    db,
    join,
    signed_in,
)

ROLES = frozenset({"student", "teacher", "admin"})
# Routes only an admin may use; the walk proves each really refuses everyone else.
KNOWN_ADMIN_ROUTES = {
    ("GET", "/api/v1/users/"),
    ("POST", "/api/v1/users/"),
    ("DELETE", "/api/v1/users/{user_id}"),
}
_numbers = itertools.count(1)
# Required body fields that are not ids: a valid value each.
FIELD_VALUES: dict[str, Callable[[], Any]] = {
    "name": lambda: "Matrix",
    "title": lambda: "Matrix",
    "content": lambda: "Matrix feedback",
    "question": lambda: "What is 2+2?",
    "join_code": lambda: "ABCDEFGH",
    "email": lambda: f"matrix{next(_numbers)}@example.com",
    "password": lambda: "long-enough-password",
    "role": lambda: "student",
    "elements": lambda: dict.fromkeys(get_rubric().element_codes, 0),
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]
    roles: frozenset[str]

    @property
    def streams(self) -> bool:
        return "text/event-stream" in self.spec["responses"].get("200", {}).get("content", {})

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _required_roles(dependant: Dependant) -> frozenset[str]:
    """The roles let through by every ``require_role`` check in the dependency tree."""
    allowed = ROLES
    for dependency in dependant.dependencies:
        call = dependency.call
        if call is not None and getattr(call, "__qualname__", "").startswith("require_role."):
            allowed &= frozenset(inspect.getclosurevars(call).nonlocals["roles"])
        allowed &= _required_roles(dependency)
    return allowed


def operations(app: FastAPI) -> list[Operation]:
    # Routers are included lazily (no flat list of APIRoutes); walk their contexts.
    roles = {
        (method, context.path_format): _required_roles(context.dependant)
        for context in iter_route_contexts(app.routes)
        if getattr(context, "dependant", None) is not None
        for method in context.methods or ()
    }
    return [
        Operation(method.upper(), path, spec, roles[(method.upper(), path)])
        for path, methods in app.openapi()["paths"].items()
        for method, spec in methods.items()
    ]


def _schema(app: FastAPI, schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        resolved: dict[str, Any] = app.openapi()["components"]["schemas"][
            schema["$ref"].rsplit("/", 1)[-1]
        ]
        return resolved
    return schema


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith("_id")


def id_parameters(app: FastAPI, operation: Operation) -> dict[str, list[str]]:
    """Where the operation takes ids: {"path": [...], "query": [...], "body": [...]}.

    Every path parameter counts, whatever its name: a path always names an object.
    """
    found: dict[str, list[str]] = {"path": [], "query": [], "body": []}
    for parameter in operation.spec.get("parameters", []):
        where, name = parameter["in"], parameter["name"]
        if where == "path" or (where == "query" and _is_id(name)):
            found[where].append(name)
    for name in _body_schema(app, operation).get("properties", {}):
        if _is_id(name):
            found["body"].append(name)
    return found


def _body_schema(app: FastAPI, operation: Operation) -> dict[str, Any]:
    content = operation.spec.get("requestBody", {}).get("content", {})
    if not content:
        return {}
    assert "application/json" in content, f"{operation}: a body this test cannot build"
    return _schema(app, content["application/json"]["schema"])


def _value_for(name: str, schema: dict[str, Any], operation: Operation) -> Any:
    if name in FIELD_VALUES:
        return FIELD_VALUES[name]()
    kinds = [schema.get("type")] + [option.get("type") for option in schema.get("anyOf", [])]
    for kind, value in (("string", "x"), ("integer", 1), ("boolean", False)):
        if kind in kinds:
            return value
    raise AssertionError(f"{operation}: no value for the required body field {name!r}")


def request_for(
    app: FastAPI, operation: Operation, ids: dict[str, int | str]
) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """URL, query and body for the operation, every id taken from ``ids``."""
    found = id_parameters(app, operation)
    unknown = [name for names in found.values() for name in names if name not in ids]
    assert not unknown, f"{operation}: add {unknown} to the id map of this test"
    url = operation.path.format(**{name: ids[name] for name in found["path"]})
    query = {name: ids[name] for name in found["query"]}
    schema = _body_schema(app, operation)
    if not schema:
        return url, query, None
    properties = schema.get("properties", {})
    body = {name: ids[name] for name in found["body"]}
    for name in schema.get("required", []):
        if name not in body:
            body[name] = _value_for(name, properties[name], operation)
    return url, query, body


@dataclass
class World:
    """Teacher T teaches student A; teacher T2 teaches student B. Each has one of everything."""

    teacher: dict[str, str]
    student: dict[str, str]
    admin: dict[str, str]
    a_ids: dict[str, int | str]
    b_ids: dict[str, int | str]


def _objects_of(client: TestClient, role_headers: tuple[Any, dict[str, str]]) -> dict[str, Any]:
    """A teacher with a classroom and a student in it who has a session, a question,
    a summary, teacher feedback, a real (queued, never answered) job, and a second
    session the teacher scored with the rubric."""
    teacher, teacher_headers = signed_in(client, "teacher")
    classroom = create_classroom(client, teacher_headers)
    student, headers = role_headers
    join(client, headers, classroom["join_code"])
    chat = add_session(client, student)
    message = add_question(client, chat, knowledge_type="K1", gate="answerable")
    summary = add_summary(client, student, chat)
    with db(client) as session:
        feedback = Feedback(session_id=chat, teacher_id=teacher.id, content="Well done")
        session.add(feedback)
        zeros = dict.fromkeys(get_rubric().element_codes, 0)
        evaluation = Evaluation(
            session_id=add_session(client, student, "Scored"),
            evaluator="teacher",
            teacher_id=teacher.id,
            elements=zeros,
            scores={},
            total=0.0,
        )
        session.add(evaluation)
        session.commit()
    job = client.post("/api/v1/student/questions/", json={"question": "1+1?"}, headers=headers)
    assert job.status_code == 202, job.text
    return {
        "teacher_headers": teacher_headers,
        "ids": {
            "user_id": student.id,
            "student_id": student.id,
            "session_id": chat,
            "message_id": message,
            "summary_id": summary,
            "feedback_id": feedback.id,
            "classroom_id": classroom["id"],
            "job_id": job.json()["job_id"],
            "evaluation_id": evaluation.id,
            # Not ids, but path parameters the walk must fill: one export of each world.
            "dataset": "messages",
            "file_format": "csv",
        },
    }


@pytest.fixture
def world(client: TestClient) -> World:
    student_a = signed_in(client, "student")
    a = _objects_of(client, student_a)
    b = _objects_of(client, signed_in(client, "student"))
    return World(
        teacher=a["teacher_headers"],
        student=student_a[1],
        admin=signed_in(client, "admin")[1],
        a_ids=a["ids"],
        b_ids=b["ids"],
    )


def call(
    client: TestClient,
    operation: Operation,
    headers: dict[str, str],
    ids: dict[str, int | str],
) -> int:
    url, query, body = request_for(client.app, operation, ids)  # type: ignore[arg-type]
    response = client.request(operation.method, url, params=query, json=body, headers=headers)
    return response.status_code


def id_operations(client: TestClient) -> list[Operation]:
    app: FastAPI = client.app  # type: ignore[assignment]
    found = [op for op in operations(app) if any(id_parameters(app, op).values())]
    assert found, "no route takes an id: the walk would prove nothing"
    return found


# CONTRACT.md: "a non-admin may change only their own name/password (403 otherwise)";
# the 403 comes for any id but one's own, so it reveals nothing.
NON_ADMIN_REFUSALS = {("PUT", "/api/v1/users/{user_id}"): 403}


def expected_refusal(operation: Operation, role: str) -> int:
    if role != "admin" and (operation.method, operation.path) in NON_ADMIN_REFUSALS:
        return NON_ADMIN_REFUSALS[(operation.method, operation.path)]
    return 404 if role in operation.roles else 403


class TestObjectsOfOthers:
    @pytest.mark.parametrize("actor", ["student", "teacher"])
    def test_every_id_route_refuses_another_students_objects(
        self, client: TestClient, world: World, actor: str
    ) -> None:
        headers = world.student if actor == "student" else world.teacher
        wrong = []
        for operation in id_operations(client):
            status = call(client, operation, headers, world.b_ids)
            if status != expected_refusal(operation, actor):
                wrong.append(f"{operation}: {status}")
        assert not wrong, f"{actor} reached student B's objects or got the wrong refusal: {wrong}"

    def test_the_same_routes_answer_for_ones_own_objects(
        self, client: TestClient, world: World
    ) -> None:
        """Proves the refusals above are about ownership, not broken routes."""
        wrong = []
        for operation in id_operations(client):
            if operation.method != "GET" or operation.streams:
                continue  # a stream of an unanswered job never ends
            as_teacher = operation.path.startswith("/api/v1/teacher/")
            who = [(world.teacher, world.a_ids), (world.admin, world.b_ids)]
            for headers, ids in who if as_teacher else [(world.student, world.a_ids)]:
                status = call(client, operation, headers, ids)
                if status != 200:
                    wrong.append(f"{operation}: {status}")
        assert not wrong, wrong


class TestRoleRoutes:
    def test_route_roles_follow_their_prefix(self, client: TestClient) -> None:
        all_operations = operations(client.app)  # type: ignore[arg-type]
        by_key = {(op.method, op.path): op for op in all_operations}
        assert set(by_key) >= KNOWN_ADMIN_ROUTES
        for key in KNOWN_ADMIN_ROUTES:
            assert by_key[key].roles == {"admin"}, key
        for operation in all_operations:
            if operation.path.startswith("/api/v1/teacher/"):
                assert operation.roles == {"teacher", "admin"}, str(operation)
            if operation.path.startswith("/api/v1/student/"):
                assert operation.roles == {"student"}, str(operation)

    @pytest.mark.parametrize("actor", ["student", "teacher"])
    def test_other_roles_routes_are_403_even_for_own_objects(
        self, client: TestClient, world: World, actor: str
    ) -> None:
        headers = world.student if actor == "student" else world.teacher
        walked, wrong = 0, []
        for operation in operations(client.app):  # type: ignore[arg-type]
            if actor in operation.roles:
                continue
            walked += 1
            status = call(client, operation, headers, world.a_ids)
            if status != 403:
                wrong.append(f"{operation}: {status}")
        assert walked >= (8 if actor == "student" else 5)
        assert not wrong, f"{actor} was not refused: {wrong}"
