"""Engine and session factory, built when a process starts (never at import)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings

# A dead or unreachable database must surface as 503 within 2 s, not a hang.
CONNECT_TIMEOUT_SECONDS = 2


def database_url(settings: Settings) -> str:
    if not settings.database_url:
        raise RuntimeError("DATABASE_URL is not set (run through `maice`, which can embed one)")
    return settings.database_url


class Database:
    """One engine per process and the sessions made from it."""

    def __init__(
        self,
        settings: Settings,
        *,
        pool_size: int = 10,
        max_overflow: int | None = None,
        statement_timeout_ms: int = 10_000,
    ) -> None:
        """``max_overflow`` (default: ``pool_size``) connections may open beyond the pool
        for a burst; past both, a checkout waits ``CONNECT_TIMEOUT_SECONDS``."""
        self.engine = create_engine(
            database_url(settings),
            pool_size=pool_size,
            max_overflow=pool_size if max_overflow is None else max_overflow,
            pool_timeout=CONNECT_TIMEOUT_SECONDS,
            pool_pre_ping=True,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_SECONDS,
                # No query holds a request or a task for long, and a dead peer is noticed.
                "options": f"-c statement_timeout={statement_timeout_ms}",
                "keepalives": 1,
                "keepalives_idle": 10,
                "keepalives_interval": 5,
                "keepalives_count": 3,
            },
        )
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that rolls back whatever the caller did not commit."""
        with self.session_factory() as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection in a transaction that commits when the block ends, rolls back
        on an error: for the hot paths that need no ORM (see repositories.messages)."""
        with self.engine.begin() as connection:
            yield connection

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
