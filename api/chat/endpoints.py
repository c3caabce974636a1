from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.chat.schemas import QuestionIn
from api.chat.service import job_event_stream, job_of_user, publish_chat_job, valid_event_id
from api.deps import CurrentUser, StateDep, TokenClaimsDep
from api.sse import event_stream_response

router = APIRouter(prefix="/maice/chat", tags=["chat"])
EVENT_STREAM: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}
}


def published_job(
    body: QuestionIn, request: Request, state: StateDep, claims: TokenClaimsDep
) -> str:
    """Publish the question as a chat job (runs before any byte is streamed)."""
    request.state.user_id = claims.user_id
    return publish_chat_job(state, claims, body)


@router.post("/streaming", response_class=StreamingResponse, responses=EVENT_STREAM)
async def chat_streaming(
    state: StateDep, job_id: Annotated[str, Depends(published_job, scope="function")]
) -> StreamingResponse:
    """Ask a question and stream the answer as Server-Sent Events.

    Without `session_id` a new session is created. The stream starts with
    `accepted` and ends with exactly one `done` or `error`; the job id is in
    the `X-Job-Id` header, for resuming with `/chat/jobs/{job_id}/events`.
    Leaving early does not cancel the job: the reply is still stored.
    """
    return event_stream_response(job_event_stream(state, job_id, None), {"X-Job-Id": job_id})


async def resume_point(
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    after: Annotated[str | None, Query(description="Resume after this event id.")] = None,
) -> str | None:
    return valid_event_id(last_event_id or after)


@router.get("/jobs/{job_id}/events", response_class=StreamingResponse, responses=EVENT_STREAM)
async def job_events(
    job_id: str,
    state: StateDep,
    user: CurrentUser,
    after: Annotated[str | None, Depends(resume_point)],
) -> StreamingResponse:
    """Replay a job's events after `Last-Event-ID` (or `?after=`), then follow it to the end.

    Works while the job runs and for at least 10 minutes after it ends.
    """
    await run_in_threadpool(job_of_user, state, user, job_id)
    return event_stream_response(job_event_stream(state, job_id, after), {"X-Job-Id": job_id})
