"""Classrooms: teachers create them with a join code, students join with it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.classrooms import service as classroom_service_module
from api.classrooms.service import JOIN_CODE_ALPHABET
from tests.support.factories import (
    CLASSROOMS,
    JOIN,
    create_classroom,
    join,
    signed_in,
    teacher_with_students,
)

API = "/api/v1"


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
