"""Classrooms: teachers create them with a join code, students join with it.

The helpers here (classrooms, sessions, messages and summaries written directly)
are shared by the other teaching tests in this folder.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.classrooms import service as classroom_service_module
from api.classrooms.service import JOIN_CODE_ALPHABET
from models import ChatSession, LearningSummary, Message, User
from tests.factories import add_verdict, signed_in
from tests.integration.api.test_sessions import db

API = "/api/v1"
CLASSROOMS = f"{API}/teacher/classrooms/"
JOIN = f"{API}/student/classrooms/join"
Headers = dict[str, str]
_message_numbers = itertools.count(1)


def create_classroom(client: TestClient, teacher: Headers, name: str = "Math 1") -> dict[str, Any]:
    response = client.post(CLASSROOMS, json={"name": name}, headers=teacher)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def join(client: TestClient, student: Headers, join_code: str) -> dict[str, Any]:
    response = client.post(JOIN, json={"join_code": join_code}, headers=student)
    assert response.status_code == 200, response.text
    joined: dict[str, Any] = response.json()
    return joined


def teacher_with_students(
    client: TestClient, count: int, *, role: str = "teacher"
) -> tuple[User, Headers, list[tuple[User, Headers]]]:
    """A teacher with one classroom and ``count`` new students enrolled in it."""
    teacher, headers = signed_in(client, role)
    code = create_classroom(client, headers)["join_code"]
    students = [signed_in(client, "student") for _ in range(count)]
    for _, student_headers in students:
        join(client, student_headers, code)
    return teacher, headers, students


def add_session(client: TestClient, user: User, title: str = "Chat", **fields: Any) -> int:
    with db(client) as session:
        chat = ChatSession(user_id=user.id, title=title, status="active", **fields)
        session.add(chat)
        session.commit()
        return chat.id


def add_question(
    client: TestClient,
    session_id: int,
    *,
    knowledge_type: str | None = None,
    gate: str | None = None,
    kind: str = "question",
    created_at: datetime | None = None,
) -> int:
    """A user message (as the chat pipeline stores it once classified)."""
    number = next(_message_numbers)
    fields: dict[str, Any] = {"created_at": created_at} if created_at else {}
    with db(client) as session:
        message = Message(
            session_id=session_id,
            role="user",
            kind=kind,
            content=f"question {number}",
            job_id=f"job-{number}",
            **fields,
        )
        session.add(message)
        if knowledge_type and gate:
            add_verdict(session, message, knowledge_type=knowledge_type, gate=gate)
        session.commit()
        return message.id


def add_summary(
    client: TestClient,
    student: User,
    session_id: int,
    *,
    summary: str = "Worked on quadratics.",
    created_at: datetime | None = None,
) -> int:
    fields: dict[str, Any] = {"created_at": created_at} if created_at else {}
    span = next(_message_numbers)
    with db(client) as session:
        row = LearningSummary(
            student_id=student.id,
            session_id=session_id,
            summary=summary,
            key_concepts=["discriminant"],
            knowledge_types={"K1": 1, "K2": 0, "K3": 2, "K4": 0},
            first_message_id=span,
            last_message_id=span,
            **fields,
        )
        session.add(row)
        session.commit()
        return row.id


class TestCreateClassroom:
    def test_returns_an_unambiguous_join_code(self, client: TestClient) -> None:
        _, teacher = signed_in(client, "teacher")
        created = create_classroom(client, teacher, "Algebra 2-3")
        assert set(created) == {"id", "name", "join_code"}
        assert created["name"] == "Algebra 2-3"
        code = created["join_code"]
        assert 6 <= len(code) <= 8
        assert set(code) <= set(JOIN_CODE_ALPHABET)
        assert not set(code) & set("0O1I")

    def test_codes_differ_between_classrooms(self, client: TestClient) -> None:
        _, teacher = signed_in(client, "teacher")
        codes = {create_classroom(client, teacher, f"Class {n}")["join_code"] for n in range(5)}
        assert len(codes) == 5

    def test_a_taken_code_is_drawn_again(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _, teacher = signed_in(client, "teacher")
        taken = create_classroom(client, teacher, "First")["join_code"]
        draws = iter([taken, taken, "FRESH234"])
        monkeypatch.setattr(classroom_service_module, "new_join_code", lambda: next(draws))
        created = create_classroom(client, teacher, "Second")
        assert created["join_code"] == "FRESH234"
        assert created["name"] == "Second"

    @pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x" * 101}, {"name": "a", "x": 1}])
    def test_invalid_body_is_422(self, client: TestClient, body: dict[str, Any]) -> None:
        _, teacher = signed_in(client, "teacher")
        assert client.post(CLASSROOMS, json=body, headers=teacher).status_code == 422

    def test_students_may_not_create_classrooms(self, client: TestClient) -> None:
        _, student = signed_in(client, "student")
        response = client.post(CLASSROOMS, json={"name": "Mine"}, headers=student)
        assert response.status_code == 403
        assert response.json()["detail"]


class TestListClassrooms:
    def test_a_teacher_sees_only_their_own_with_student_counts(self, client: TestClient) -> None:
        teacher, headers, _ = teacher_with_students(client, 2)
        empty = create_classroom(client, headers, "Empty")
        _, other = signed_in(client, "teacher")
        create_classroom(client, other, "Not mine")

        listed = client.get(CLASSROOMS, headers=headers).json()
        assert [(c["name"], c["student_count"]) for c in listed] == [("Math 1", 2), ("Empty", 0)]
        assert all(c["teacher_id"] == teacher.id for c in listed)
        assert listed[1]["join_code"] == empty["join_code"]

    def test_an_admin_sees_every_classroom(self, client: TestClient) -> None:
        _, first = signed_in(client, "teacher")
        _, second = signed_in(client, "teacher")
        ids = {create_classroom(client, first)["id"], create_classroom(client, second)["id"]}
        _, admin = signed_in(client, "admin")
        assert {c["id"] for c in client.get(CLASSROOMS, headers=admin).json()} == ids

    def test_limit_and_offset_page_the_list(self, client: TestClient) -> None:
        _, teacher = signed_in(client, "teacher")
        names = [create_classroom(client, teacher, f"C{n}")["name"] for n in range(3)]
        page = client.get(CLASSROOMS, params={"limit": 2, "offset": 1}, headers=teacher).json()
        assert [c["name"] for c in page] == names[1:]
        for bad in ({"limit": 0}, {"limit": 201}, {"offset": -1}):
            assert client.get(CLASSROOMS, params=bad, headers=teacher).status_code == 422


class TestJoinClassroom:
    def test_join_returns_the_classroom_and_enrolls(self, client: TestClient) -> None:
        _, teacher = signed_in(client, "teacher")
        created = create_classroom(client, teacher, "Geometry")
        student, headers = signed_in(client, "student")
        assert join(client, headers, created["join_code"]) == created
        students = client.get(f"{API}/teacher/students/", headers=teacher).json()
        assert [s["id"] for s in students] == [student.id]

    def test_joining_twice_is_fine_and_enrolls_once(self, client: TestClient) -> None:
        _, teacher = signed_in(client, "teacher")
        created = create_classroom(client, teacher)
        _, student = signed_in(client, "student")
        join(client, student, created["join_code"])
        join(client, student, created["join_code"])
        listed = client.get(CLASSROOMS, headers=teacher).json()
        assert listed[0]["student_count"] == 1
        assert len(client.get(f"{API}/teacher/students/", headers=teacher).json()) == 1

    def test_the_code_is_case_insensitive_and_trimmed(self, client: TestClient) -> None:
        _, teacher = signed_in(client, "teacher")
        created = create_classroom(client, teacher)
        _, student = signed_in(client, "student")
        assert join(client, student, f"  {created['join_code'].lower()} ")["id"] == created["id"]

    @pytest.mark.parametrize("code", ["ZZZZZZZZ", "nope", "x" * 32])
    def test_an_unknown_code_is_404(self, client: TestClient, code: str) -> None:
        _, teacher = signed_in(client, "teacher")
        create_classroom(client, teacher)
        _, student = signed_in(client, "student")
        response = client.post(JOIN, json={"join_code": code}, headers=student)
        assert response.status_code == 404
        assert "join code" in response.json()["detail"]

    @pytest.mark.parametrize("body", [{}, {"join_code": ""}, {"join_code": "x" * 33}])
    def test_invalid_body_is_422(self, client: TestClient, body: dict[str, Any]) -> None:
        _, student = signed_in(client, "student")
        assert client.post(JOIN, json=body, headers=student).status_code == 422

    @pytest.mark.parametrize("role", ["teacher", "admin"])
    def test_only_students_join(self, client: TestClient, role: str) -> None:
        _, teacher = signed_in(client, "teacher")
        code = create_classroom(client, teacher)["join_code"]
        _, headers = signed_in(client, role)
        assert client.post(JOIN, json={"join_code": code}, headers=headers).status_code == 403

    def test_a_student_in_two_classrooms_is_seen_by_both_teachers(self, client: TestClient) -> None:
        _, first = signed_in(client, "teacher")
        _, second = signed_in(client, "teacher")
        student, headers = signed_in(client, "student")
        join(client, headers, create_classroom(client, first)["join_code"])
        join(client, headers, create_classroom(client, second)["join_code"])
        for teacher in (first, second):
            listed = client.get(f"{API}/teacher/students/", headers=teacher).json()
            assert [s["id"] for s in listed] == [student.id]
