"""Throwaway PostgreSQL databases and Redis key prefixes on the machine's servers.

The servers come from TEST_DATABASE_URL / TEST_REDIS_URL, else DATABASE_URL /
REDIS_URL, else the embedded dev servers (under .maice-test/). Each run makes its
own database and Redis prefix, so runs never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import OperationalError
from tenacity import retry, retry_if_exception, stop_after_attempt

REPO = Path(__file__).resolve().parents[2]
STATE_DIR = REPO / ".maice-test"


def server_urls() -> tuple[str, str, bool]:
    """(PostgreSQL URL, Redis URL, whether this process started the embedded servers)."""
    database = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    if database and redis_url:
        return database, redis_url, False
    os.environ.setdefault("MAICE_STATE_DIR", str(STATE_DIR))
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    from maice.embedded import ensure_embedded_services

    ensure_embedded_services()
    return database or os.environ["DATABASE_URL"], redis_url or os.environ["REDIS_URL"], True


def stop_embedded_servers() -> None:
    """Stop the embedded servers this process started (nothing else)."""
    from maice.embedded import stop_embedded_services

    stop_embedded_services()


def _admin_conninfo(url: str) -> str:
    """A psycopg connection string for a SQLAlchemy URL (the server's default database)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(server_url: str, name: str) -> str:
    """Create the database ``name`` on the server; its SQLAlchemy URL."""
    with psycopg.connect(_admin_conninfo(server_url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(_admin_conninfo(server_url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_database(server_url: str, label: str) -> Iterator[str]:
    """A brand-new empty database ``<label>_<random>`` for the block; its URL."""
    name = f"{label}_{uuid.uuid4().hex[:12]}"
    url = create_database(server_url, name)
    try:
        yield url
    finally:
        drop_database(server_url, name)


def delete_redis_prefix(redis_url: str, prefix: str) -> None:
    """Delete every key under ``prefix``."""
    with redis.Redis.from_url(redis_url) as client:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])


@dataclass
class Throwaway:
    """A database ``<label>_<id>`` and Redis prefix ``<label>-<id>:`` of one run."""

    server_url: str
    redis_url: str
    label: str
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])

    @property
    def database_name(self) -> str:
        return f"{self.label.replace('-', '_')}_{self.run_id}"

    @property
    def database_url(self) -> str:
        url = make_url(self.server_url).set(database=self.database_name)
        return url.render_as_string(hide_password=False)

    @property
    def redis_prefix(self) -> str:
        return f"{self.label.replace('_', '-')}-{self.run_id}:"

    def create(self) -> None:
        create_database(self.server_url, self.database_name)

    def drop(self) -> None:
        delete_redis_prefix(self.redis_url, self.redis_prefix)
        drop_database(self.server_url, self.database_name)


def _deadlocked(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and isinstance(
        error.orig, psycopg.errors.DeadlockDetected
    )


# A stack's worker may still be storing a job the test left behind (a stopped answer):
# its transaction and these deletes can deadlock, and when PostgreSQL picks ours to
# abort, the other has gone through and we go again.
@retry(retry=retry_if_exception(_deadlocked), stop=stop_after_attempt(5), reraise=True)
def empty_tables(engine: Engine) -> None:
    """Delete every row of every table (ids keep counting up).

    DELETE rather than TRUNCATE: on tables this small it is some thirty times faster.
    """
    from models import Base

    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))
