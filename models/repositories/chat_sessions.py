from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models.chat import (
    AgentVerdict,
    ChatSession,
    Feedback,
    LearningSummary,
    Message,
    MessageRating,
)


@dataclass(frozen=True)
class LabelledMessage:
    """A message with its job's labels and reply facts, read from the job's verdict (None
    until there is one), and the student's rating of it (None if unrated)."""

    message: Message
    knowledge_type: str | None
    gate: str | None
    verified: bool | None = None
    rating: MessageRating | None = None


def _with_message_count() -> Select[ChatSession, int]:
    count = (
        select(func.count(Message.id))
        .where(Message.session_id == ChatSession.id)
        .correlate(ChatSession)
        .scalar_subquery()
    )
    return select(ChatSession, count)


def list_for_user(session: Session, user_id: int) -> list[tuple[ChatSession, int]]:
    """The user's sessions with their message counts, newest first."""
    query = (
        _with_message_count()
        .where(ChatSession.user_id == user_id)
        .order_by(ChatSession.created_at.desc(), ChatSession.id.desc())
    )
    return [(chat, count) for chat, count in session.execute(query)]


def get(session: Session, session_id: int) -> ChatSession | None:
    return session.get(ChatSession, session_id)


def get_owned(session: Session, session_id: int, user_id: int) -> ChatSession | None:
    chat = session.get(ChatSession, session_id)
    return chat if chat is not None and chat.user_id == user_id else None


def count_messages(session: Session, session_id: int) -> int:
    return (
        session.scalar(select(func.count(Message.id)).where(Message.session_id == session_id)) or 0
    )


def add(session: Session, chat: ChatSession) -> ChatSession:
    session.add(chat)
    session.flush()
    return chat


def delete(session: Session, chat: ChatSession) -> None:
    session.delete(chat)
    session.flush()


def messages(session: Session, session_id: int) -> list[LabelledMessage]:
    """The session's messages, oldest first, each with its job's labels."""
    query = (
        select(
            Message,
            AgentVerdict.knowledge_type,
            AgentVerdict.gate,
            AgentVerdict.verified,
            MessageRating,
        )
        .outerjoin(AgentVerdict, AgentVerdict.job_id == Message.job_id)
        .outerjoin(MessageRating, MessageRating.message_id == Message.id)
        .where(Message.session_id == session_id)
        .order_by(Message.id)
    )
    return [LabelledMessage(*row) for row in session.execute(query)]


def feedback(session: Session, session_id: int) -> list[Feedback]:
    query = select(Feedback).where(Feedback.session_id == session_id).order_by(Feedback.id)
    return list(session.scalars(query))


def latest_summary(session: Session, session_id: int) -> LearningSummary | None:
    query = (
        select(LearningSummary)
        .where(LearningSummary.session_id == session_id)
        .order_by(LearningSummary.id.desc())
        .limit(1)
    )
    return session.scalar(query)
