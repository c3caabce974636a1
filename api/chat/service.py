"""Publishing chat jobs and relaying their event log as Server-Sent Events."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import time
from collections.abc import AsyncIterator
from typing import Annotated

import structlog
from fastapi import Depends, Header
from redis.exceptions import RedisError
from starlette.concurrency import run_in_threadpool

from api import sse
from api.chat.schemas import QuestionIn
from api.state import AppState
from bus import jobs, quotas, revocation
from bus.events import follow_job_events
from bus.messages import ChatJob
from bus.streams import StreamSlot, take_stream_slot
from bus.tasks import CHAT_START, BrokerUnavailable
from bus.watchdog import time_out_stalled_jobs
from core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    RateLimited,
    ServiceUnavailable,
    Unauthorized,
)
from core.security import AccessClaims
from models import User
from models.repositories import chat_sessions as sessions_repo

log = structlog.get_logger(__name__)
# A stream entry id: milliseconds-sequence, ASCII digits only; 19 digits a part stay
# below Redis's 2**64 limit (an hour of ids is 13 and a few digits).
EVENT_ID_PATTERN = r"^([0-9]{1,19}-[0-9]{1,19})?$"
_EVENT_ID = re.compile(EVENT_ID_PATTERN)
IDEMPOTENCY_KEY_PATTERN = r"^[\x20-\x7e]{1,128}$"
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
BUSY_RETRY_AFTER_SECONDS = 5
# Beat's watchdog gets this long to act before a follower steps in.
STALL_GRACE_SECONDS = 5


async def idempotency_key(
    value: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            pattern=IDEMPOTENCY_KEY_PATTERN,
            description="1 to 128 printable ASCII characters. The same key from the same "
            "user within 24 h returns the job it first created instead of asking again.",
        ),
    ] = None,
) -> str | None:
    """The request's Idempotency-Key (1..128 printable ASCII), checked."""
    if value is None:
        return None
    if not _IDEMPOTENCY_KEY.fullmatch(value):
        raise InvalidInput("Idempotency-Key must be 1 to 128 printable ASCII characters")
    return value


IdempotencyKeyDep = Annotated[str | None, Depends(idempotency_key)]


def publish_chat_job(
    state: AppState, claims: AccessClaims, body: QuestionIn, key: str | None = None
) -> str:
    """Check and count the question, record the job, emit ``accepted``, send ``chat.start``.

    Everything that can fail with a plain HTTP error fails here, before streaming.
    The token is trusted with the denylist alone (no user lookup): deactivating or
    deleting a user revokes their logins. A repeated idempotency ``key`` returns
    the job it first admitted, asking nothing again.
    """
    if body.session_id is not None:
        # A revoked token learns nothing, not even whose a session is.
        if revocation.is_revoked(state.redis, state.keys, claims):
            raise Unauthorized("Token revoked")
        with state.database.session() as session:
            if sessions_repo.get_owned(session, body.session_id, claims.user_id) is None:
                raise NotFound("Session not found")
    settings = state.settings
    job_id = jobs.new_job_id()
    refusal = jobs.accept_job(
        state.redis,
        state.keys,
        job_id=job_id,
        user_id=claims.user_id,
        session_id=body.session_id,
        concurrent_limit=settings.chat_max_concurrent_jobs,
        daily_limit=settings.daily_question_limit,
        denylist=revocation.denylist_keys(state.keys, claims),
        question=body.question,
        idempotency_key=key,
    )
    if isinstance(refusal, jobs.Admitted):
        if refusal.repeated:
            return repeated_job(state, refusal.job_id)
        send_chat_start(state, claims, body, job_id, key)
        return job_id
    if refusal is jobs.Refusal.REVOKED:
        raise Unauthorized("Token revoked")
    if refusal is jobs.Refusal.BUSY:
        raise RateLimited(
            f"At most {settings.chat_max_concurrent_jobs} questions at a time; "
            "wait for an answer to finish",
            retry_after_seconds=BUSY_RETRY_AFTER_SECONDS,
        )
    # Refusal.DAILY_LIMIT: the student's own limit (an admin's) or the default.
    limit = quotas.question_limit(
        state.redis, state.keys, claims.user_id, settings.daily_question_limit
    )
    raise RateLimited(
        f"Daily limit of {limit} questions reached",
        retry_after_seconds=jobs.seconds_until_tomorrow(),
    )


def repeated_job(state: AppState, job_id: str) -> str:
    """The job an idempotency key first admitted, while its log lasts (an hour after
    its last event; the key itself lasts a day)."""
    if jobs.get_job(state.redis, state.keys, job_id) is None:
        raise NotFound(
            "The question of this Idempotency-Key was answered over an hour ago; "
            "its answer is in its session"
        )
    return job_id


def send_chat_start(
    state: AppState, claims: AccessClaims, body: QuestionIn, job_id: str, key: str | None
) -> None:
    """Hand the admitted job to the workers; when the broker is unreachable, undo the
    admission (the student is not charged for it) and answer 503."""
    job = ChatJob(
        job_id=job_id, user_id=claims.user_id, session_id=body.session_id, question=body.question
    )
    try:
        state.tasks.send(CHAT_START, job.model_dump(mode="json"), label={"job_id": job_id})
    except BrokerUnavailable as error:
        log.warning("chat.start not sent: broker unavailable", job_id=job_id, error=str(error))
        try:
            jobs.release_job(
                state.redis, state.keys, job_id=job_id, user_id=claims.user_id, idempotency_key=key
            )
        except RedisError as release_error:  # the limits' own staleness cut-off frees it
            log.warning("admission not released", job_id=job_id, error=str(release_error))
        raise ServiceUnavailable(
            "The question could not be handed to the tutor; try again shortly"
        ) from error


def job_of_user(state: AppState, user: User, job_id: str) -> jobs.JobRecord:
    # A malformed id names no job: it never reaches a key name.
    job = jobs.get_job(state.redis, state.keys, job_id) if jobs.is_job_id(job_id) else None
    if job is None or job.user_id != user.id:
        raise NotFound("Job not found")
    return job


def cancel_job(state: AppState, user: User, job_id: str) -> None:
    """Stop the student's job: the agent stops within a piece or two, the partial
    answer is stored and the stream ends with ``done`` (``finish_reason: cancelled``)."""
    outcome = (
        jobs.cancel_job(state.redis, state.keys, job_id=job_id, user_id=user.id)
        if jobs.is_job_id(job_id)
        else jobs.CancelOutcome.MISSING
    )
    if outcome is jobs.CancelOutcome.MISSING:
        raise NotFound("Job not found")
    if outcome is jobs.CancelOutcome.ENDED:
        raise Conflict("The answer has already finished")


@contextlib.asynccontextmanager
async def stream_slot(state: AppState, user_id: int) -> AsyncIterator[StreamSlot]:
    """One of the user's MAX_STREAMS_PER_USER stream slots, held while the response lasts."""
    limit = state.settings.max_streams_per_user
    slot = await take_stream_slot(state.async_redis, state.keys, user_id, limit=limit)
    if slot is None:
        raise RateLimited(
            f"At most {limit} answer streams may be open at once; close one first",
            retry_after_seconds=BUSY_RETRY_AFTER_SECONDS,
        )
    # Taken at the request's pace (a 503 within 2 s); renewed and released at the stream's.
    slot = dataclasses.replace(slot, client=state.stream_redis)
    try:
        yield slot
    finally:
        await slot.release()


def valid_event_id(value: str | None) -> str | None:
    """A resume point must look like a stream id; anything else would be misread."""
    if value is None or value == "":
        return None
    if not _EVENT_ID.fullmatch(value):
        raise InvalidInput("Last-Event-ID / after must be an event id like 1700000000000-0")
    return value


async def job_event_stream(
    state: AppState, job_id: str, after: str | None, slot: StreamSlot | None = None
) -> AsyncIterator[str]:
    """The job's events as SSE text, replayed after ``after`` and followed to the end.

    A ping goes out whenever nothing else did for a while. A stream quiet well
    past the agent timeout sweeps for stalled jobs itself (see bus.watchdog),
    in case beat is down.
    """
    timeout = state.settings.agent_timeout_seconds
    keep_alive = sse.KeepAlive()
    last_id, last_event_at = after, time.monotonic()
    try:
        async for events in follow_job_events(
            state.stream_redis, state.keys, state.hub, job_id, after
        ):
            if slot is not None:
                await slot.renew()
            if events:
                last_id, last_event_at = events[-1].id, time.monotonic()
                keep_alive.sent()
                yield sse.event_frames(events)
                continue
            if (ping := keep_alive.ping()) is not None:
                yield ping
            if time.monotonic() - last_event_at > timeout + STALL_GRACE_SECONDS:
                await run_in_threadpool(
                    time_out_stalled_jobs,
                    state.redis,
                    state.keys,
                    timeout_seconds=timeout,
                    grace_seconds=STALL_GRACE_SECONDS,
                )
    except (OSError, RedisError) as error:
        # The log is unreachable: end the stream with an error rather than hang or cut it.
        log.warning("event stream lost redis", job_id=job_id, error=str(error))
        yield sse.error_frame(
            last_id or "0-0",
            job_id,
            "stream_unavailable",
            "Lost the connection to the event log; resume with Last-Event-ID.",
        )
