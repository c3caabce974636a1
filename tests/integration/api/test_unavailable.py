"""A dependency that is down is a 503 naming it, within 2 s: never a hang, never a 500."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from api.app import create_app
from core.security import create_access_token
from core.settings import get_settings
from models import Login
from tests.support.factories import PASSWORD, create_user, db, login
from tests.support.ports import free_port

# The contract's bound for a 503 when PostgreSQL or Redis is down.
CONTRACT_SECONDS = 2.0


def timed(request: Callable[[], Response]) -> tuple[Response, float]:
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def token_for(user_id: int, role: str = "student") -> dict[str, str]:
    token, _ = create_access_token(
        user_id=user_id,
        role=role,
        family_id=uuid.uuid4().hex,
        secret=str(get_settings().jwt_secret_key),
        lifetime=timedelta(minutes=5),
    )
    return {"Authorization": f"Bearer {token}"}


def assert_unavailable(response: Response, seconds: float) -> None:
    assert seconds < CONTRACT_SECONDS, f"took {seconds:.2f} s"
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"]
    assert "Traceback" not in response.text


@pytest.fixture
def without_redis(clean_database: None) -> Iterator[TestClient]:
    """The app with PostgreSQL up and Redis pointing at a closed port."""
    settings = get_settings().model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def without_postgres(clean_database: None) -> Iterator[TestClient]:
    """The app with Redis up and PostgreSQL pointing at a closed port."""
    settings = get_settings().model_copy(
        update={"database_url": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/x"}
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


class TestRedisDown:
    def test_ready_is_503_naming_redis(self, without_redis: TestClient) -> None:
        response, seconds = timed(lambda: without_redis.get("/ready"))
        assert_unavailable(response, seconds)
        assert "redis" in response.json()["detail"].lower()
        assert "postgres" not in response.json()["detail"].lower()

    def test_health_still_answers(self, without_redis: TestClient) -> None:
        response = without_redis.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_authenticated_data_route_is_503_not_500(self, without_redis: TestClient) -> None:
        user = create_user()
        response, seconds = timed(
            lambda: without_redis.get("/api/v1/maice/sessions/", headers=token_for(user.id))
        )
        assert_unavailable(response, seconds)
        assert response.headers["X-Request-ID"]

    def test_login_is_503_naming_redis_and_starts_no_login(self, without_redis: TestClient) -> None:
        # Login counts the attempt in Redis (LOGIN_ATTEMPTS_PER_MINUTE) before any
        # database work or hashing: with Redis down it cannot count, so it refuses.
        user = create_user()
        response, seconds = timed(
            lambda: without_redis.post(
                "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
            )
        )
        assert_unavailable(response, seconds)
        assert "redis" in response.json()["detail"].lower()
        assert response.headers["Retry-After"]
        with db(without_redis) as session:
            assert session.scalar(select(func.count()).select_from(Login)) == 0

    def test_refresh_needs_only_postgres_so_it_still_rotates(
        self, client: TestClient, without_redis: TestClient
    ) -> None:
        # A student signed in before Redis went down keeps their session: rotating a
        # refresh token reads and writes PostgreSQL only.
        tokens = login(client, create_user())
        response, seconds = timed(
            lambda: without_redis.post(
                "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
            )
        )
        assert seconds < CONTRACT_SECONDS
        assert response.status_code == 200, response.text
        assert response.json()["refresh_token"] != tokens["refresh_token"]


class TestPostgresDown:
    def test_ready_is_503_naming_postgres(self, without_postgres: TestClient) -> None:
        response, seconds = timed(lambda: without_postgres.get("/ready"))
        assert_unavailable(response, seconds)
        assert "postgres" in response.json()["detail"].lower()
        assert "redis" not in response.json()["detail"].lower()

    def test_health_still_answers(self, without_postgres: TestClient) -> None:
        response = without_postgres.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_login_is_503(self, without_postgres: TestClient) -> None:
        response, seconds = timed(
            lambda: without_postgres.post(
                "/api/v1/auth/login", json={"email": "a@example.com", "password": PASSWORD}
            )
        )
        assert_unavailable(response, seconds)

    def test_authenticated_data_route_is_503(self, without_postgres: TestClient) -> None:
        response, seconds = timed(
            lambda: without_postgres.get("/api/v1/maice/sessions/", headers=token_for(1))
        )
        assert_unavailable(response, seconds)

    def test_refresh_is_503(self, without_postgres: TestClient) -> None:
        response, seconds = timed(
            lambda: without_postgres.post("/api/v1/auth/refresh", json={"refresh_token": "x"})
        )
        assert_unavailable(response, seconds)


class TestBothDown:
    def test_ready_names_both(self, clean_database: None) -> None:
        settings = get_settings().model_copy(
            update={
                "redis_url": f"redis://127.0.0.1:{free_port()}/0",
                "database_url": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/x",
            }
        )
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            response, seconds = timed(lambda: client.get("/ready"))
        assert_unavailable(response, seconds)
        detail = response.json()["detail"].lower()
        assert "postgres" in detail
        assert "redis" in detail
