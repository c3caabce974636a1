"""Celery settings, from the one settings object, and the beat schedule."""

from __future__ import annotations

from typing import Any

from kombu import Queue

from maice.settings import get_settings
from tasks.names import (
    CHAT_FINISH,
    CHAT_QUEUE,
    CHAT_WATCHDOG,
    DIGESTS_RUN,
    SUMMARIES_QUEUE,
    SUMMARIES_RUN,
)

_settings = get_settings()

broker_url = _settings.redis_url
broker_transport = "bus.broker:Transport"  # kombu's Redis transport, minus a client per call
broker_connection_retry_on_startup = True
broker_transport_options: dict[str, Any] = {
    # Keep Celery's keys beside ours, under the deployment's prefix.
    "global_keyprefix": f"{_settings.redis_prefix}celery:",
    # Longer than any task may run, so Redis does not redeliver a running task.
    "visibility_timeout": 3600,
}
task_ignore_result = True
result_backend = None

task_acks_late = True
task_reject_on_worker_lost = True
worker_prefetch_multiplier = 1
task_time_limit = 120
task_soft_time_limit = 60
task_default_queue = CHAT_QUEUE
task_queues = (Queue(CHAT_QUEUE), Queue(SUMMARIES_QUEUE))
task_routes = {
    # On Redis, 0 is served first: a waiting question goes before a waiting reply,
    # so the first token is not stuck behind other students' finished answers.
    CHAT_FINISH: {"queue": CHAT_QUEUE, "priority": 3},
    "chat.*": {"queue": CHAT_QUEUE, "priority": 0},
    "summaries.*": {"queue": SUMMARIES_QUEUE},
}
task_serializer = "json"
accept_content = ["json"]

# Off by default (they cost a publish per task state); Flower switches them on
# in the workers when it starts.
worker_send_task_events = False
task_send_sent_event = False
worker_hijack_root_logger = False

timezone = "UTC"
# How often the watchdog looks for stalled jobs: a job ends at most this late.
_watchdog_every = max(0.5, min(5.0, _settings.agent_timeout_seconds / 4))
beat_schedule: dict[str, dict[str, Any]] = {
    "chat-watchdog": {
        "task": CHAT_WATCHDOG,
        "schedule": _watchdog_every,
        "options": {"expires": _watchdog_every},
    },
    "learning-summaries": {
        "task": SUMMARIES_RUN,
        "schedule": _settings.summary_interval_seconds,
        # A run that waited longer than an interval is superseded by the next one.
        "options": {"expires": _settings.summary_interval_seconds},
    },
    # Checks every few minutes; makes at most one digest per teacher per day after DIGEST_HOUR.
    "teacher-digests": {"task": DIGESTS_RUN, "schedule": 300.0, "options": {"expires": 300}},
}
