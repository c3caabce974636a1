"""Teacher routes: scoped to the teacher's classrooms (an admin sees everyone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support.factories import (
    add_question,
    add_session,
    add_summary,
    create_classroom,
    join,
    on_day,
    signed_in,
    teacher_with_students,
)
from tests.support.shapes import SESSION_FIELDS, SUMMARY_FIELDS

TEACHER = "/api/v1/teacher"
MY_SESSIONS = "/api/v1/maice/sessions/"
FEEDBACK_FIELDS = {"id", "teacher_id", "message_id", "content", "created_at"}


def get(client: TestClient, path: str, headers: dict[str, str], **params: Any) -> Any:
    response = client.get(f"{TEACHER}{path}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


class TestScoping:
    def test_teachers_see_only_their_own_students_both_ways(self, client: TestClient) -> None:
        _, a, a_students = teacher_with_students(client, 2)
        _, b, [(b_student, b_headers)] = teacher_with_students(client, 1)
        a_sessions = {add_session(client, s): s for s, _ in a_students}
        b_session = add_session(client, b_student)
        a_summaries = {add_summary(client, s, c) for c, s in a_sessions.items()}
        b_summary = add_summary(client, b_student, b_session)

        assert {s["id"] for s in get(client, "/students/", a)} == {s.id for s, _ in a_students}
        assert [s["id"] for s in get(client, "/students/", b)] == [b_student.id]
        assert {s["id"] for s in get(client, "/sessions/", a)} == set(a_sessions)
        assert [s["id"] for s in get(client, "/sessions/", b)] == [b_session]
        assert {s["id"] for s in get(client, "/summaries/", a)} == a_summaries
        assert [s["id"] for s in get(client, "/summaries/", b)] == [b_summary]

        # Another teacher's student, session or summary is 404 for A, like a missing one.
        for path, params in [
            (f"/sessions/{b_session}", {}),
            ("/sessions/", {"student_id": b_student.id}),
            ("/summaries/", {"student_id": b_student.id}),
        ]:
            response = client.get(f"{TEACHER}{path}", params=params, headers=a)
            assert response.status_code == 404, path
            assert response.json()["detail"]
        feedback = {"session_id": b_session, "content": "Nice"}
        assert client.post(f"{TEACHER}/feedback/", json=feedback, headers=a).status_code == 404
        assert client.get(f"/api/v1/users/{b_student.id}", headers=a).status_code == 404

        # B's student sees nothing of A's students, nor anything under /teacher.
        a_session = next(iter(a_sessions))
        assert client.get(f"{MY_SESSIONS}{a_session}", headers=b_headers).status_code == 404
        assert client.get(f"{TEACHER}/sessions/{a_session}", headers=b_headers).status_code == 403
        assert client.get(f"{TEACHER}/students/", headers=b_headers).status_code == 403

    def test_an_admin_sees_every_student_session_and_summary(self, client: TestClient) -> None:
        _, _, [(first, _)] = teacher_with_students(client, 1)
        unenrolled, _ = signed_in(client, "student")
        sessions = {add_session(client, first), add_session(client, unenrolled)}
        summary = add_summary(client, unenrolled, max(sessions))
        _, admin = signed_in(client, "admin")

        assert {s["id"] for s in get(client, "/students/", admin)} == {first.id, unenrolled.id}
        assert {s["id"] for s in get(client, "/sessions/", admin)} == sessions
        assert get(client, f"/sessions/{max(sessions)}", admin)["id"] == max(sessions)
        summaries = get(client, "/summaries/", admin, student_id=unenrolled.id)
        assert [s["id"] for s in summaries] == [summary]
        assert get(client, "/dashboard", admin)["students_count"] == 2
        missing = client.get(f"{TEACHER}/sessions/", params={"student_id": 10**9}, headers=admin)
        assert missing.status_code == 404
        # Only admins see everyone: a teacher without classrooms sees nobody.
        _, teacher = signed_in(client, "teacher")
        assert get(client, "/students/", teacher) == []
        assert get(client, "/sessions/", teacher) == []

    def test_a_student_in_two_of_a_teachers_classrooms_counts_once(
        self, client: TestClient
    ) -> None:
        _, teacher = signed_in(client, "teacher")
        student, headers = signed_in(client, "student")
        for name in ("Period 1", "Period 2"):
            join(client, headers, create_classroom(client, teacher, name)["join_code"])
        add_session(client, student)
        assert [s["id"] for s in get(client, "/students/", teacher)] == [student.id]
        assert len(get(client, "/sessions/", teacher)) == 1
        assert get(client, "/dashboard", teacher)["students_count"] == 1


class TestStudents:
    def test_counts_and_last_activity(self, client: TestClient) -> None:
        _, teacher, [(busy, _), (idle, _)] = teacher_with_students(client, 2)
        first, second = add_session(client, busy), add_session(client, busy)
        add_question(client, first, created_at=on_day(2))
        add_question(client, second, created_at=on_day(1))
        last = on_day(1, hour=13)
        add_question(client, second, kind="clarification_answer", created_at=last)

        students = {s["id"]: s for s in get(client, "/students/", teacher)}
        assert set(students[busy.id]) == {
            "id",
            "name",
            "email",
            "sessions_count",
            "questions_count",
            "last_active_at",
        }
        assert (students[busy.id]["name"], students[busy.id]["email"]) == (busy.name, busy.email)
        assert students[busy.id]["sessions_count"] == 2
        assert students[busy.id]["questions_count"] == 2
        assert datetime.fromisoformat(students[busy.id]["last_active_at"]) == last
        assert students[idle.id]["sessions_count"] == 0
        assert students[idle.id]["last_active_at"] is None

    def test_limit_and_offset(self, client: TestClient) -> None:
        _, teacher, students = teacher_with_students(client, 3)
        everyone = [s["id"] for s in get(client, "/students/", teacher)]
        assert sorted(everyone) == sorted(student.id for student, _ in students)
        assert [s["id"] for s in get(client, "/students/", teacher, limit=1, offset=1)] == [
            everyone[1]
        ]
        response = client.get(f"{TEACHER}/students/", params={"limit": 201}, headers=teacher)
        assert response.status_code == 422


class TestSessions:
    def test_list_has_the_student_and_the_sessions_list_shape(self, client: TestClient) -> None:
        _, teacher, [(first, _), (second, _)] = teacher_with_students(client, 2)
        older = add_session(client, first, updated_at=datetime.now(UTC) - timedelta(hours=1))
        newer = add_session(client, second)
        add_question(client, older)

        listed = get(client, "/sessions/", teacher)
        assert [(s["id"], s["student_id"]) for s in listed] == [
            (newer, second.id),
            (older, first.id),
        ]
        assert all(set(s) == SESSION_FIELDS | {"student_id"} for s in listed)
        assert listed[1]["message_count"] == 1
        only_first = get(client, "/sessions/", teacher, student_id=first.id)
        assert [s["id"] for s in only_first] == [older]

    def test_detail_is_what_the_student_sees(self, client: TestClient) -> None:
        _, teacher, [(student, headers)] = teacher_with_students(client, 1)
        chat = add_session(client, student)
        add_question(client, chat, knowledge_type="K2", gate="answerable")
        add_summary(client, student, chat)
        client.post(
            f"{TEACHER}/feedback/", json={"session_id": chat, "content": "Good"}, headers=teacher
        )

        seen = get(client, f"/sessions/{chat}", teacher)
        assert seen == client.get(f"{MY_SESSIONS}{chat}", headers=headers).json()
        assert len(seen["messages"]) == 1
        assert seen["summary"] is not None
        assert [f["content"] for f in seen["feedback"]] == ["Good"]

    def test_missing_session_is_404(self, client: TestClient) -> None:
        _, teacher = signed_in(client, "teacher")
        assert client.get(f"{TEACHER}/sessions/987654", headers=teacher).status_code == 404


class TestFeedback:
    def test_feedback_reaches_the_right_student_only(self, client: TestClient) -> None:
        teacher, headers, [(student, mine), (classmate, theirs)] = teacher_with_students(client, 2)
        chat = add_session(client, student)
        message = add_question(client, chat)
        classmate_chat = add_session(client, classmate)

        body = {"session_id": chat, "message_id": message, "content": "Check the sign in step 2."}
        response = client.post(f"{TEACHER}/feedback/", json=body, headers=headers)
        assert response.status_code == 201, response.text
        created = response.json()
        assert set(created) == FEEDBACK_FIELDS
        assert (created["teacher_id"], created["message_id"]) == (teacher.id, message)
        assert created["content"] == "Check the sign in step 2."

        assert client.get(f"{MY_SESSIONS}{chat}", headers=mine).json()["feedback"] == [created]
        assert client.get(f"{MY_SESSIONS}{chat}", headers=theirs).status_code == 404
        own = client.get(f"{MY_SESSIONS}{classmate_chat}", headers=theirs).json()
        assert own["feedback"] == []

    def test_on_the_whole_session(self, client: TestClient) -> None:
        _, headers, [(student, mine)] = teacher_with_students(client, 1)
        chat = add_session(client, student)
        body = {"session_id": chat, "content": "Well done."}
        created = client.post(f"{TEACHER}/feedback/", json=body, headers=headers).json()
        assert created["message_id"] is None
        assert client.get(f"{MY_SESSIONS}{chat}", headers=mine).json()["feedback"] == [created]

    def test_a_message_of_another_session_is_404(self, client: TestClient) -> None:
        _, headers, [(student, mine)] = teacher_with_students(client, 1)
        chat, other_chat = add_session(client, student), add_session(client, student)
        elsewhere = add_question(client, other_chat)
        for message_id in (elsewhere, 987654):
            body = {"session_id": chat, "message_id": message_id, "content": "Hm"}
            response = client.post(f"{TEACHER}/feedback/", json=body, headers=headers)
            assert response.status_code == 404
            assert "Message" in response.json()["detail"]
        assert client.get(f"{MY_SESSIONS}{chat}", headers=mine).json()["feedback"] == []

    @pytest.mark.parametrize(
        "changes",
        [{"content": ""}, {"content": "x" * 4001}, {"session_id": 0}, {"extra": 1}],
    )
    def test_invalid_body_is_422(self, client: TestClient, changes: dict[str, Any]) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        body = {"session_id": add_session(client, student), "content": "ok"} | changes
        response = client.post(f"{TEACHER}/feedback/", json=body, headers=headers)
        assert response.status_code == 422

    def test_the_longest_content_is_accepted(self, client: TestClient) -> None:
        _, headers, [(student, _)] = teacher_with_students(client, 1)
        body = {"session_id": add_session(client, student), "content": "x" * 4000}
        assert client.post(f"{TEACHER}/feedback/", json=body, headers=headers).status_code == 201


class TestSummaries:
    def test_newest_first_filtered_by_student_and_since(self, client: TestClient) -> None:
        _, teacher, [(first, _), (second, _)] = teacher_with_students(client, 2)
        chat = add_session(client, first)
        old = add_summary(client, first, chat, created_at=on_day(5))
        recent = add_summary(client, first, chat, created_at=on_day(1))
        middle = add_summary(client, second, add_session(client, second), created_at=on_day(3))

        listed = get(client, "/summaries/", teacher)
        assert [s["id"] for s in listed] == [recent, middle, old]
        assert all(set(s) == SUMMARY_FIELDS for s in listed)
        assert [s["id"] for s in get(client, "/summaries/", teacher, student_id=first.id)] == [
            recent,
            old,
        ]
        since = on_day(4).isoformat()
        assert [s["id"] for s in get(client, "/summaries/", teacher, since=since)] == [
            recent,
            middle,
        ]
        naive = on_day(2).replace(tzinfo=None).isoformat()
        assert [s["id"] for s in get(client, "/summaries/", teacher, since=naive)] == [recent]
        assert [s["id"] for s in get(client, "/summaries/", teacher, limit=1, offset=1)] == [middle]
        bad = client.get(f"{TEACHER}/summaries/", params={"since": "yesterday"}, headers=teacher)
        assert bad.status_code == 422


class TestDashboard:
    def test_numbers_match_the_hand_made_data(self, client: TestClient) -> None:
        _, teacher, [(first, _), (second, _)] = teacher_with_students(client, 2)
        outsider, _ = signed_in(client, "student")
        a, b = add_session(client, first), add_session(client, second)
        add_question(client, a, knowledge_type="K1", gate="answerable")
        add_question(client, a, knowledge_type="K4", gate="unanswerable")
        add_question(client, b, knowledge_type="K4", gate="needs_clarification")
        add_question(client, b, kind="clarification_answer", knowledge_type="K4", gate="answerable")
        add_question(client, b, knowledge_type="K2", gate="answerable", created_at=on_day(1))
        add_question(client, add_session(client, outsider), knowledge_type="K3", gate="answerable")
        summaries = [add_summary(client, first, a, created_at=on_day(n)) for n in range(1, 8)]
        add_summary(client, outsider, add_session(client, outsider))

        dashboard = get(client, "/dashboard", teacher)
        assert set(dashboard) == {
            "students_count",
            "questions_today",
            "knowledge_types",
            "gates",
            "ratings",
            "recent_summaries",
            "recent_digests",
        }
        assert dashboard["students_count"] == 2
        assert dashboard["questions_today"] == 3
        assert dashboard["knowledge_types"] == {"K1": 1, "K2": 1, "K3": 0, "K4": 2}
        assert dashboard["gates"] == {
            "answerable": 2,
            "needs_clarification": 1,
            "unanswerable": 1,
        }
        assert [s["id"] for s in dashboard["recent_summaries"]] == summaries[:5]

    def test_an_empty_classroom_has_zeros(self, client: TestClient) -> None:
        _, teacher = signed_in(client, "teacher")
        assert get(client, "/dashboard", teacher) == {
            "students_count": 0,
            "questions_today": 0,
            "knowledge_types": {"K1": 0, "K2": 0, "K3": 0, "K4": 0},
            "gates": {"answerable": 0, "needs_clarification": 0, "unanswerable": 0},
            "ratings": {"helpful": 0, "not_helpful": 0},
            "recent_summaries": [],
            "recent_digests": [],
        }
