"""The benchmark's own database and Redis prefix, set up like the tests do."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis
from sqlalchemy import make_url

from core.settings import Settings

STATE_DIR = Path(__file__).parent.parent / ".maice-test"


def server_urls() -> tuple[str, str]:
    """TEST_* URLs, else DATABASE_URL / REDIS_URL, else the embedded servers."""
    database = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    if database and redis_url:
        return database, redis_url
    os.environ.setdefault("MAICE_STATE_DIR", str(STATE_DIR))
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    from maice.embedded import ensure_embedded_services

    ensure_embedded_services()
    return database or os.environ["DATABASE_URL"], redis_url or os.environ["REDIS_URL"]


def _admin_conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class BenchServices:
    """A fresh database ``maice_bench_<id>`` and Redis prefix ``maice-bench-<id>:``."""

    server_url: str
    redis_url: str
    run_id: str = ""

    def __post_init__(self) -> None:
        self.run_id = self.run_id or uuid.uuid4().hex[:10]

    @property
    def database_name(self) -> str:
        return f"maice_bench_{self.run_id}"

    @property
    def database_url(self) -> str:
        url = make_url(self.server_url).set(database=self.database_name)
        return url.render_as_string(hide_password=False)

    @property
    def redis_prefix(self) -> str:
        return f"maice-bench-{self.run_id}:"

    def create(self) -> None:
        with psycopg.connect(_admin_conninfo(self.server_url), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database_name}"')

    def drop(self) -> None:
        client = redis.Redis.from_url(self.redis_url)
        try:
            keys = list(client.scan_iter(match=f"{self.redis_prefix}*", count=1000))
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
        finally:
            client.close()
        with psycopg.connect(_admin_conninfo(self.server_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')


def prepare_database(settings: Settings, *, students: int, password: str) -> list[str]:
    """Migrate to head and add ``students`` students sharing one password hash; their e-mails."""
    from core.security import hash_password
    from models import User
    from models.database import Database
    from models.migrate import upgrade_to_head

    upgrade_to_head(settings)
    password_hash = hash_password(password)  # argon2 is slow on purpose: hash once
    emails = [f"student{number}@bench.example.com" for number in range(1, students + 1)]
    database = Database(settings, pool_size=1)
    try:
        with database.session() as session:
            session.add_all(
                User(
                    email=email,
                    name=f"Bench Student {number}",
                    role="student",
                    password_hash=password_hash,
                    is_active=True,
                )
                for number, email in enumerate(emails, start=1)
            )
            session.commit()
    finally:
        database.dispose()
    return emails
