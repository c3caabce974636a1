"""Chat job records (``maice:{job:<id>}`` hashes) and the per-student limits on them."""

from __future__ import annotations

import enum
import hashlib
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import cast

import redis
import redis.asyncio as aioredis

from bus.events import EVENT_LOG_TTL_SECONDS, EmitEvent, emit_job_event_sync
from bus.keys import RedisKeys
from bus.scripts import RedisScript

# Each event renews it (see bus.events): a record lives as long as its event log.
JOB_RECORD_TTL_SECONDS = EVENT_LOG_TTL_SECONDS
# A job unfinished after this long no longer counts against the student's limit.
STALE_ACTIVE_JOB_SECONDS = 15 * 60
DAILY_COUNT_TTL_SECONDS = 2 * 24 * 3600
# The contract: the same Idempotency-Key from the same user within 24 h is the same job.
IDEMPOTENCY_TTL_SECONDS = 24 * 3600


# What new_job_id makes; anything else names no job (and must never reach a key name).
_JOB_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class JobRecord:
    job_id: str
    user_id: int
    session_id: int | None
    finished: str | None
    cancelled: bool = False


def new_job_id() -> str:
    return uuid.uuid4().hex


def is_job_id(value: str) -> bool:
    return _JOB_ID.fullmatch(value) is not None


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
    # Named fields only: the record also keeps the question and the agent's reply.
    user_id, session, finished, cancelled = cast(
        list[str | None],
        client.hmget(keys.job(job_id), "user_id", "session_id", "finished", "cancelled"),
    )
    if not user_id:
        return None
    return JobRecord(
        job_id=job_id,
        user_id=int(user_id),
        session_id=int(session) if session else None,
        finished=finished,
        cancelled=cancelled is not None,
    )


def record_session(client: redis.Redis, keys: RedisKeys, job_id: str, session_id: int) -> None:
    """Note the session a job's question landed in (a new session gets its id only then),
    so the session can name its unfinished job (``active_jobs_by_session``)."""
    client.hset(keys.job(job_id), "session_id", session_id)


def active_jobs_by_session(client: redis.Redis, keys: RedisKeys, user_id: int) -> dict[int, str]:
    """The user's unfinished jobs by session (a session has at most one at a time)."""
    job_ids = cast(list[str], client.zrange(keys.active_jobs(user_id), 0, -1))
    if not job_ids:
        return {}
    with client.pipeline(transaction=False) as pipe:
        for job_id in job_ids:
            pipe.hmget(keys.job(job_id), "session_id", "finished")
        states = cast(list[list[str | None]], pipe.execute())
    found: dict[int, str] = {}
    for job_id, (session_id, finished) in zip(job_ids, states, strict=True):
        if session_id and not finished:
            found[int(session_id)] = job_id
    return found


class CancelOutcome(enum.Enum):
    CANCELLED = "cancelled"
    ENDED = "ended"  # it has its done or error already
    MISSING = "missing"  # no such job, or another user's


_CANCEL_JOB = RedisScript("cancel_job")


@dataclass(frozen=True)
class CancelJob:
    """The arguments of ``cancel_job.lua``: a student stopping one of their jobs."""

    keys: RedisKeys
    job_id: str
    user_id: int
    now: float = field(default_factory=time.time)

    def script_keys(self) -> list[str]:
        return [self.keys.job(self.job_id)]

    def script_args(self) -> list[str | int]:
        return [self.user_id, f"{self.now:.3f}", self.keys.agent_cancels, self.job_id]


def cancel_job(client: redis.Redis, keys: RedisKeys, *, job_id: str, user_id: int) -> CancelOutcome:
    """Ask the agents to stop the job's answer; the job then ends with ``done``
    (``finish_reason: cancelled``) and the partial answer is stored."""
    return CancelOutcome(_CANCEL_JOB.run_sync(client, CancelJob(keys, job_id, user_id)))


class Refusal(enum.Enum):
    """Why a job was not accepted."""

    REVOKED = "revoked"  # the access token is on the denylist
    BUSY = "busy"  # the student has CHAT_MAX_CONCURRENT_JOBS unfinished jobs
    # The student asked their daily limit of questions today: their own (an admin's,
    # see bus.quotas) or DAILY_QUESTION_LIMIT.
    DAILY_LIMIT = "daily_limit"


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
    question: str = ""
    # The request's Idempotency-Key header, if it had one.
    idempotency_key: str | None = None

    @property
    def accepted(self) -> EmitEvent:
        data = {"session_id": self.session_id}
        return EmitEvent(self.keys, self.job_id, "accepted", data, self.now)

    def script_keys(self) -> list[str]:
        day = datetime.fromtimestamp(self.now, UTC).date().isoformat()
        idempotency = (
            [self.keys.idempotency(self.user_id, idempotency_digest(self.idempotency_key))]
            if self.idempotency_key is not None
            else []
        )
        return [
            self.keys.active_jobs(self.user_id),
            self.keys.daily_questions(self.user_id, day),
            self.keys.question_limit(self.user_id),
            *self.accepted.script_keys(),
            *idempotency,
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
            0 if self.idempotency_key is None else IDEMPOTENCY_TTL_SECONDS,
            self.question,
            *self.accepted.script_args(),
        ]


def idempotency_digest(key: str) -> str:
    """What names a key in Redis: the client's text never reaches a key name."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class Admitted:
    """An admission: the job, and whether the request repeated an idempotency key
    (then the job is the one the key first admitted, and nothing was counted)."""

    job_id: str
    repeated: bool = False


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
    question: str = "",
    idempotency_key: str | None = None,
) -> Refusal | Admitted:
    """Admit a chat job in one round trip: unless a ``denylist`` key exists or the
    student is over a limit, count it, record it (with its question) and emit
    ``accepted``. A repeated ``idempotency_key`` admits nothing: the first job is
    returned."""
    call = AcceptJob(
        keys,
        job_id,
        user_id,
        session_id,
        concurrent_limit,
        daily_limit,
        tuple(denylist),
        question=question,
        idempotency_key=idempotency_key,
    )
    outcome = str(_ACCEPT_JOB.run_sync(client, call))
    refusal = outcome.split(":", 1)[0]  # 'daily_limit:<n>' names the limit it met
    if refusal in _REFUSALS:
        return Refusal(refusal)
    if outcome.startswith(_REPEAT):
        return Admitted(outcome.removeprefix(_REPEAT), repeated=True)
    return Admitted(job_id)  # the outcome is the accepted event's id


_REPEAT = "repeat:"


def release_job(
    client: redis.Redis,
    keys: RedisKeys,
    *,
    job_id: str,
    user_id: int,
    idempotency_key: str | None = None,
    now: float | None = None,
) -> None:
    """Undo an admission whose ``chat.start`` could not be sent: end the job with
    ``error`` (it leaves the student's unfinished jobs), give the day's question back,
    and forget the idempotency key, so asking again asks anew."""
    when = time.time() if now is None else now
    day = datetime.fromtimestamp(when, UTC).date().isoformat()
    ended = emit_job_event_sync(
        client,
        keys,
        job_id,
        "error",
        code="unavailable",
        message="The question could not be sent; please ask again.",
    )
    with client.pipeline(transaction=True) as pipe:
        pipe.zrem(keys.active_jobs(user_id), job_id)
        if ended:  # only the first release gives the question back
            pipe.decr(keys.daily_questions(user_id, day))
        if idempotency_key is not None:
            pipe.delete(keys.idempotency(user_id, idempotency_digest(idempotency_key)))
        pipe.execute()


async def keep_reply(client: aioredis.Redis, keys: RedisKeys, job_id: str, reply: str) -> None:
    """Keep the agent's reply (``ChatReply`` JSON) with its job before it is handed to
    ``chat.finish``, so the watchdog can hand it again if that task is lost."""
    async with client.pipeline(transaction=True) as pipe:
        pipe.hset(keys.job(job_id), "reply", reply)
        pipe.expire(keys.job(job_id), JOB_RECORD_TTL_SECONDS)
        await pipe.execute()


def seconds_until_tomorrow() -> int:
    """When the daily limit lifts (days are UTC)."""
    now = datetime.now(UTC)
    tomorrow = datetime(now.year, now.month, now.day, tzinfo=UTC) + timedelta(days=1)
    return int((tomorrow - now).total_seconds()) + 1
