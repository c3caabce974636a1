"""Chat job records (``maice:job:{id}`` hashes) and the per-student limits on them."""

from __future__ import annotations

import enum
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

import redis

from bus.events import EMIT_FUNCTION, EVENT_LOG_TTL_SECONDS, emit_args
from bus.keys import RedisKeys
from bus.redis import LuaScript

# Each event renews it (see bus.events): a record lives as long as its event log.
JOB_RECORD_TTL_SECONDS = EVENT_LOG_TTL_SECONDS
# A job unfinished after this long no longer counts against the student's limit.
STALE_ACTIVE_JOB_SECONDS = 15 * 60
DAILY_COUNT_TTL_SECONDS = 2 * 24 * 3600


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
    """Record a job without admitting it (no limits, no ``accepted``), for tests and tools:
    the API admits jobs with ``accept_job``."""
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


class Refusal(enum.Enum):
    """Why a job was not accepted."""

    REVOKED = "revoked"  # the access token is on the denylist
    BUSY = "busy"  # the student has CHAT_MAX_CONCURRENT_JOBS unfinished jobs
    DAILY_LIMIT = "daily_limit"  # the student asked DAILY_QUESTION_LIMIT questions today


_REFUSALS = {refusal.value for refusal in Refusal}


# KEYS: active jobs of the user, today's question count, then emit's keys (events,
# job hash, progress), then any denylist keys. ARGV: now, stale cutoff, concurrent
# limit, daily limit, daily count TTL, active-set TTL, job key prefix, user id,
# session id, then emit's arguments.
# A job in the active set counts while its record exists and has not ended; the
# script reads those records by name (one Redis, not a cluster).
_ACCEPT_SCRIPT = LuaScript(
    EMIT_FUNCTION
    + """
for i = 6, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 'revoked' end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[2])
for _, other in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local state = redis.call('HMGET', ARGV[7] .. other, 'user_id', 'finished')
  if not state[1] or state[2] then redis.call('ZREM', KEYS[1], other) end
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 'busy' end
if redis.call('INCR', KEYS[2]) > tonumber(ARGV[4]) then
  redis.call('DECR', KEYS[2])
  return 'daily_limit'
end
redis.call('EXPIRE', KEYS[2], ARGV[5])
local job_id = ARGV[17]
redis.call('ZADD', KEYS[1], ARGV[1], job_id)
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('HSET', KEYS[4], 'user_id', ARGV[8], 'session_id', ARGV[9], 'created_at', ARGV[1])
return emit(KEYS[3], KEYS[4], KEYS[5], ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14],
            ARGV[15], ARGV[16], job_id)
"""
)


def accept_job(
    client: redis.Redis,
    keys: RedisKeys,
    *,
    job_id: str,
    user_id: int,
    session_id: int | None,
    concurrent_limit: int,
    daily_limit: int,
    denylist: list[str],
) -> Refusal | None:
    """Admit a chat job in one round trip: unless a ``denylist`` key exists or the
    student is over a limit, count it, record it and emit ``accepted``."""
    now = time.time()
    emit_keys, emit_arguments = emit_args(keys, job_id, "accepted", {"session_id": session_id})
    script_keys = [
        keys.active_jobs(user_id),
        keys.daily_questions(user_id, datetime.now(UTC).date().isoformat()),
        *emit_keys,
        *denylist,
    ]
    arguments: list[str | int] = [
        f"{now:.3f}",
        f"{now - STALE_ACTIVE_JOB_SECONDS:.3f}",
        concurrent_limit,
        daily_limit,
        DAILY_COUNT_TTL_SECONDS,
        STALE_ACTIVE_JOB_SECONDS,
        keys.job(""),
        user_id,
        "" if session_id is None else session_id,
        *emit_arguments,
    ]
    outcome = _ACCEPT_SCRIPT.run_sync(client, script_keys, arguments)
    return Refusal(outcome) if outcome in _REFUSALS else None  # else the accepted event's id


def seconds_until_tomorrow() -> int:
    """When the daily limit lifts (days are UTC)."""
    now = datetime.now(UTC)
    tomorrow = datetime(now.year, now.month, now.day, tzinfo=UTC) + timedelta(days=1)
    return int((tomorrow - now).total_seconds()) + 1
