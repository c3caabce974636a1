"""Aggregate and scoped read queries over students' activity (dashboards, teacher views).

``students`` is one student's id or a query of student ids (a teacher's scope).
Every count is computed in SQL; no query loads a student's messages.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TypeVarTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.vocabulary import GATES, KNOWLEDGE_TYPES
from models.chat import AgentVerdict, ChatSession, LearningSummary, Message, MessageRating
from models.user import User

Students = int | Select[int]
# The one place that decides where a reporting day begins. When settings grow a
# TIMEZONE, read it here; SQL grouping and "today" both follow.
REPORT_TIMEZONE = "UTC"
_Ts = TypeVarTuple("_Ts")


def today(now: datetime) -> date:
    """The reporting day ``now`` falls on."""
    return now.astimezone(ZoneInfo(REPORT_TIMEZONE)).date()


def day_start(day: date) -> datetime:
    """The instant the reporting day ``day`` begins."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(REPORT_TIMEZONE))


def _report_day(column: InstrumentedAttribute[datetime]) -> ColumnElement[date]:
    return func.date(func.timezone(REPORT_TIMEZONE, column))


def _of(column: InstrumentedAttribute[int], students: Students) -> ColumnElement[bool]:
    if isinstance(students, int):
        return column == students
    return column.in_(students)


def _all_questions(query: Select[*_Ts]) -> Select[*_Ts]:
    """Limit ``query`` (over Message) to questions, joined to their sessions.

    Clarification answers complete a question; they are not new ones.
    """
    return query.join(ChatSession, ChatSession.id == Message.session_id).where(
        Message.role == "user", Message.kind == "question"
    )


def _questions(query: Select[*_Ts], students: Students) -> Select[*_Ts]:
    return _all_questions(query).where(_of(ChatSession.user_id, students))


def count_students(session: Session, students: Select[int]) -> int:
    return session.scalar(select(func.count(User.id)).where(User.id.in_(students))) or 0


def count_sessions(session: Session, students: Students) -> int:
    query = select(func.count(ChatSession.id)).where(_of(ChatSession.user_id, students))
    return session.scalar(query) or 0


def count_questions(session: Session, students: Students, *, since: datetime | None = None) -> int:
    query = _questions(select(func.count(Message.id)), students)
    if since is not None:
        query = query.where(Message.created_at >= since)
    return session.scalar(query) or 0


def _counts_by(
    session: Session,
    students: Students,
    column: InstrumentedAttribute[str | None],
    keys: tuple[str, ...],
) -> dict[str, int]:
    query = (
        _questions(select(column, func.count(Message.id)), students)
        .join(AgentVerdict, AgentVerdict.job_id == Message.job_id)
        .group_by(column)
    )
    found = {key: count for key, count in session.execute(query) if key is not None}
    return {key: found.get(key, 0) for key in keys}


def knowledge_type_counts(session: Session, students: Students) -> dict[str, int]:
    """Questions per knowledge type; every type is present, unclassified ones are left out."""
    return _counts_by(session, students, AgentVerdict.knowledge_type, KNOWLEDGE_TYPES)


def gate_counts(session: Session, students: Students) -> dict[str, int]:
    """Questions per gate verdict; every gate is present, unclassified ones are left out."""
    return _counts_by(session, students, AgentVerdict.gate, GATES)


def rating_counts(session: Session, students: Students) -> dict[str, int]:
    """The students' ratings of answers: how many helpful, how many not."""
    query = (
        select(MessageRating.helpful, func.count())
        .join(Message, Message.id == MessageRating.message_id)
        .join(ChatSession, ChatSession.id == Message.session_id)
        .where(_of(ChatSession.user_id, students))
        .group_by(MessageRating.helpful)
    )
    found = dict(session.execute(query).all())
    return {"helpful": found.get(True, 0), "not_helpful": found.get(False, 0)}


def questions_by_day(session: Session, students: Students, *, since: date) -> dict[date, int]:
    """Questions per reporting day from ``since`` on (days without questions are absent)."""
    day = _report_day(Message.created_at)
    query = (
        _questions(select(day, func.count(Message.id)), students)
        .where(Message.created_at >= day_start(since))
        .group_by(day)
    )
    return dict(session.execute(query).all())


def sessions_page(
    session: Session, students: Students, *, limit: int, offset: int
) -> list[tuple[ChatSession, int]]:
    """The students' sessions with message counts, most recently active first."""
    messages = (
        select(func.count(Message.id))
        .where(Message.session_id == ChatSession.id)
        .correlate(ChatSession)
        .scalar_subquery()
    )
    query = (
        select(ChatSession, messages)
        .where(_of(ChatSession.user_id, students))
        .order_by(ChatSession.created_at.desc(), ChatSession.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.execute(query))


def summaries_page(
    session: Session,
    students: Students,
    *,
    since: datetime | None = None,
    limit: int,
    offset: int = 0,
) -> list[LearningSummary]:
    """The students' learning summaries, newest first."""
    query = select(LearningSummary).where(_of(LearningSummary.student_id, students))
    if since is not None:
        query = query.where(LearningSummary.created_at >= since)
    query = query.order_by(LearningSummary.created_at.desc(), LearningSummary.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset)))


def student_activity(
    session: Session, students: Select[int], *, limit: int, offset: int
) -> list[tuple[User, int, int, datetime | None]]:
    """Each student with their session count, question count and last message time, by name."""
    own_sessions = ChatSession.user_id == User.id
    sessions_count = (
        select(func.count(ChatSession.id)).where(own_sessions).correlate(User).scalar_subquery()
    )
    questions_count = (
        _all_questions(select(func.count(Message.id)))
        .where(own_sessions)
        .correlate(User)
        .scalar_subquery()
    )
    last_active_at = (
        select(func.max(Message.created_at))
        .join(ChatSession, ChatSession.id == Message.session_id)
        .where(own_sessions, Message.role == "user")
        .correlate(User)
        .scalar_subquery()
    )
    query = (
        select(User, sessions_count, questions_count, last_active_at)
        .where(User.id.in_(students))
        .order_by(User.name, User.id)
        .limit(limit)
        .offset(offset)
    )
    return list(session.execute(query))
