"""The migrations build the whole schema on an empty database, and undo it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import create_engine, inspect, make_url

from core.settings import Settings, get_settings
from models import Base
from models.migrate import downgrade_to_base, upgrade_to_head


def _conninfo(url: str) -> str:
    """A psycopg connection string for a SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def empty_database(test_services: dict[str, str]) -> Iterator[Settings]:
    """Settings pointing at a brand-new database on the test server, dropped afterwards."""
    server_url = str(get_settings().database_url)
    name = f"maice_mig_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_conninfo(server_url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        yield get_settings().model_copy(update={"database_url": url})
    finally:
        with psycopg.connect(_conninfo(server_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class TestMigrations:
    def test_upgrade_builds_every_table_and_downgrade_removes_them_all(
        self, empty_database: Settings
    ) -> None:
        url = str(empty_database.database_url)
        expected = set(Base.metadata.tables)
        assert expected >= {"users", "refresh_tokens", "chat_sessions", "messages"}
        assert tables(url) == set()

        upgrade_to_head(empty_database)
        assert tables(url) == expected | {"alembic_version"}

        downgrade_to_base(empty_database)
        assert tables(url) == {"alembic_version"}

        upgrade_to_head(empty_database)
        assert tables(url) == expected | {"alembic_version"}

    def test_upgrade_twice_is_a_no_op(self, empty_database: Settings) -> None:
        upgrade_to_head(empty_database)
        upgrade_to_head(empty_database)
        assert set(Base.metadata.tables) <= tables(str(empty_database.database_url))

    def test_migrated_columns_match_the_models(self, empty_database: Settings) -> None:
        upgrade_to_head(empty_database)
        engine = create_engine(str(empty_database.database_url))
        try:
            inspector = inspect(engine)
            for table in Base.metadata.sorted_tables:
                migrated = {column["name"] for column in inspector.get_columns(table.name)}
                assert migrated == set(table.columns.keys()), table.name
        finally:
            engine.dispose()
