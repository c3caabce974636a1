"""A teacher's scope holds only users whose role is student: a teacher or admin who sits
in a classroom (joined as a student, promoted later) is neither listed nor readable."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from models import ChatSession, Classroom, Enrollment, LearningSummary, User
from tests.support.factories import auth_headers, create_user

TEACHER = "/api/v1/teacher"


@dataclass
class StaffedClassroom:
    teacher_headers: dict[str, str]
    student: User
    staff: list[User]  # enrolled, but a teacher and an admin now
    staff_sessions: list[int]


@pytest.fixture
def classroom(client: TestClient) -> StaffedClassroom:
    teacher, student = create_user("teacher"), create_user()
    admin = create_user("admin")
    joined = [student, create_user(), create_user()]
    sessions = []
    state = client.app.state.maice  # type: ignore[attr-defined]
    with state.database.session() as session:
        room = Classroom(teacher_id=teacher.id, name="2-1", join_code=f"S{teacher.id:07d}")
        session.add(room)
        session.flush()
        for member in joined:
            session.add(Enrollment(classroom_id=room.id, student_id=member.id))
            chat = ChatSession(user_id=member.id, title=f"{member.name}'s work")
            session.add(chat)
            session.flush()
            sessions.append(chat.id)
            session.add(
                LearningSummary(
                    student_id=member.id,
                    session_id=chat.id,
                    summary=f"summary of {member.name}",
                    key_concepts=[],
                    knowledge_types={},
                    first_message_id=1,
                    last_message_id=1,
                )
            )
        session.commit()
    admin_headers = auth_headers(client, admin)
    for member, role in zip(joined[1:], ("teacher", "admin"), strict=True):
        promoted = client.put(
            f"/api/v1/users/{member.id}", json={"role": role}, headers=admin_headers
        )
        assert promoted.status_code == 200, promoted.text
    return StaffedClassroom(auth_headers(client, teacher), student, joined[1:], sessions[1:])


class TestTeacherScope:
    def test_the_students_list_and_dashboard_count_only_students(
        self, client: TestClient, classroom: StaffedClassroom
    ) -> None:
        students = client.get(f"{TEACHER}/students/", headers=classroom.teacher_headers)
        assert [row["id"] for row in students.json()] == [classroom.student.id]
        dashboard = client.get(f"{TEACHER}/dashboard", headers=classroom.teacher_headers)
        assert dashboard.json()["students_count"] == 1
        rooms = client.get(f"{TEACHER}/classrooms/", headers=classroom.teacher_headers)
        assert [room["student_count"] for room in rooms.json()] == [1]

    def test_staff_sessions_and_summaries_are_not_listed(
        self, client: TestClient, classroom: StaffedClassroom
    ) -> None:
        sessions = client.get(f"{TEACHER}/sessions/", headers=classroom.teacher_headers)
        assert {row["student_id"] for row in sessions.json()} == {classroom.student.id}
        summaries = client.get(f"{TEACHER}/summaries/", headers=classroom.teacher_headers)
        assert {row["student_id"] for row in summaries.json()} == {classroom.student.id}

    def test_staff_are_not_readable_through_the_teacher(
        self, client: TestClient, classroom: StaffedClassroom
    ) -> None:
        headers = classroom.teacher_headers
        for member, session_id in zip(classroom.staff, classroom.staff_sessions, strict=True):
            assert client.get(f"/api/v1/users/{member.id}", headers=headers).status_code == 404
            by_student = client.get(f"{TEACHER}/sessions/?student_id={member.id}", headers=headers)
            assert by_student.status_code == 404
            summaries = client.get(f"{TEACHER}/summaries/?student_id={member.id}", headers=headers)
            assert summaries.status_code == 404
            assert (
                client.get(f"{TEACHER}/sessions/{session_id}", headers=headers).status_code == 404
            )
            feedback = client.post(
                f"{TEACHER}/feedback/",
                json={"session_id": session_id, "content": "hi"},
                headers=headers,
            )
            assert feedback.status_code == 404
        own = client.get(f"/api/v1/users/{classroom.student.id}", headers=headers)
        assert own.status_code == 200
