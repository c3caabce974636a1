"""The migrations build the whole schema on an empty database, and undo it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from core.settings import Settings
from models import Base
from models.migrate import downgrade_to_base, upgrade_to_head


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


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

    def test_migrated_schema_matches_the_models(self, empty_database: Settings) -> None:
        """What autogenerate would write after `upgrade head`: nothing."""
        upgrade_to_head(empty_database)
        engine = create_engine(str(empty_database.database_url))
        try:
            with engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "compare_server_default": True}
                )
                assert compare_metadata(context, Base.metadata) == []
        finally:
            engine.dispose()
