"""Test services: a fresh PostgreSQL database and a fresh Redis key prefix per run.

The servers come from TEST_DATABASE_URL / TEST_REDIS_URL, else DATABASE_URL /
REDIS_URL, else the embedded dev servers (under .maice-test/). Each run makes
its own database and Redis prefix, so runs never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from sqlalchemy import make_url, text

RUN_ID = uuid.uuid4().hex[:10]
TEST_JWT_SECRET = "test-secret-" + uuid.uuid4().hex


def _server_urls() -> tuple[str, str]:
    database = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    if database and redis_url:
        return database, redis_url
    os.environ.setdefault("MAICE_STATE_DIR", str(Path(__file__).parent.parent / ".maice-test"))
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    from maice.embedded import ensure_embedded_services

    ensure_embedded_services()
    _embedded.append(True)
    return database or os.environ["DATABASE_URL"], redis_url or os.environ["REDIS_URL"]


# Set when this run uses the embedded servers, so it stops them when done.
_embedded: list[bool] = []


def _admin_conninfo(url: str) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


@pytest.fixture(scope="session", autouse=True)
def test_services() -> Iterator[dict[str, str]]:
    """Make this run's database (migrated) and Redis prefix; export them for subprocesses."""
    server_url, redis_url = _server_urls()
    database_name = f"maice_test_{RUN_ID}"
    with psycopg.connect(_admin_conninfo(server_url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database_name}"')
    database_url = (
        make_url(server_url).set(database=database_name).render_as_string(hide_password=False)
    )
    environment = {
        "ENVIRONMENT": "test",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": f"maice-test-{RUN_ID}:",
        "JWT_SECRET_KEY": TEST_JWT_SECRET,
        # Every TestClient comes from one address; tests of the limit set their own.
        "LOGIN_ATTEMPTS_PER_MINUTE": "1000000",
    }
    os.environ.update(environment)
    from core.settings import get_settings

    get_settings.cache_clear()
    from models.migrate import upgrade_to_head

    upgrade_to_head(get_settings())
    try:
        yield environment
    finally:
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"maice-test-{RUN_ID}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
        with psycopg.connect(_admin_conninfo(server_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')
        if _embedded:
            from maice.embedded import stop_embedded_services

            stop_embedded_services()


TABLES = (
    "teacher_digests, feedback, learning_summaries, agent_verdicts, messages, chat_sessions, "
    "enrollments, classrooms, refresh_tokens, users"
)


@pytest.fixture
def clean_database(test_services: dict[str, str]) -> Iterator[None]:
    """Empty every table after the test (the API commits, so rollback is not enough).

    Ids keep counting up, so Redis state keyed by user id never leaks into the next test.
    """
    yield
    from sqlalchemy import create_engine

    engine = create_engine(test_services["DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {TABLES} CASCADE"))
    engine.dispose()
