"""Per-student limits answer 429 with Retry-After before anything is streamed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from core.settings import get_settings
from tests.support.apps import app_with, running
from tests.support.factories import auth_headers, create_user, login


@pytest.fixture
def limited_client(clean_database: None) -> Iterator[TestClient]:
    # No agent serves this app's jobs, so they stay unfinished and count as active.
    with running(app_with(chat_max_concurrent_jobs=1, daily_question_limit=2)) as client:
        yield client


class TestConcurrentJobLimit:
    def test_second_unfinished_question_is_429(self, limited_client: TestClient) -> None:
        headers = auth_headers(limited_client, create_user())
        first = limited_client.post(
            "/api/v1/student/questions/", json={"question": "1+1"}, headers=headers
        )
        assert first.status_code == 202
        assert first.json()["events_url"].endswith(f"/jobs/{first.json()['job_id']}/events")
        second = limited_client.post(
            "/api/v1/student/questions/", json={"question": "2+2"}, headers=headers
        )
        assert second.status_code == 429
        assert int(second.headers["Retry-After"]) > 0
        assert "at a time" in second.json()["detail"]


class TestDailyLimit:
    def test_question_over_the_daily_limit_is_429(self, limited_client: TestClient) -> None:
        from bus.events import emit_job_event_sync
        from bus.keys import RedisKeys
        from bus.redis import sync_client

        student = create_user()
        headers = auth_headers(limited_client, student)
        redis, keys = sync_client(get_settings()), RedisKeys(get_settings().redis_prefix)
        for _ in range(2):
            response = limited_client.post(
                "/api/v1/student/questions/", json={"question": "3*3"}, headers=headers
            )
            assert response.status_code == 202
            # End the job, so only the daily limit can refuse.
            emit_job_event_sync(redis, keys, response.json()["job_id"], "error", code="test")
        third = limited_client.post(
            "/api/v1/maice/chat/streaming", json={"question": "4*4"}, headers=headers
        )
        assert third.status_code == 429
        assert 0 < int(third.headers["Retry-After"]) <= 24 * 3600 + 1
        assert "Daily limit" in third.json()["detail"]


class TestBeforeStreaming:
    def test_unknown_session_is_a_plain_404(self, limited_client: TestClient) -> None:
        headers = auth_headers(limited_client, create_user())
        response = limited_client.post(
            "/api/v1/maice/chat/streaming",
            json={"question": "1+1", "session_id": 999999},
            headers=headers,
        )
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"

    def test_empty_and_overlong_questions_are_422(self, limited_client: TestClient) -> None:
        headers = auth_headers(limited_client, create_user())
        for question in ("", "x" * 4001):
            response = limited_client.post(
                "/api/v1/maice/chat/streaming", json={"question": question}, headers=headers
            )
            assert response.status_code == 422

    def test_no_token_is_401(self, limited_client: TestClient) -> None:
        response = limited_client.post("/api/v1/maice/chat/streaming", json={"question": "1+1"})
        assert response.status_code == 401

    def test_signed_out_token_is_401(self, limited_client: TestClient) -> None:
        tokens = login(limited_client, create_user())
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        signed_out = limited_client.post(
            "/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}, headers=headers
        )
        assert signed_out.status_code == 204
        for body in ({"question": "1+1"}, {"question": "1+1", "session_id": 999999}):
            response = limited_client.post(
                "/api/v1/maice/chat/streaming", json=body, headers=headers
            )
            assert response.status_code == 401
            assert response.json()["detail"] == "Token revoked"

    @pytest.mark.parametrize("removal", ["deactivate", "delete"])
    def test_user_removed_by_an_admin_is_401(
        self, limited_client: TestClient, removal: str
    ) -> None:
        """The chat path reads no user row: removing a user must revoke their logins."""
        admin, student = create_user("admin"), create_user()
        headers = auth_headers(limited_client, student)
        admin_headers = auth_headers(limited_client, admin)
        url = f"/api/v1/users/{student.id}"
        if removal == "deactivate":
            changed = limited_client.put(url, json={"is_active": False}, headers=admin_headers)
        else:
            changed = limited_client.delete(url, headers=admin_headers)
        assert changed.status_code in (200, 204)
        response = limited_client.post(
            "/api/v1/maice/chat/streaming", json={"question": "1+1"}, headers=headers
        )
        assert response.status_code == 401

    def test_teacher_cannot_use_student_questions(self, limited_client: TestClient) -> None:
        headers = auth_headers(limited_client, create_user("teacher"))
        response = limited_client.post(
            "/api/v1/student/questions/", json={"question": "1+1"}, headers=headers
        )
        assert response.status_code == 403

    def test_malformed_last_event_id_is_422(self, limited_client: TestClient) -> None:
        headers = auth_headers(limited_client, create_user())
        job = limited_client.post(
            "/api/v1/student/questions/", json={"question": "1+1"}, headers=headers
        )
        response = limited_client.get(
            f"/api/v1/maice/chat/jobs/{job.json()['job_id']}/events",
            headers={**headers, "Last-Event-ID": "not-an-id"},
        )
        assert response.status_code == 422


class TestQuestionText:
    def test_nul_character_is_422_before_streaming(self, limited_client: TestClient) -> None:
        headers = auth_headers(limited_client, create_user())
        response = limited_client.post(
            "/api/v1/maice/chat/streaming", json={"question": "x\u0000 squared"}, headers=headers
        )
        assert response.status_code == 422
        assert "NUL" in response.text
