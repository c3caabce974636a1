"""The worker's Celery app (workers, beat, Flower) and the retry policy its tasks share."""

from __future__ import annotations

from typing import Any

import structlog
from celery import Celery, signals
from redis.exceptions import RedisError
from sqlalchemy.exc import IntegrityError, OperationalError

from core.logging import configure_logging
from core.settings import get_settings
from tasks import resources

celery_app = Celery("maice")
celery_app.config_from_object("celeryconfig")
celery_app.conf.imports = ("tasks.chat", "tasks.summaries", "tasks.digests", "tasks.evaluations")

# Every task's retry policy: transient failures (a dependency blipped, a redelivered
# twin won a unique-key race) are retried; the retry finds what was stored and carries on.
RETRY: dict[str, Any] = {
    "autoretry_for": (ConnectionError, OSError, RedisError, OperationalError, IntegrityError),
    "retry_backoff": 0.5,
    "retry_backoff_max": 10,
    "max_retries": 8,
}


@signals.setup_logging.connect
def _use_our_logging(**_: Any) -> None:
    """Workers and beat log like the API: structlog, JSON outside development."""
    configure_logging(get_settings())


@signals.celeryd_init.connect
def _size_pools(options: dict[str, Any] | None = None, **_: Any) -> None:
    """The database and Redis pools serve as many tasks as the worker runs at once."""
    concurrency = (options or {}).get("concurrency") or celery_app.conf.worker_concurrency
    if concurrency:
        resources.serve(int(concurrency))


@signals.task_prerun.connect
def _fresh_log_context(task: Any = None, **_: Any) -> None:
    # Pool threads are reused: a task must not log the previous task's job or user.
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task=getattr(task, "name", None))
