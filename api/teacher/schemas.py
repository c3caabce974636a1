from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from api.schemas import Id, Output, StrictInput
from api.sessions.schemas import SessionOut, SummaryOut


class DigestOut(Output):
    """A daily digest of the teacher's students' summaries (e-mailed when SMTP is set)."""

    id: int
    digest_date: date
    subject: str
    body: str
    sent_at: datetime | None
    created_at: datetime


class TeacherDashboard(Output):
    students_count: int
    questions_today: int
    knowledge_types: dict[str, int]
    gates: dict[str, int]
    # The students' ratings of answers: {"helpful": n, "not_helpful": n}.
    ratings: dict[str, int]
    recent_summaries: list[SummaryOut]
    recent_digests: list[DigestOut]


class StudentActivity(Output):
    id: int
    name: str
    email: str
    sessions_count: int
    questions_count: int
    last_active_at: datetime | None


class StudentSessionOut(SessionOut):
    student_id: int


class FeedbackCreate(StrictInput):
    session_id: Id
    message_id: Id | None = None
    content: str = Field(min_length=1, max_length=4000)
