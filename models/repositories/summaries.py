from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from models.chat import USER_KINDS, AgentVerdict, ChatSession, LearningSummary, Message
from models.repositories.chat_sessions import LabelledMessage


def sessions_due(session: Session, *, idle_since: datetime, limit: int) -> list[tuple[int, int]]:
    """(session id, newest message id) of idle sessions with messages newer than their summary."""
    newest = (
        select(Message.session_id, func.max(Message.id).label("last_id"))
        .group_by(Message.session_id)
        .subquery()
    )
    summarised = (
        select(
            LearningSummary.session_id,
            func.max(LearningSummary.last_message_id).label("last_id"),
        )
        .group_by(LearningSummary.session_id)
        .subquery()
    )
    query = (
        select(ChatSession.id, newest.c.last_id)
        .join(newest, newest.c.session_id == ChatSession.id)
        .outerjoin(summarised, summarised.c.session_id == ChatSession.id)
        .where(ChatSession.last_message_at <= idle_since)
        .where(newest.c.last_id > func.coalesce(summarised.c.last_id, 0))
        .order_by(ChatSession.last_message_at)
        .limit(limit)
    )
    return [(session_id, last_id) for session_id, last_id in session.execute(query)]


def messages_in_span(
    session: Session, session_id: int, *, after: int, up_to: int
) -> list[LabelledMessage]:
    """The session's messages with ids in (after, up_to], oldest first, with their labels."""
    query = (
        select(Message, AgentVerdict.knowledge_type, AgentVerdict.gate)
        .outerjoin(AgentVerdict, AgentVerdict.job_id == Message.job_id)
        .where(Message.session_id == session_id, Message.id > after, Message.id <= up_to)
        .order_by(Message.id)
    )
    return [LabelledMessage(*row) for row in session.execute(query)]


def last_summarised_message(session: Session, session_id: int) -> int:
    query = select(func.max(LearningSummary.last_message_id)).where(
        LearningSummary.session_id == session_id
    )
    return session.scalar(query) or 0


def add_once(session: Session, values: dict[str, Any]) -> bool:
    """Insert a summary unless one covers the same span; True if inserted."""
    statement = (
        insert(LearningSummary)
        .values(**values)
        .on_conflict_do_nothing(constraint="uq_learning_summaries_span")
        .returning(LearningSummary.id)
    )
    return session.scalar(statement) is not None


def is_user_question(message: Message) -> bool:
    return message.kind in USER_KINDS
