"""Chat sessions: the owner's CRUD and the detail view shared with teachers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.sessions.schemas import (
    FeedbackOut,
    MessageOut,
    RatingSummary,
    SessionCreate,
    SessionDetail,
    SessionOut,
    SessionUpdate,
    SummaryOut,
)
from core.errors import NotFound
from models import ChatSession, User
from models.repositories import chat_sessions as sessions_repo

DEFAULT_TITLE = "New chat"


def session_out(
    chat: ChatSession, message_count: int, active_job_id: str | None = None
) -> SessionOut:
    facts = {"message_count": message_count, "active_job_id": active_job_id}
    return SessionOut.model_validate(chat).model_copy(update=facts)


def message_out(row: sessions_repo.LabelledMessage) -> MessageOut:
    facts = {
        "knowledge_type": row.knowledge_type,
        "gate": row.gate,
        "verified": bool(row.verified) and row.message.role == "assistant",
        "rating": RatingSummary.model_validate(row.rating) if row.rating else None,
    }
    return MessageOut.model_validate(row.message).model_copy(update=facts)


class ChatSessionService:
    def list_own(
        self, session: Session, user: User, active_jobs: dict[int, str]
    ) -> list[SessionOut]:
        """``active_jobs``: the user's unfinished jobs by session (bus.jobs)."""
        rows = sessions_repo.list_for_user(session, user.id)
        return [session_out(chat, count, active_jobs.get(chat.id)) for chat, count in rows]

    def create(self, session: Session, user: User, body: SessionCreate) -> SessionOut:
        chat = sessions_repo.add(
            session,
            ChatSession(user_id=user.id, title=body.title or DEFAULT_TITLE, status="active"),
        )
        return session_out(chat, 0)

    def get_own(self, session: Session, user: User, session_id: int) -> ChatSession:
        chat = sessions_repo.get_owned(session, session_id, user.id)
        if chat is None:
            raise NotFound("Session not found")
        return chat

    def detail(
        self, session: Session, chat: ChatSession, active_job_id: str | None = None
    ) -> SessionDetail:
        """The session with its messages (oldest first), latest summary and feedback."""
        messages = sessions_repo.messages(session, chat.id)
        summary = sessions_repo.latest_summary(session, chat.id)
        return SessionDetail(
            **session_out(chat, len(messages), active_job_id).model_dump(),
            messages=[message_out(row) for row in messages],
            summary=SummaryOut.model_validate(summary) if summary else None,
            feedback=[
                FeedbackOut.model_validate(f) for f in sessions_repo.feedback(session, chat.id)
            ],
        )

    def update(
        self, session: Session, user: User, session_id: int, body: SessionUpdate
    ) -> SessionOut:
        chat = self.get_own(session, user, session_id)
        if body.title is not None:
            chat.title = body.title
        if body.status is not None:
            chat.status = body.status
        session.flush()
        return session_out(chat, sessions_repo.count_messages(session, chat.id))

    def delete(self, session: Session, user: User, session_id: int) -> None:
        sessions_repo.delete(session, self.get_own(session, user, session_id))


chat_session_service = ChatSessionService()
