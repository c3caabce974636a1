"""The one owner of a stalled job: re-drive it a bounded number of times, then end it.

A job with no event for a while has lost a step somewhere: a worker killed while
holding its ``chat.start`` or ``chat.finish`` (kombu would redeliver that task
only after the visibility timeout, and a task can vanish between the pop and the
unacked write), an agent gone. Beat's ``chat.watchdog`` sweeps every few seconds:

- a job idle ``AGENT_TIMEOUT_SECONDS / (MAX_REDRIVES + 1)`` is re-driven: when the
  agent kept a reply with the job, ``chat.finish`` again from it; otherwise
  ``chat.start`` again from the question the job's record keeps (it stores nothing
  twice, and the agent drops a second request of a job it has). At most
  ``MAX_REDRIVES`` times, one interval apart;
- a job idle ``AGENT_TIMEOUT_SECONDS`` ends with ``error agent_timeout``, as before:
  re-driving never makes a student wait longer.

An API follower whose stream has been quiet well past the timeout sweeps too, with
a grace and without re-driving, so no stream waits forever while beat is down.
Either may run first; the emit script lets only one terminal event into a log.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import redis
import structlog

from bus.events import emit_job_event_sync
from bus.keys import RedisKeys
from bus.tasks import CHAT_FINISH, CHAT_START

log = structlog.get_logger(__name__)
MAX_REDRIVES = 3
# (task name, payload, label of ids): how the watchdog hands a task to the workers.
Send = Callable[[str, dict[str, Any], dict[str, Any]], None]


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


@dataclass(frozen=True)
class Sweep:
    """What one sweep did: the jobs it re-drove and the jobs it ended."""

    redriven: list[str]
    ended: list[str]


def sweep(client: redis.Redis, keys: RedisKeys, *, timeout_seconds: float, send: Send) -> Sweep:
    """Re-drive the jobs stalled one interval, end those stalled ``timeout_seconds``."""
    ended = time_out_stalled_jobs(client, keys, timeout_seconds=timeout_seconds)
    interval = timeout_seconds / (MAX_REDRIVES + 1)
    redriven = [
        job_id
        for job_id in stalled_jobs(client, keys, idle_seconds=interval)
        if job_id not in ended and _redrive(client, keys, job_id, interval, send)
    ]
    return Sweep(redriven, ended)


def _redrive(
    client: redis.Redis, keys: RedisKeys, job_id: str, interval: float, send: Send
) -> bool:
    """Send the job's lost step again, unless it was re-driven less than ``interval`` ago
    or ``MAX_REDRIVES`` times already; whether it did."""
    record = keys.job(job_id)
    fields = cast(
        list[str | None],
        client.hmget(
            record, "user_id", "session_id", "question", "reply", "finished", "redriven_at"
        ),
    )
    user_id, session_id, question, reply, finished, redriven_at = fields
    if user_id is None or finished is not None or question is None:
        return False  # gone, ended, or admitted before questions were kept with jobs
    now = time.time()
    if redriven_at is not None and now - float(redriven_at) < interval:
        return False
    # Counted before sending: a sweep that dies in between still counts the try.
    if int(client.hincrby(record, "redrives", 1)) > MAX_REDRIVES:
        return False
    client.hset(record, "redriven_at", f"{now:.3f}")
    label = {"job_id": job_id}
    if reply is not None:
        send(CHAT_FINISH, cast(dict[str, Any], json.loads(reply)), label)
        log.warning("stalled job re-driven: chat.finish again", job_id=job_id)
    else:
        job = {
            "job_id": job_id,
            "user_id": int(user_id),
            "session_id": int(session_id) if session_id else None,
            "question": question,
        }
        send(CHAT_START, job, label)
        log.warning("stalled job re-driven: chat.start again", job_id=job_id)
    return True
