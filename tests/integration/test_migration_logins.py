"""Migration 0005 turns the refresh-token families already stored into logins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import create_engine, text

from core.settings import Settings
from models.migrate import alembic_config, upgrade_to_head


def test_existing_families_become_logins_that_began_with_their_first_token(
    empty_database: Settings,
) -> None:
    command.upgrade(alembic_config(empty_database), "0004")
    began = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    engine = create_engine(str(empty_database.database_url))
    try:
        with engine.begin() as connection:
            user_id = connection.scalar(
                text(
                    "INSERT INTO users (email, name, role, is_active) "
                    "VALUES ('old@example.com', 'Old', 'student', true) RETURNING id"
                )
            )
            rows = [  # (family, hash, created, used, revoked)
                ("live", "a" * 64, began, began + timedelta(days=1), None),
                ("live", "b" * 64, began + timedelta(days=1), None, None),
                ("gone", "c" * 64, began, None, began + timedelta(hours=2)),
            ]
            for family, token_hash, created, used, revoked in rows:
                connection.execute(
                    text(
                        "INSERT INTO refresh_tokens (user_id, token_hash, family_id, expires_at,"
                        " used_at, revoked_at, created_at) VALUES (:user, :hash, :family,"
                        " :expires, :used, :revoked, :created)"
                    ),
                    {
                        "user": user_id,
                        "hash": token_hash,
                        "family": family,
                        "expires": created + timedelta(days=14),
                        "used": used,
                        "revoked": revoked,
                        "created": created,
                    },
                )
        upgrade_to_head(empty_database)
        with engine.connect() as connection:
            logins = connection.execute(
                text("SELECT id, user_id, started_at, ended_at FROM logins ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in logins] == [
        ("gone", user_id, began, began + timedelta(hours=2)),
        ("live", user_id, began, None),
    ]
