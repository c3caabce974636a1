"""The Celery app, shared by workers, beat, Flower and (to send tasks by name) the API."""

from __future__ import annotations

from celery import Celery

celery_app = Celery("maice")
celery_app.config_from_object("celeryconfig")
celery_app.conf.imports = ("tasks.chat", "tasks.summaries", "tasks.digests")
