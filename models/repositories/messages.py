"""The chat job's writes: a question in, a reply out.

They run for every question, so they are Core statements built once at import,
run on a plain Connection (no ORM session, no statement building or cache-key
hashing per call), in as few round trips as idempotency allows: nothing is
stored twice when a task is redelivered. Parameters are named ``p_<column>``:
SQLAlchemy reserves plain column names in VALUES and SET.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import JSONB

from core.vocabulary import Turn
from models.chat import ASSISTANT_KINDS, USER_KINDS, AgentVerdict, ChatSession, Message

messages: Table = Message.__table__  # type: ignore[assignment]
sessions: Table = ChatSession.__table__  # type: ignore[assignment]
verdicts: Table = AgentVerdict.__table__  # type: ignore[assignment]
VERDICT_COLUMNS = (
    "knowledge_type",
    "gate",
    "reasons",
    "missing_fields",
    "provider",
    "model",
    "latency_ms",
    "verified",
    "finish_reason",
)


def _now(*columns: str) -> dict[str, Any]:
    """The database clock for these columns: SQLAlchemy cannot apply the models'
    Python-side defaults to statements with a WITH (it refuses, or sends NULL)."""
    return dict.fromkeys(columns, func.now())


def _params(*columns: str) -> dict[str, Any]:
    return {column: bindparam(f"p_{column}") for column in columns}


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
    verified: bool
    finish_reason: str


_QUESTION_OF_JOB = (
    select(
        messages.c.id,
        messages.c.session_id,
        messages.c.kind,
        messages.c.content,
        sessions.c.title,
        sessions.c.clarification,
    )
    .join(sessions, sessions.c.id == messages.c.session_id)
    .where(messages.c.job_id == bindparam("p_job_id"), messages.c.kind.in_(USER_KINDS))
)


def question_of_job(connection: Connection, job_id: str) -> StoredQuestion | None:
    """The question an earlier delivery of the job stored, if any."""
    row = connection.execute(_QUESTION_OF_JOB, {"p_job_id": job_id}).first()
    return StoredQuestion(*row) if row is not None else None


_already_stored = (
    select(messages.c.id)
    .where(messages.c.job_id == bindparam("p_job_id"), messages.c.kind.in_(USER_KINDS))
    .exists()
)
_new_session = (
    insert(sessions)
    .from_select(
        ["user_id", "title", "created_at", "updated_at", "last_message_at"],
        select(
            bindparam("p_user_id"), bindparam("p_title"), func.now(), func.now(), func.now()
        ).where(~_already_stored),
    )
    .returning(sessions.c.id)
    .cte("new_session")
)
_ADD_QUESTION_TO_NEW_SESSION = (
    insert(messages)
    .from_select(
        ["session_id", "role", "kind", "content", "job_id", "created_at"],
        select(
            _new_session.c.id,
            literal("user"),
            literal("question"),
            bindparam("p_content"),
            bindparam("p_job_id"),
            func.now(),
        ),
    )
    .returning(messages.c.id, messages.c.session_id)
)


def add_question_to_new_session(
    connection: Connection, *, job_id: str, user_id: int, title: str, question: str
) -> StoredQuestion | None:
    """One statement: the session and its first message; None (and nothing written)
    if an earlier delivery of the job stored its question already."""
    params = {"p_user_id": user_id, "p_title": title, "p_content": question, "p_job_id": job_id}
    row = connection.execute(_ADD_QUESTION_TO_NEW_SESSION, params).first()
    if row is None:
        return None
    message_id, session_id = row
    return StoredQuestion(message_id, session_id, "question", question, title, None)


# Locks the session row until commit, so a session's jobs are stored one by one.
_TOUCH_SESSION = (
    update(sessions)
    .where(sessions.c.id == bindparam("p_id"), sessions.c.user_id == bindparam("p_user_id"))
    .values(**_now("last_message_at", "updated_at"))
    .returning(sessions.c.title, sessions.c.clarification)
)
_ADD_QUESTION = (
    insert(messages)
    .values(
        role="user",
        **_params("session_id", "kind", "content", "job_id"),
        **_now("created_at"),
    )
    .returning(messages.c.id)
)


def add_question_to_session(
    connection: Connection, *, job_id: str, user_id: int, session_id: int, question: str
) -> StoredQuestion | None:
    """The question as the next message of the user's session; None if it is gone.

    A session waiting for a clarification takes the message as the answer to it.
    """
    row = connection.execute(_TOUCH_SESSION, {"p_id": session_id, "p_user_id": user_id}).first()
    if row is None:
        return None
    title, clarification = row
    kind = "clarification_answer" if clarification else "question"
    params = {
        "p_session_id": session_id,
        "p_kind": kind,
        "p_content": question,
        "p_job_id": job_id,
    }
    message_id = connection.execute(_ADD_QUESTION, params).scalar_one()
    return StoredQuestion(message_id, session_id, kind, question, title, clarification)


_RECENT = (
    select(messages.c.role, messages.c.content)
    .where(
        messages.c.session_id == bindparam("p_session_id"),
        messages.c.id < bindparam("p_before_id"),
    )
    .order_by(messages.c.id.desc())
    .limit(bindparam("p_limit"))
)


def recent(connection: Connection, session_id: int, *, before_id: int, limit: int) -> list[Turn]:
    """The ``limit`` messages before ``before_id``, oldest first."""
    params = {"p_session_id": session_id, "p_before_id": before_id, "p_limit": limit}
    rows = connection.execute(_RECENT, params).all()
    return [Turn(role, content) for role, content in reversed(rows)]


_replies = messages.alias("reply")
_QUESTION_AND_REPLY_OF_JOB = (
    select(
        messages.c.id,
        _replies.c.id,
        _replies.c.kind,
        _replies.c.content,
        verdicts.c.verified,
        verdicts.c.finish_reason,
    )
    .join(sessions, sessions.c.id == messages.c.session_id)
    .outerjoin(
        _replies,
        (_replies.c.job_id == messages.c.job_id) & _replies.c.kind.in_(ASSISTANT_KINDS),
    )
    .outerjoin(verdicts, verdicts.c.job_id == messages.c.job_id)
    .where(
        messages.c.job_id == bindparam("p_job_id"),
        messages.c.kind.in_(USER_KINDS),
        messages.c.session_id == bindparam("p_session_id"),
    )
    .with_for_update(of=sessions)  # a delete of the session waits for us, or we see it gone
)


def question_and_reply_of_job(
    connection: Connection, job_id: str, session_id: int
) -> tuple[int, StoredReply | None] | None:
    """The job's question id and the reply an earlier delivery stored, if any; None if
    the question is gone (the student deleted the session, or themselves)."""
    params = {"p_job_id": job_id, "p_session_id": session_id}
    row = connection.execute(_QUESTION_AND_REPLY_OF_JOB, params).first()
    if row is None:
        return None
    question_id, reply_id, *reply = row
    return question_id, StoredReply(reply_id, *reply) if reply_id is not None else None


_update_session = (
    update(sessions)
    .where(sessions.c.id == bindparam("p_session_id"))
    .values(
        # None is SQL NULL (nothing waits for an answer), not JSON null
        clarification=bindparam("p_clarification", type_=JSONB(none_as_null=True)),
        **_now("last_message_at", "updated_at"),
    )
    .cte("session")
)
_add_verdict = (
    insert(verdicts)
    .values(
        job_id=bindparam("p_job_id"),
        message_id=bindparam("p_question_id"),
        **_params(*VERDICT_COLUMNS),
        **_now("created_at"),
    )
    .cte("verdict")
)
_ADD_REPLY = (
    insert(messages)
    .values(
        role="assistant",
        **_params("session_id", "kind", "content", "job_id", "mode"),
        **_now("created_at"),
    )
    .returning(messages.c.id)
    .add_cte(_update_session, _add_verdict)
)


def add_reply(
    connection: Connection,
    *,
    job_id: str,
    question_id: int,
    session_id: int,
    kind: str,
    content: str,
    verdict: dict[str, Any],
    clarification: dict[str, Any] | None,
    mode: str = "agent",
) -> int:
    """One statement: the reply, the verdict (the one source of the job's labels) and
    the session's clarification state. ``verdict`` holds the VERDICT_COLUMNS."""
    params = {
        "p_job_id": job_id,
        "p_question_id": question_id,
        "p_session_id": session_id,
        "p_kind": kind,
        "p_content": content,
        "p_clarification": clarification,
        "p_mode": mode,
        **{f"p_{column}": value for column, value in verdict.items()},
    }
    return int(connection.execute(_ADD_REPLY, params).scalar_one())
