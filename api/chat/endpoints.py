from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, status
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.chat.schemas import JobCancelled, QuestionIn
from api.chat.service import (
    EVENT_ID_PATTERN,
    IdempotencyKeyDep,
    cancel_job,
    job_event_stream,
    job_of_user,
    publish_chat_job,
    stream_slot,
    valid_event_id,
)
from api.deps import CurrentUser, StateDep, TokenClaimsDep
from api.openapi import answers
from api.sse import event_stream_response
from bus.streams import StreamSlot

router = APIRouter(prefix="/maice/chat", tags=["chat"])
EVENT_STREAM: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}
}


@answers(429)
async def claimed_stream_slot(state: StateDep, claims: TokenClaimsDep) -> AsyncIterator[StreamSlot]:
    """A stream slot of the token's user (429 when they hold MAX_STREAMS_PER_USER),
    held until the response has been sent."""
    async with stream_slot(state, claims.user_id) as slot:
        yield slot


@answers(429)
async def user_stream_slot(state: StateDep, user: CurrentUser) -> AsyncIterator[StreamSlot]:
    async with stream_slot(state, user.id) as slot:
        yield slot


@answers(401, 404, 429)
def published_job(
    body: QuestionIn,
    request: Request,
    state: StateDep,
    claims: TokenClaimsDep,
    slot: Annotated[StreamSlot, Depends(claimed_stream_slot)],
    key: IdempotencyKeyDep,
) -> str:
    """Publish the question as a chat job (runs before any byte is streamed, and after
    the stream's slot was taken: a refused stream asks nothing)."""
    request.state.user_id = claims.user_id
    return publish_chat_job(state, claims, body, key)


@router.post("/streaming", response_class=StreamingResponse, responses=EVENT_STREAM)
async def chat_streaming(
    state: StateDep,
    job_id: Annotated[str, Depends(published_job, scope="function")],
    slot: Annotated[StreamSlot, Depends(claimed_stream_slot)],
) -> StreamingResponse:
    """Ask a question and stream the answer as Server-Sent Events.

    Without `session_id` a new session is created. The stream starts with
    `accepted` and ends with exactly one `done` or `error`; the job id is in
    the `X-Job-Id` header, for resuming with `/chat/jobs/{job_id}/events` and
    for stopping the answer with `/chat/jobs/{job_id}/cancel`. Leaving early
    does not cancel the job: the reply is still stored. At most
    `MAX_STREAMS_PER_USER` streams may be open at once (429 beyond). With an
    `Idempotency-Key` used before (same user, within 24 h), the stream is that
    first job's, from its start: nothing is asked again.
    """
    stream = job_event_stream(state, job_id, None, slot)
    return event_stream_response(stream, {"X-Job-Id": job_id})


_RESUME = "Resume after this event id (the SSE `id`, like 1700000000000-0)"


async def resume_point(
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", pattern=EVENT_ID_PATTERN, description=_RESUME),
    ] = None,
    after: Annotated[
        str | None, Query(pattern=EVENT_ID_PATTERN, description=f"{_RESUME} (or the header).")
    ] = None,
) -> str | None:
    return valid_event_id(last_event_id or after)


@router.get("/jobs/{job_id}/events", response_class=StreamingResponse, responses=EVENT_STREAM)
async def job_events(
    job_id: str,
    state: StateDep,
    user: CurrentUser,
    after: Annotated[str | None, Depends(resume_point)],
    slot: Annotated[StreamSlot, Depends(user_stream_slot)],
) -> StreamingResponse:
    """Replay a job's events after `Last-Event-ID` (or `?after=`), then follow it to the end.

    Works while the job runs and for at least 10 minutes after it ends. 404 for
    another user's job or a malformed id.
    """
    await run_in_threadpool(job_of_user, state, user, job_id)
    stream = job_event_stream(state, job_id, after, slot)
    return event_stream_response(stream, {"X-Job-Id": job_id})


@router.post(
    "/jobs/{job_id}/cancel", response_model=JobCancelled, status_code=status.HTTP_202_ACCEPTED
)
@answers(409)
def cancel(job_id: str, state: StateDep, user: CurrentUser) -> JobCancelled:
    """Stop an answer. The job ends within moments with `done` whose `finish_reason` is
    `cancelled` and whose `content` is what had streamed (possibly empty); that partial
    answer is stored like any other. 404 for another user's or an unknown job, 409 when
    the job has already ended."""
    cancel_job(state, user, job_id)
    return JobCancelled(job_id=job_id)
