"""Browsers on a CORS_ORIGINS origin may call every route and read the headers they need."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import get_settings

ORIGIN = "https://app.school.example"


@pytest.fixture
def cors_client(clean_database: None) -> Iterator[TestClient]:
    settings = get_settings().model_copy(update={"cors_origins": f"{ORIGIN}, https://b.example"})
    with TestClient(create_app(settings)) as client:
        yield client


def test_a_preflight_from_an_allowed_origin_is_answered(cors_client: TestClient) -> None:
    response = cors_client.options(
        "/api/v1/maice/chat/streaming",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
    )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    allowed = response.headers["access-control-allow-headers"].lower()
    for header in ("authorization", "content-type", "idempotency-key", "last-event-id"):
        assert header in allowed
    assert "POST" in response.headers["access-control-allow-methods"]


def test_answers_expose_the_job_retry_and_request_headers(cors_client: TestClient) -> None:
    response = cors_client.get("/api/v1/auth/me", headers={"Origin": ORIGIN})

    assert response.status_code == 401  # errors carry the CORS headers too
    assert response.headers["access-control-allow-origin"] == ORIGIN
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {"x-job-id", "retry-after", "x-request-id"} <= exposed


def test_another_origin_is_not_allowed(cors_client: TestClient) -> None:
    response = cors_client.get("/health", headers={"Origin": "https://evil.example"})

    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_no_origin_is_allowed_outside_development_unless_configured() -> None:
    settings = get_settings().model_copy(update={"cors_origins": None, "environment": "production"})
    assert settings.cors_origin_list == []
    development = settings.model_copy(update={"environment": "development"})
    assert development.cors_origin_list == ["*"]
