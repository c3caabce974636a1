"""Chat job records (``maice:{job:<id>}`` hashes) and the per-student limits on them."""

from __future__ import annotations

import enum
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import cast

import redis

from bus.events import EVENT_LOG_TTL_SECONDS, EmitEvent
from bus.keys import RedisKeys
from bus.scripts import RedisScript

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


class Refusal(enum.Enum):
    """Why a job was not accepted."""

    REVOKED = "revoked"  # the access token is on the denylist
    BUSY = "busy"  # the student has CHAT_MAX_CONCURRENT_JOBS unfinished jobs
    DAILY_LIMIT = "daily_limit"  # the student asked DAILY_QUESTION_LIMIT questions today


_REFUSALS = {refusal.value for refusal in Refusal}


_ACCEPT_JOB = RedisScript("accept_job")


@dataclass(frozen=True)
class AcceptJob:
    """The arguments of ``accept_job.lua``: one question to admit, and the limits."""

    keys: RedisKeys
    job_id: str
    user_id: int
    session_id: int | None
    concurrent_limit: int
    daily_limit: int
    denylist: tuple[str, ...]
    now: float = field(default_factory=time.time)

    @property
    def accepted(self) -> EmitEvent:
        data = {"session_id": self.session_id}
        return EmitEvent(self.keys, self.job_id, "accepted", data, self.now)

    def script_keys(self) -> list[str]:
        day = datetime.fromtimestamp(self.now, UTC).date().isoformat()
        return [
            self.keys.active_jobs(self.user_id),
            self.keys.daily_questions(self.user_id, day),
            *self.accepted.script_keys(),
            *self.denylist,
        ]

    def script_args(self) -> list[str | int]:
        record_prefix, record_suffix = self.keys.job_key_affixes
        return [
            f"{self.now:.3f}",
            f"{self.now - STALE_ACTIVE_JOB_SECONDS:.3f}",
            self.concurrent_limit,
            self.daily_limit,
            DAILY_COUNT_TTL_SECONDS,
            STALE_ACTIVE_JOB_SECONDS,
            record_prefix,
            record_suffix,
            self.user_id,
            "" if self.session_id is None else self.session_id,
            *self.accepted.script_args(),
        ]


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
    call = AcceptJob(
        keys, job_id, user_id, session_id, concurrent_limit, daily_limit, tuple(denylist)
    )
    outcome = _ACCEPT_JOB.run_sync(client, call)
    return Refusal(outcome) if outcome in _REFUSALS else None  # else the accepted event's id


def seconds_until_tomorrow() -> int:
    """When the daily limit lifts (days are UTC)."""
    now = datetime.now(UTC)
    tomorrow = datetime(now.year, now.month, now.day, tzinfo=UTC) + timedelta(days=1)
    return int((tomorrow - now).total_seconds()) + 1
