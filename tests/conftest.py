"""Test services: a fresh PostgreSQL database and a fresh Redis key prefix per run.

Where the servers come from, and how the throwaway database and prefix are made,
is in tests/support/services.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine

from models.database import Database
from tests.support.services import Throwaway, empty_tables, server_urls, stop_embedded_servers

TEST_JWT_SECRET = "test-secret-" + uuid.uuid4().hex


@pytest.fixture(scope="session", autouse=True)
def test_services() -> Iterator[dict[str, str]]:
    """Make this run's database (migrated) and Redis prefix; export them for subprocesses."""
    server_url, redis_url, embedded = server_urls()
    run = Throwaway(server_url, redis_url, "maice-test")
    run.create()
    environment = {
        "ENVIRONMENT": "test",
        "DATABASE_URL": run.database_url,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": run.redis_prefix,
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
        run.drop()
        if embedded:
            stop_embedded_servers()


@pytest.fixture(scope="session")
def database_engine(test_services: dict[str, str]) -> Iterator[Engine]:
    """An engine on the run's database, for emptying it between tests."""
    engine = create_engine(test_services["DATABASE_URL"], pool_size=1)
    yield engine
    engine.dispose()


@pytest.fixture
def clean_database(database_engine: Engine) -> Iterator[None]:
    """Empty every table after the test (the API commits, so rollback is not enough).

    Ids keep counting up, so Redis state keyed by user id never leaks into the next test.
    """
    yield
    empty_tables(database_engine)


@pytest.fixture
def database(clean_database: None) -> Iterator[Database]:
    """The run's database through the models' own Database; tables emptied afterwards."""
    from core.settings import get_settings

    database = Database(get_settings(), pool_size=1)
    yield database
    database.dispose()
