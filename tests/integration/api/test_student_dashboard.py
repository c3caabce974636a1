"""The student's dashboard and progress, against hand-made messages and summaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models import User
from tests.support.factories import (
    add_messages,
    add_question,
    add_session,
    add_summary,
    answer,
    on_day,
    signed_in,
    today,
)
from tests.support.shapes import SESSION_FIELDS, SUMMARY_FIELDS

DASHBOARD = "/api/v1/student/dashboard"
PROGRESS = "/api/v1/student/progress/"


def hand_made_questions(client: TestClient, student: User) -> None:
    """Six questions over five days, plus messages that are not questions."""
    first = add_session(client, student, "Quadratics")
    second = add_session(client, student, "Geometry")
    add_question(client, first, knowledge_type="K1", gate="answerable", created_at=on_day(0, 0))
    add_question(client, first, knowledge_type="K3", gate="answerable", created_at=on_day(0, 0))
    add_question(
        client, first, knowledge_type="K3", gate="needs_clarification", created_at=on_day(1)
    )
    # Completes the clarified question: not a new question.
    add_question(
        client,
        first,
        kind="clarification_answer",
        knowledge_type="K3",
        gate="answerable",
        created_at=on_day(0, 0),
    )
    add_question(client, first, created_at=on_day(3))  # not classified yet
    add_question(client, second, knowledge_type="K2", gate="unanswerable", created_at=on_day(2))
    add_question(client, second, knowledge_type="K4", gate="answerable", created_at=on_day(40))
    add_messages(client, first, answer("x = 2", knowledge_type="K3", gate="answerable"))


class TestStudentDashboard:
    def test_counts_match_the_hand_made_questions(self, client: TestClient) -> None:
        student, headers = signed_in(client, "student")
        hand_made_questions(client, student)
        other, _ = signed_in(client, "student")
        add_question(client, add_session(client, other), knowledge_type="K1", gate="answerable")

        response = client.get(DASHBOARD, headers=headers)
        assert response.status_code == 200, response.text
        dashboard = response.json()
        assert set(dashboard) == {
            "sessions_count",
            "questions_count",
            "recent_sessions",
            "knowledge_types",
            "latest_summary",
        }
        assert dashboard["sessions_count"] == 2
        assert dashboard["questions_count"] == 6
        assert dashboard["knowledge_types"] == {"K1": 1, "K2": 1, "K3": 2, "K4": 1}
        assert dashboard["latest_summary"] is None

    def test_recent_sessions_are_the_five_newest_in_the_sessions_list_shape(
        self, client: TestClient
    ) -> None:
        student, headers = signed_in(client, "student")
        base = datetime.now(UTC) - timedelta(days=1)
        ids = [
            add_session(client, student, f"S{n}", updated_at=base + timedelta(minutes=n))
            for n in range(7)
        ]
        add_question(client, ids[6])
        add_question(client, ids[6], kind="clarification_answer")

        dashboard = client.get(DASHBOARD, headers=headers).json()
        recent = dashboard["recent_sessions"]
        assert [s["id"] for s in recent] == ids[:1:-1]
        assert all(set(s) == SESSION_FIELDS for s in recent)
        assert recent[0]["message_count"] == 2
        assert dashboard["sessions_count"] == 7
        listed = client.get("/api/v1/maice/sessions/", headers=headers).json()
        assert recent == listed[:5]

    def test_latest_summary_is_the_students_newest(self, client: TestClient) -> None:
        student, headers = signed_in(client, "student")
        chat = add_session(client, student)
        add_summary(client, student, chat, summary="older", created_at=on_day(2))
        newest = add_summary(client, student, chat, summary="newer", created_at=on_day(1))
        add_summary(client, student, chat, summary="oldest", created_at=on_day(5))
        other, _ = signed_in(client, "student")
        add_summary(client, other, add_session(client, other), summary="someone else's")

        latest = client.get(DASHBOARD, headers=headers).json()["latest_summary"]
        assert set(latest) == SUMMARY_FIELDS
        assert (latest["id"], latest["summary"]) == (newest, "newer")
        assert latest["student_id"] == student.id
        assert latest["key_concepts"] == ["discriminant"]
        assert latest["knowledge_types"] == {"K1": 1, "K2": 0, "K3": 2, "K4": 0}

    def test_a_new_student_sees_zeros(self, client: TestClient) -> None:
        _, headers = signed_in(client, "student")
        assert client.get(DASHBOARD, headers=headers).json() == {
            "sessions_count": 0,
            "questions_count": 0,
            "recent_sessions": [],
            "knowledge_types": {"K1": 0, "K2": 0, "K3": 0, "K4": 0},
            "latest_summary": None,
        }

    @pytest.mark.parametrize("role", ["teacher", "admin"])
    def test_only_students_have_a_student_dashboard(self, client: TestClient, role: str) -> None:
        _, headers = signed_in(client, role)
        assert client.get(DASHBOARD, headers=headers).status_code == 403
        assert client.get(PROGRESS, headers=headers).status_code == 403

    def test_anonymous_is_401(self, client: TestClient) -> None:
        assert client.get(DASHBOARD).status_code == 401
        assert client.get(PROGRESS).status_code == 401


class TestStudentProgress:
    def test_questions_by_day_knowledge_types_and_gates(self, client: TestClient) -> None:
        student, headers = signed_in(client, "student")
        hand_made_questions(client, student)

        response = client.get(PROGRESS, headers=headers)
        assert response.status_code == 200, response.text
        progress = response.json()
        by_day = progress["questions_by_day"]
        assert len(by_day) == 30
        assert by_day[-1]["date"] == today().isoformat()
        assert by_day[0]["date"] == (today() - timedelta(days=29)).isoformat()
        counts = {date.fromisoformat(d["date"]): d["count"] for d in by_day}
        expected = {today() - timedelta(days=n): c for n, c in [(0, 2), (1, 1), (2, 1), (3, 1)]}
        assert {day: n for day, n in counts.items() if n} == expected
        assert progress["knowledge_types"] == {"K1": 1, "K2": 1, "K3": 2, "K4": 1}
        assert progress["gates"] == {"answerable": 3, "needs_clarification": 1, "unanswerable": 1}
        assert progress["summaries"] == []

    def test_days_widens_the_window(self, client: TestClient) -> None:
        student, headers = signed_in(client, "student")
        hand_made_questions(client, student)
        by_day = client.get(PROGRESS, params={"days": 41}, headers=headers).json()
        counts = [d["count"] for d in by_day["questions_by_day"]]
        assert len(counts) == 41
        assert (counts[0], sum(counts)) == (1, 6)

    def test_summaries_newest_first_and_limited(self, client: TestClient) -> None:
        student, headers = signed_in(client, "student")
        chat = add_session(client, student)
        ids = [add_summary(client, student, chat, created_at=on_day(n)) for n in (3, 1, 2)]
        other, _ = signed_in(client, "student")
        add_summary(client, other, add_session(client, other))

        summaries = client.get(PROGRESS, headers=headers).json()["summaries"]
        assert [s["id"] for s in summaries] == [ids[1], ids[2], ids[0]]
        assert all(set(s) == SUMMARY_FIELDS for s in summaries)
        limited = client.get(PROGRESS, params={"summaries_limit": 1}, headers=headers).json()
        assert [s["id"] for s in limited["summaries"]] == [ids[1]]

    @pytest.mark.parametrize(
        "params",
        [{"days": 0}, {"days": 367}, {"summaries_limit": 0}, {"summaries_limit": 101}],
    )
    def test_out_of_bounds_parameters_are_422(
        self, client: TestClient, params: dict[str, Any]
    ) -> None:
        _, headers = signed_in(client, "student")
        assert client.get(PROGRESS, params=params, headers=headers).status_code == 422
