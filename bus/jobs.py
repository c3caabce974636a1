"""Chat job records (``maice:job:{id}`` hashes) and the per-student limits on them."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

import redis

from bus.events import EVENT_LOG_TTL_SECONDS
from bus.keys import RedisKeys

# Each event renews it (see bus.events): a record lives as long as its event log.
JOB_RECORD_TTL_SECONDS = EVENT_LOG_TTL_SECONDS
# A job unfinished after this long no longer counts against the student's limit.
STALE_ACTIVE_JOB_SECONDS = 15 * 60


@dataclass(frozen=True)
class JobRecord:
    job_id: str
    user_id: int
    session_id: int | None
    finished: str | None


def new_job_id() -> str:
    return uuid.uuid4().hex


def create_job(
    client: redis.Redis, keys: RedisKeys, *, job_id: str, user_id: int, session_id: int | None
) -> None:
    key = keys.job(job_id)
    with client.pipeline(transaction=True) as pipe:
        pipe.hset(
            key,
            mapping={
                "user_id": user_id,
                "session_id": "" if session_id is None else session_id,
                "created_at": f"{time.time():.3f}",
            },
        )
        pipe.expire(key, JOB_RECORD_TTL_SECONDS)
        pipe.execute()


def get_job(client: redis.Redis, keys: RedisKeys, job_id: str) -> JobRecord | None:
    fields = cast(dict[str, str], client.hgetall(keys.job(job_id)))
    if not fields or "user_id" not in fields:
        return None
    session = fields.get("session_id") or None
    return JobRecord(
        job_id=job_id,
        user_id=int(fields["user_id"]),
        session_id=int(session) if session else None,
        finished=fields.get("finished"),
    )


def stalled_jobs(client: redis.Redis, keys: RedisKeys, *, idle_seconds: float) -> list[str]:
    """Unfinished jobs whose last event is older than ``idle_seconds``."""
    deadline = time.time() - idle_seconds
    return cast(list[str], client.zrangebyscore(keys.jobs_by_progress, "-inf", deadline))


def try_start_active_job(
    client: redis.Redis, keys: RedisKeys, *, user_id: int, job_id: str, limit: int
) -> bool:
    """Count the job against the student's concurrent limit; False if over it.

    Adds first and checks after, so two racing requests can both be refused
    but never both admitted over the limit.
    """
    key = keys.active_jobs(user_id)
    now = time.time()
    client.zremrangebyscore(key, 0, now - STALE_ACTIVE_JOB_SECONDS)
    others = cast(list[str], client.zrange(key, 0, -1))
    if others:
        # One round trip for all: a job counts while its record exists and has not ended.
        with client.pipeline(transaction=False) as pipe:
            for other in others:
                pipe.hmget(keys.job(other), ["user_id", "finished"])
            states = pipe.execute()
        ended = [
            other
            for other, (owner, finished) in zip(others, states, strict=True)
            if owner is None or finished is not None
        ]
        if ended:
            client.zrem(key, *ended)
    with client.pipeline(transaction=True) as pipe:
        pipe.zadd(key, {job_id: now})
        pipe.expire(key, STALE_ACTIVE_JOB_SECONDS)
        pipe.zcard(key)
        _, _, active = pipe.execute()
    if int(active) > limit:
        client.zrem(key, job_id)
        return False
    return True


def release_active_job(client: redis.Redis, keys: RedisKeys, *, user_id: int, job_id: str) -> None:
    client.zrem(keys.active_jobs(user_id), job_id)


def count_daily_question(
    client: redis.Redis, keys: RedisKeys, *, user_id: int, limit: int
) -> int | None:
    """Count one question for today (UTC); returns seconds until tomorrow if over the limit."""
    now = datetime.now(UTC)
    key = keys.daily_questions(user_id, now.date().isoformat())
    with client.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, 2 * 24 * 3600)
        count, _ = pipe.execute()
    if int(count) <= limit:
        return None
    client.decr(key)
    tomorrow = datetime(now.year, now.month, now.day, tzinfo=UTC) + timedelta(days=1)
    return int((tomorrow - now).total_seconds()) + 1
