"""Rubric evaluations: stored once per rater (a teacher, or a provider and model)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from models.chat import ChatSession, Message
from models.research import Evaluation
from models.user import User


def get(session: Session, evaluation_id: int) -> Evaluation | None:
    return session.get(Evaluation, evaluation_id)


def add_teacher_once(session: Session, values: dict[str, Any]) -> Evaluation | None:
    """The teacher's evaluation, or None when they scored this session already."""
    evaluation_id = session.scalar(
        insert(Evaluation)
        .values(evaluator="teacher", **values)
        .on_conflict_do_nothing(constraint="uq_evaluations_session_teacher")
        .returning(Evaluation.id)
    )
    return None if evaluation_id is None else session.get(Evaluation, evaluation_id)


def add_agent_once(session: Session, values: dict[str, Any]) -> bool:
    """Store the agent's evaluation unless this provider and model scored the session
    already (a redelivered batch or reply stores nothing twice); True if stored."""
    stored = session.scalar(
        insert(Evaluation)
        .values(evaluator="agent", **values)
        .on_conflict_do_nothing(constraint="uq_evaluations_session_provider_model")
        .returning(Evaluation.id)
    )
    return stored is not None


def _with_messages() -> Any:
    return exists().where(Message.session_id == ChatSession.id)


def random_unscored_session(
    session: Session, students: Select[int], *, teacher_id: int
) -> ChatSession | None:
    """A random session (with messages) of ``students`` that the teacher has not scored."""
    scored = exists().where(
        Evaluation.session_id == ChatSession.id, Evaluation.teacher_id == teacher_id
    )
    query = (
        select(ChatSession)
        .where(ChatSession.user_id.in_(students), _with_messages(), ~scored)
        .order_by(func.random())
        .limit(1)
    )
    return session.scalar(query)


def sessions_to_score(
    session: Session,
    students: Select[int] | None,
    *,
    session_ids: Sequence[int] | None,
    provider: str,
    model: str | None,
) -> list[int]:
    """Sessions (with messages) of ``students`` (None: anyone's, for a batch the API scoped
    already) not yet scored by this provider (and model, when known), oldest first;
    ``session_ids`` narrows them."""
    scored = exists().where(
        Evaluation.session_id == ChatSession.id, Evaluation.provider == provider
    )
    if model is not None:
        scored = scored.where(Evaluation.model == model)
    query = select(ChatSession.id).where(_with_messages(), ~scored).order_by(ChatSession.id)
    if students is not None:
        query = query.where(ChatSession.user_id.in_(students))
    if session_ids is not None:
        query = query.where(ChatSession.id.in_(session_ids))
    return list(session.scalars(query))


def visible_session_ids(
    session: Session, students: Select[int], session_ids: Sequence[int]
) -> set[int]:
    query = select(ChatSession.id).where(
        ChatSession.id.in_(session_ids), ChatSession.user_id.in_(students)
    )
    return set(session.scalars(query))


def session_mode() -> Any:
    """The mode a session was tutored in: its latest reply's, else its student's now."""
    latest = (
        select(Message.mode)
        .where(
            Message.session_id == ChatSession.id,
            Message.role == "assistant",
            Message.mode.is_not(None),
        )
        .order_by(Message.id.desc())
        .limit(1)
        .correlate(ChatSession)
        .scalar_subquery()
    )
    return func.coalesce(latest, User.mode)


def list_with_mode(
    session: Session,
    students: Select[int],
    *,
    session_id: int | None = None,
    evaluator: str | None = None,
) -> list[tuple[Evaluation, str]]:
    """Evaluations of sessions of ``students``, oldest first, each with its session's mode."""
    query = (
        select(Evaluation, session_mode())
        .join(ChatSession, ChatSession.id == Evaluation.session_id)
        .join(User, User.id == ChatSession.user_id)
        .where(ChatSession.user_id.in_(students))
        .order_by(Evaluation.id)
    )
    if session_id is not None:
        query = query.where(Evaluation.session_id == session_id)
    if evaluator is not None:
        query = query.where(Evaluation.evaluator == evaluator)
    return [(evaluation, mode) for evaluation, mode in session.execute(query)]
