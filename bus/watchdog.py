"""The one owner of a stalled job's end: ``agent_timeout`` after AGENT_TIMEOUT_SECONDS.

Beat's ``chat.watchdog`` sweeps with no grace every few seconds. An API follower
whose stream has been quiet well past the timeout sweeps too, with a grace, so
no stream waits forever while beat is down. Either may run first; the emit
script lets only one terminal event into a log.
"""

from __future__ import annotations

import time
from typing import cast

import redis
import structlog

from bus.events import emit_job_event_sync
from bus.keys import RedisKeys

log = structlog.get_logger(__name__)


def stalled_jobs(client: redis.Redis, keys: RedisKeys, *, idle_seconds: float) -> list[str]:
    """Unfinished jobs whose last event is older than ``idle_seconds``."""
    deadline = time.time() - idle_seconds
    return cast(list[str], client.zrangebyscore(keys.jobs_by_progress, "-inf", deadline))


def time_out_stalled_jobs(
    client: redis.Redis, keys: RedisKeys, *, timeout_seconds: float, grace_seconds: float = 0.0
) -> list[str]:
    """End with ``agent_timeout`` every job with no event for ``timeout_seconds`` (plus
    ``grace_seconds``); returns the ids of the jobs it ended."""
    message = f"The tutor did not respond within {timeout_seconds:g} seconds; please ask again."
    ended = []
    for job_id in stalled_jobs(client, keys, idle_seconds=timeout_seconds + grace_seconds):
        if emit_job_event_sync(
            client, keys, job_id, "error", code="agent_timeout", message=message
        ):
            ended.append(job_id)
            log.warning("job timed out waiting for the agent", job_id=job_id)
        else:  # ended meanwhile, or its records expired: just forget it
            client.zrem(keys.jobs_by_progress, job_id)
    return ended
