from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import CurrentUser, SessionDep, StateDep
from api.schemas import Id
from api.sessions.schemas import SessionCreate, SessionDetail, SessionOut, SessionUpdate
from api.sessions.service import chat_session_service
from bus import jobs

router = APIRouter(prefix="/maice/sessions", tags=["sessions"])


@router.get("/", response_model=list[SessionOut])
def list_sessions(session: SessionDep, user: CurrentUser, state: StateDep) -> list[SessionOut]:
    """Your chat sessions, newest first. `active_job_id` names a session's unfinished
    job: follow `/maice/chat/jobs/{job_id}/events` to resume its answer."""
    active = jobs.active_jobs_by_session(state.redis, state.keys, user.id)
    return chat_session_service.list_own(session, user, active)


@router.post("/", response_model=SessionOut, status_code=status.HTTP_201_CREATED)
def create_session(
    session: SessionDep, user: CurrentUser, body: SessionCreate | None = None
) -> SessionOut:
    """Start an empty chat session (the body, and its title, are optional)."""
    return chat_session_service.create(session, user, body or SessionCreate())


@router.get("/{session_id}", response_model=SessionDetail)
def get_session(
    session_id: Id, session: SessionDep, user: CurrentUser, state: StateDep
) -> SessionDetail:
    """One of your sessions with its messages, latest summary and teacher feedback."""
    chat = chat_session_service.get_own(session, user, session_id)
    active = jobs.active_jobs_by_session(state.redis, state.keys, user.id)
    return chat_session_service.detail(session, chat, active.get(chat.id))


@router.put("/{session_id}", response_model=SessionOut)
def update_session(
    session_id: Id, body: SessionUpdate, session: SessionDep, user: CurrentUser
) -> SessionOut:
    """Rename or archive one of your sessions."""
    return chat_session_service.update(session, user, session_id, body)


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_session(session_id: Id, session: SessionDep, user: CurrentUser) -> Response:
    """Delete one of your sessions and its messages."""
    chat_session_service.delete(session, user, session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
