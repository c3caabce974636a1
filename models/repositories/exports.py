"""The research datasets as flat rows, read with a server-side cursor in chunks.

Each dataset is a header and a query of plain values; ``rows`` yields them
``CHUNK_ROWS`` at a time, so an export of any size holds one chunk in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.rubric import get_rubric
from core.vocabulary import KNOWLEDGE_TYPES
from models.chat import AgentVerdict, ChatSession, LearningSummary, Message, MessageRating
from models.research import Evaluation
from models.user import User

CHUNK_ROWS = 500
Rows = Select[*tuple[Any, ...]]
DATASETS = ("sessions", "messages", "evaluations", "summaries", "ratings")


@dataclass(frozen=True)
class Filters:
    students: Select[int]
    since: datetime | None = None
    until: datetime | None = None


def _within(column: InstrumentedAttribute[datetime], filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.since is not None:
        conditions.append(column >= filters.since)
    if filters.until is not None:
        conditions.append(column < filters.until)
    return conditions


def _sessions(filters: Filters) -> tuple[list[str], Rows]:
    count = (
        select(func.count(Message.id))
        .where(Message.session_id == ChatSession.id)
        .correlate(ChatSession)
        .scalar_subquery()
    )
    mode = (
        select(Message.mode)
        .where(Message.session_id == ChatSession.id, Message.mode.is_not(None))
        .order_by(Message.id.desc())
        .limit(1)
        .correlate(ChatSession)
        .scalar_subquery()
    )
    header = [
        "session_id",
        "student_id",
        "title",
        "status",
        "mode",
        "message_count",
        "created_at",
        "updated_at",
    ]
    query = (
        select(
            ChatSession.id,
            User.id,
            ChatSession.title,
            ChatSession.status,
            func.coalesce(mode, User.mode),
            count,
            ChatSession.created_at,
            ChatSession.updated_at,
        )
        .join(User, User.id == ChatSession.user_id)
        .where(ChatSession.user_id.in_(filters.students), *_within(ChatSession.created_at, filters))
        .order_by(ChatSession.id)
    )
    return header, query


def _messages(filters: Filters) -> tuple[list[str], Rows]:
    header = [
        "message_id",
        "session_id",
        "student_id",
        "role",
        "kind",
        "content",
        "knowledge_type",
        "gate",
        "mode",
        "verified",
        "rating_helpful",
        "rating_comment",
        "created_at",
    ]
    query = (
        select(
            Message.id,
            Message.session_id,
            ChatSession.user_id,
            Message.role,
            Message.kind,
            Message.content,
            AgentVerdict.knowledge_type,
            AgentVerdict.gate,
            Message.mode,
            AgentVerdict.verified,
            MessageRating.helpful,
            MessageRating.comment,
            Message.created_at,
        )
        .join(ChatSession, ChatSession.id == Message.session_id)
        .outerjoin(AgentVerdict, AgentVerdict.job_id == Message.job_id)
        .outerjoin(MessageRating, MessageRating.message_id == Message.id)
        .where(ChatSession.user_id.in_(filters.students), *_within(Message.created_at, filters))
        .order_by(Message.id)
    )
    return header, query


def _evaluations(filters: Filters) -> tuple[list[str], Rows]:
    rubric = get_rubric()
    header = [
        "evaluation_id",
        "session_id",
        "student_id",
        "evaluator",
        "teacher_id",
        "provider",
        "model",
        "elements",
        "scores",
        "total",
        "evidence",
        "comment",
        "created_at",
    ]
    query = (
        select(
            Evaluation.id,
            Evaluation.session_id,
            ChatSession.user_id,
            Evaluation.evaluator,
            Evaluation.teacher_id,
            Evaluation.provider,
            Evaluation.model,
            Evaluation.elements,
            Evaluation.scores,
            Evaluation.total,
            Evaluation.evidence,
            Evaluation.comment,
            Evaluation.created_at,
        )
        .join(ChatSession, ChatSession.id == Evaluation.session_id)
        .where(ChatSession.user_id.in_(filters.students), *_within(Evaluation.created_at, filters))
        .order_by(Evaluation.id)
    )
    # One column per element and per item, spelled out for spreadsheets.
    header = [*header[:7], *rubric.element_codes, *rubric.item_codes, *header[9:]]
    return header, query


def _summaries(filters: Filters) -> tuple[list[str], Rows]:
    header = [
        "summary_id",
        "session_id",
        "student_id",
        "summary",
        "key_concepts",
        "knowledge_types",
        "created_at",
    ]
    query = (
        select(
            LearningSummary.id,
            LearningSummary.session_id,
            LearningSummary.student_id,
            LearningSummary.summary,
            LearningSummary.key_concepts,
            LearningSummary.knowledge_types,
            LearningSummary.created_at,
        )
        .where(
            LearningSummary.student_id.in_(filters.students),
            *_within(LearningSummary.created_at, filters),
        )
        .order_by(LearningSummary.id)
    )
    header = [*header[:5], *KNOWLEDGE_TYPES, "created_at"]
    return header, query


def _ratings(filters: Filters) -> tuple[list[str], Rows]:
    header = ["message_id", "session_id", "student_id", "helpful", "comment", "created_at"]
    query = (
        select(
            MessageRating.message_id,
            Message.session_id,
            MessageRating.user_id,
            MessageRating.helpful,
            MessageRating.comment,
            MessageRating.created_at,
        )
        .join(Message, Message.id == MessageRating.message_id)
        .where(
            MessageRating.user_id.in_(filters.students),
            *_within(MessageRating.created_at, filters),
        )
        .order_by(MessageRating.message_id)
    )
    return header, query


_QUERIES = {
    "sessions": _sessions,
    "messages": _messages,
    "evaluations": _evaluations,
    "summaries": _summaries,
    "ratings": _ratings,
}


def _flatten(dataset: str, row: Sequence[Any]) -> list[Any]:
    """JSON columns spread into one column each (elements, item scores, K-type counts)."""
    if dataset == "evaluations":
        rubric = get_rubric()
        elements, scores = row[7], row[8]
        return [
            *row[:7],
            *(elements.get(code, 0) for code in rubric.element_codes),
            *(scores.get(code, 0.0) for code in rubric.item_codes),
            row[9],
            "; ".join(f"{code}: {text}" for code, text in (row[10] or {}).items()),
            *row[11:],
        ]
    if dataset == "summaries":
        counts = row[5] or {}
        return [
            *row[:4],
            ", ".join(row[4] or []),
            *(counts.get(k, 0) for k in KNOWLEDGE_TYPES),
            row[6],
        ]
    return list(row)


def header(dataset: str) -> list[str]:
    return _QUERIES[dataset](Filters(select(User.id)))[0]


def rows(session: Session, dataset: str, filters: Filters) -> Iterator[list[Any]]:
    """The dataset's rows, streamed from a server-side cursor."""
    _, query = _QUERIES[dataset](filters)
    result = session.execute(query.execution_options(yield_per=CHUNK_ROWS))
    for row in result:
        yield _flatten(dataset, row)
