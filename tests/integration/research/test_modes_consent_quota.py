"""Modes assigned per classroom, consent per CONSENT_VERSION, and per-student daily limits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bus.events import emit_job_event_sync
from bus.keys import RedisKeys
from bus.redis import sync_client
from core.settings import get_settings
from models import User
from tests.support.apps import app_with, running
from tests.support.factories import (
    auth_headers,
    create_user,
    db,
    login,
    signed_in,
    teacher_with_students,
)
from tests.support.research import TEACHER

CONSENT = "/api/v1/student/consent"


def modes_of(client: TestClient, students: list[User]) -> Counter[str]:
    with db(client) as session:
        return Counter(session.get(User, student.id).mode for student in students)  # type: ignore[union-attr]


class TestModes:
    @pytest.mark.parametrize("count", [4, 5])
    def test_a_classroom_is_split_in_balanced_halves(self, client: TestClient, count: int) -> None:
        _, headers, students = teacher_with_students(client, count)
        classroom = client.get(f"{TEACHER}/classrooms/", headers=headers).json()[0]
        response = client.post(f"{TEACHER}/classrooms/{classroom['id']}/modes", headers=headers)
        assert response.status_code == 200, response.text
        counts = response.json()
        assert counts["agent"] + counts["freepass"] == count
        assert abs(counts["agent"] - counts["freepass"]) == count % 2
        assert modes_of(client, [s for s, _ in students]) == Counter(counts)

    def test_another_teachers_classroom_is_404(self, client: TestClient) -> None:
        _, headers, _ = teacher_with_students(client, 0)
        _, other, [(student, _)] = teacher_with_students(client, 1)
        classroom = client.get(f"{TEACHER}/classrooms/", headers=other).json()[0]
        response = client.post(f"{TEACHER}/classrooms/{classroom['id']}/modes", headers=headers)
        assert response.status_code == 404
        assert modes_of(client, [student]) == Counter({"agent": 1})

    def test_an_admin_sets_one_students_mode(self, client: TestClient) -> None:
        student, _ = signed_in(client, "student")
        _, admin = signed_in(client, "admin")
        response = client.put(
            f"/api/v1/users/{student.id}", json={"mode": "freepass"}, headers=admin
        )
        assert response.status_code == 200, response.text
        assert response.json()["mode"] == "freepass"
        assert response.json()["daily_question_limit"] is None


class TestConsent:
    def test_consent_is_versioned_accepted_and_withdrawn(self, client: TestClient) -> None:
        _, headers = signed_in(client, "student")
        version = get_settings().consent_version
        assert client.get(CONSENT, headers=headers).json() == {
            "version": version,
            "accepted": False,
            "accepted_at": None,
        }
        accepted = client.put(CONSENT, json={"accepted": True}, headers=headers).json()
        assert accepted["accepted"] is True
        assert accepted["accepted_at"]
        assert client.get(CONSENT, headers=headers).json() == accepted
        withdrawn = client.put(CONSENT, json={"accepted": False}, headers=headers).json()
        assert withdrawn == {"version": version, "accepted": False, "accepted_at": None}

    def test_a_new_version_asks_again(self, clean_database: None) -> None:
        with running(app_with(consent_version="2026-1")) as first:
            student = create_user()
            headers = auth_headers(first, student)
            first.put(CONSENT, json={"accepted": True}, headers=headers)
        with running(app_with(consent_version="2027-1")) as second:
            body = second.get(CONSENT, headers=auth_headers(second, student)).json()
        assert body == {"version": "2027-1", "accepted": False, "accepted_at": None}

    def test_only_students_have_a_consent(self, client: TestClient) -> None:
        _, teacher = signed_in(client, "teacher")
        assert client.get(CONSENT, headers=teacher).status_code == 403


@pytest.fixture
def limited_client(clean_database: None) -> Iterator[TestClient]:
    # No agent serves this app's jobs: each is ended by hand, so only the daily limit counts.
    with running(app_with(daily_question_limit=1, chat_max_concurrent_jobs=10)) as client:
        yield client


def ask(client: TestClient, headers: dict[str, str]) -> int:
    response = client.post("/api/v1/student/questions/", json={"question": "1+1"}, headers=headers)
    if response.status_code == 202:
        settings = get_settings()
        redis, keys = sync_client(settings), RedisKeys(settings.redis_prefix)
        emit_job_event_sync(redis, keys, response.json()["job_id"], "error", code="test")
    return response.status_code


class TestDailyQuestionLimit:
    def test_a_students_own_limit_replaces_the_default(self, limited_client: TestClient) -> None:
        student = create_user()
        headers = auth_headers(limited_client, student)
        _, admin = signed_in(limited_client, "admin")
        change = limited_client.put(
            f"/api/v1/users/{student.id}", json={"daily_question_limit": 3}, headers=admin
        )
        assert change.json()["daily_question_limit"] == 3
        assert [ask(limited_client, headers) for _ in range(4)] == [202, 202, 202, 429]
        refused = limited_client.post(
            "/api/v1/student/questions/", json={"question": "2+2"}, headers=headers
        )
        assert "Daily limit of 3" in refused.json()["detail"]

        limited_client.put(
            f"/api/v1/users/{student.id}", json={"daily_question_limit": None}, headers=admin
        )
        assert ask(limited_client, headers) == 429  # back to the default of 1, used up

    def test_the_limit_survives_redis_losing_it_by_the_next_login(
        self, limited_client: TestClient
    ) -> None:
        student = create_user()
        with db(limited_client) as session:  # in PostgreSQL only, as after a Redis flush
            row = session.get(User, student.id)
            assert row is not None
            row.daily_question_limit = 2
            session.commit()
        headers = auth_headers(limited_client, student)  # a login writes it back
        assert [ask(limited_client, headers) for _ in range(3)] == [202, 202, 429]

    def test_the_limit_survives_redis_losing_it_by_the_next_token_refresh(
        self, limited_client: TestClient
    ) -> None:
        student = create_user()
        tokens = login(limited_client, student)
        settings = get_settings()
        with db(limited_client) as session:
            row = session.get(User, student.id)
            assert row is not None
            row.daily_question_limit = 2
            session.commit()
        sync_client(settings).delete(RedisKeys(settings.redis_prefix).question_limit(student.id))
        refreshed = limited_client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert refreshed.status_code == 200, refreshed.text
        headers = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
        assert [ask(limited_client, headers) for _ in range(3)] == [202, 202, 429]

    def test_only_an_admin_sets_a_limit_or_a_mode(self, limited_client: TestClient) -> None:
        student = create_user()
        headers = auth_headers(limited_client, student)
        for change in ({"daily_question_limit": 500}, {"mode": "freepass"}):
            response = limited_client.put(
                f"/api/v1/users/{student.id}", json=change, headers=headers
            )
            assert response.status_code == 403
