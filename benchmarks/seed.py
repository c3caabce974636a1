"""The benchmarks' database: migrated to head, with students sharing one password."""

from __future__ import annotations

from core.settings import Settings
from models.database import Database
from models.migrate import upgrade_to_head
from tests.support.factories import user_row

PASSWORD = "bench-password-123"


def prepare_database(settings: Settings, *, students: int) -> list[str]:
    """Migrate to head and add ``students`` students sharing ``PASSWORD``; their e-mails."""
    upgrade_to_head(settings)
    emails = [f"student{number}@bench.example.com" for number in range(1, students + 1)]
    database = Database(settings, pool_size=1)
    try:
        with database.session() as session:
            session.add_all(
                user_row("student", email, f"Bench Student {number}", password=PASSWORD)
                for number, email in enumerate(emails, start=1)
            )
            session.commit()
    finally:
        database.dispose()
    return emails
