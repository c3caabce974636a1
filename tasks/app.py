"""The Celery app, shared by workers, beat, Flower and (to send tasks by name) the API."""

from __future__ import annotations

from typing import Any

import structlog
from celery import Celery, signals

from maice.logging import configure_logging
from maice.settings import get_settings

celery_app = Celery("maice")
celery_app.config_from_object("celeryconfig")
celery_app.conf.imports = ("tasks.chat", "tasks.summaries", "tasks.digests")


@signals.setup_logging.connect
def _use_our_logging(**_: Any) -> None:
    """Workers and beat log like the API: structlog, JSON outside development."""
    configure_logging(get_settings())


@signals.task_prerun.connect
def _fresh_log_context(task: Any = None, **_: Any) -> None:
    # Pool threads are reused: a task must not log the previous task's job or user.
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task=getattr(task, "name", None))
