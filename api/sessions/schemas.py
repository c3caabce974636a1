from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from api.schemas import Output, StrictInput


class SessionCreate(StrictInput):
    title: str | None = Field(default=None, min_length=1, max_length=200)


class SessionUpdate(StrictInput):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    status: Literal["active", "archived"] | None = None


class SessionOut(Output):
    id: int
    title: str
    status: Literal["active", "archived"]
    created_at: datetime
    updated_at: datetime
    message_count: int = 0
    # The session's unfinished job, to resume its stream after a reload (else null).
    active_job_id: str | None = None


class MessageOut(Output):
    id: int
    role: Literal["user", "assistant"]
    kind: str
    content: str
    knowledge_type: str | None = None
    gate: str | None = None
    job_id: str | None
    created_at: datetime
    # For an answer: the math engine computed or checked the result it states.
    verified: bool = False
    rating: RatingSummary | None = None
    # For an assistant message: the student's mode it was made in (agent | freepass).
    mode: str | None = None


class RatingSummary(Output):
    helpful: bool
    comment: str | None


class FeedbackOut(Output):
    id: int
    teacher_id: int
    message_id: int | None
    content: str
    created_at: datetime


class SummaryOut(Output):
    id: int
    student_id: int
    session_id: int
    summary: str
    key_concepts: list[str]
    knowledge_types: dict[str, int]
    created_at: datetime


class SessionDetail(SessionOut):
    messages: list[MessageOut]
    summary: SummaryOut | None
    feedback: list[FeedbackOut]
