"""The chat job's writes: a question in, a reply out.

They run for every question, so they are Core statements (no unit-of-work
bookkeeping) and as few round trips as the idempotency rules allow: a
redelivered task first finds what an earlier delivery stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, insert, literal, null, select, update
from sqlalchemy.orm import Session

from models.chat import ASSISTANT_KINDS, USER_KINDS, AgentVerdict, ChatSession, Message

messages: Table = Message.__table__  # type: ignore[assignment]
sessions: Table = ChatSession.__table__  # type: ignore[assignment]
verdicts: Table = AgentVerdict.__table__  # type: ignore[assignment]


def _now(*columns: str) -> dict[str, Any]:
    """The database clock for these columns: SQLAlchemy cannot apply the models'
    Python-side defaults to statements with a WITH (it refuses, or sends NULL)."""
    return dict.fromkeys(columns, func.now())


@dataclass(frozen=True)
class StoredQuestion:
    """A job's question as stored, with what the agent request needs of its session."""

    message_id: int
    session_id: int
    kind: str
    content: str
    title: str
    clarification: dict[str, Any] | None


@dataclass(frozen=True)
class StoredReply:
    message_id: int
    kind: str
    content: str


@dataclass(frozen=True)
class Turn:
    role: str
    content: str


def question_of_job(session: Session, job_id: str) -> StoredQuestion | None:
    """The question an earlier delivery of the job stored, if any."""
    query = (
        select(
            messages.c.id,
            messages.c.session_id,
            messages.c.kind,
            messages.c.content,
            sessions.c.title,
            sessions.c.clarification,
        )
        .join(sessions, sessions.c.id == messages.c.session_id)
        .where(messages.c.job_id == job_id, messages.c.kind.in_(USER_KINDS))
    )
    row = session.execute(query).first()
    return StoredQuestion(*row) if row is not None else None


def add_question_to_new_session(
    session: Session, *, job_id: str, user_id: int, title: str, question: str
) -> StoredQuestion:
    """One statement: the session and its first message."""
    new_session = (
        insert(sessions)
        .values(user_id=user_id, title=title, **_now("created_at", "updated_at", "last_message_at"))
        .returning(sessions.c.id)
        .cte("new_session")
    )
    statement = (
        insert(messages)
        .from_select(
            ["session_id", "role", "kind", "content", "job_id", "created_at"],
            select(
                new_session.c.id,
                literal("user"),
                literal("question"),
                literal(question),
                literal(job_id),
                func.now(),
            ),
        )
        .returning(messages.c.id, messages.c.session_id)
    )
    message_id, session_id = session.execute(statement).one()
    return StoredQuestion(message_id, session_id, "question", question, title, None)


def add_question_to_session(
    session: Session, *, job_id: str, user_id: int, session_id: int, question: str
) -> StoredQuestion | None:
    """The question as the next message of the user's session; None if it is gone.

    A session waiting for a clarification takes the message as the answer to it.
    The session row stays locked until commit, so its jobs are stored one by one.
    """
    touched = (
        update(sessions)
        .where(sessions.c.id == session_id, sessions.c.user_id == user_id)
        .values(last_message_at=func.now(), updated_at=func.now())
        .returning(sessions.c.title, sessions.c.clarification)
    )
    row = session.execute(touched).first()
    if row is None:
        return None
    title, clarification = row
    kind = "clarification_answer" if clarification else "question"
    statement = (
        insert(messages)
        .values(
            session_id=session_id,
            role="user",
            kind=kind,
            content=question,
            job_id=job_id,
            **_now("created_at"),
        )
        .returning(messages.c.id)
    )
    message_id = session.execute(statement).scalar_one()
    return StoredQuestion(message_id, session_id, kind, question, title, clarification)


def recent(session: Session, session_id: int, *, before_id: int, limit: int) -> list[Turn]:
    """The ``limit`` messages before ``before_id``, oldest first."""
    query = (
        select(messages.c.role, messages.c.content)
        .where(messages.c.session_id == session_id, messages.c.id < before_id)
        .order_by(messages.c.id.desc())
        .limit(limit)
    )
    return [Turn(role, content) for role, content in reversed(session.execute(query).all())]


def reply_of_job(session: Session, job_id: str) -> StoredReply | None:
    """The reply an earlier delivery of the job stored, if any."""
    query = select(messages.c.id, messages.c.kind, messages.c.content).where(
        messages.c.job_id == job_id, messages.c.kind.in_(ASSISTANT_KINDS)
    )
    row = session.execute(query).first()
    return StoredReply(*row) if row is not None else None


def question_id_of_job(session: Session, job_id: str, session_id: int) -> int | None:
    """The job's question, if it and its session still exist (the student may delete them)."""
    query = (
        select(messages.c.id)
        .join(sessions, sessions.c.id == messages.c.session_id)
        .where(
            messages.c.job_id == job_id,
            messages.c.kind.in_(USER_KINDS),
            messages.c.session_id == session_id,
        )
        .with_for_update(of=sessions)  # a delete waits for us, or we see it gone
    )
    return session.execute(query).scalar()


def add_reply(
    session: Session,
    *,
    job_id: str,
    question_id: int,
    session_id: int,
    kind: str,
    content: str,
    verdict: dict[str, Any],
    clarification: dict[str, Any] | None,
) -> int:
    """One statement: the reply, the verdict, the question's labels and the session's
    clarification state. ``verdict`` holds the agent_verdicts columns but the ids."""
    labels = {"knowledge_type": verdict["knowledge_type"], "gate": verdict["gate"]}
    label_question = (
        update(messages).where(messages.c.id == question_id).values(**labels).cte("question")
    )
    update_session = (
        update(sessions)
        .where(sessions.c.id == session_id)
        .values(
            # SQL NULL, not JSON null, when nothing waits for an answer
            clarification=clarification if clarification is not None else null(),
            last_message_at=func.now(),
            updated_at=func.now(),
        )
        .cte("session")
    )
    add_verdict = (
        insert(verdicts)
        .values(job_id=job_id, message_id=question_id, **verdict, **_now("created_at"))
        .cte("verdict")
    )
    statement = (
        insert(messages)
        .values(
            session_id=session_id,
            role="assistant",
            kind=kind,
            content=content,
            job_id=job_id,
            **labels,
            **_now("created_at"),
        )
        .returning(messages.c.id)
        .add_cte(label_question, update_session, add_verdict)
    )
    return int(session.execute(statement).scalar_one())
