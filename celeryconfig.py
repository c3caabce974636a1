"""Celery settings of the worker and beat, from the one settings object, and the beat schedule."""

from __future__ import annotations

from typing import Any

from bus.tasks import (
    CHAT_WATCHDOG,
    DIGESTS_RUN,
    SUMMARIES_RUN,
    broker_config,
)
from core.settings import get_settings

_settings = get_settings()
_shared = broker_config(_settings)  # what every sender uses too

# The broker's settings (Redis or RabbitMQ, see bus.tasks) become this module's names.
globals().update(_shared)

task_acks_late = True
task_reject_on_worker_lost = True
worker_prefetch_multiplier = 1
task_time_limit = 120
task_soft_time_limit = 60

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
