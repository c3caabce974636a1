"""What both benchmarks set up alike: the students, and the event loop of the load."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Coroutine
from types import FrameType
from typing import Any, TypeVar

from sqlalchemy import select

from core.settings import Settings
from models import User
from models.database import Database
from models.migrate import upgrade_to_head
from tests.support.factories import user_row

PASSWORD = "bench-password-123"
T = TypeVar("T")


def prepare_database(settings: Settings, *, students: int) -> list[tuple[int, str]]:
    """Migrate to head and add ``students`` students sharing one password: (id, e-mail)."""
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
            rows = session.execute(select(User.id, User.email).where(User.email.in_(emails)))
            ids = {email: user_id for user_id, email in rows}
    finally:
        database.dispose()
    return [(ids[email], email) for email in emails]


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """uvloop when installed (a cheaper client leaves more CPU to the servers)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # As Ctrl-C: asyncio's runner then cancels the load cleanly and raises KeyboardInterrupt.
    signal.raise_signal(signal.SIGINT)


def handle_signals() -> None:
    """Ctrl-C and SIGTERM stop the load cleanly, even when started in the background."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
