from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.chat import USER_KINDS, AgentVerdict, Message


def user_message_of_job(session: Session, job_id: str) -> Message | None:
    query = select(Message).where(Message.job_id == job_id, Message.kind.in_(USER_KINDS))
    return session.scalar(query)


def of_job(session: Session, job_id: str) -> list[Message]:
    """The job's question and, once stored, its reply."""
    return list(session.scalars(select(Message).where(Message.job_id == job_id)))


def recent(session: Session, session_id: int, *, before_id: int, limit: int) -> list[Message]:
    """The ``limit`` messages before ``before_id``, oldest first."""
    query = (
        select(Message)
        .where(Message.session_id == session_id, Message.id < before_id)
        .order_by(Message.id.desc())
        .limit(limit)
    )
    return list(reversed(session.scalars(query).all()))


def add(session: Session, message: Message) -> Message:
    session.add(message)
    session.flush()
    return message


def add_verdict(session: Session, verdict: AgentVerdict) -> AgentVerdict:
    session.add(verdict)
    session.flush()
    return verdict
