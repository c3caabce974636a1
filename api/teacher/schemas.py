from __future__ import annotations

from datetime import datetime

from pydantic import Field

from api.schemas import Output, StrictInput
from api.sessions.schemas import SessionOut, SummaryOut


class TeacherDashboard(Output):
    students_count: int
    questions_today: int
    knowledge_types: dict[str, int]
    gates: dict[str, int]
    recent_summaries: list[SummaryOut]


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
    session_id: int = Field(ge=1)
    message_id: int | None = Field(default=None, ge=1)
    content: str = Field(min_length=1, max_length=4000)
