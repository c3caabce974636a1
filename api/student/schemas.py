from __future__ import annotations

import datetime as dt

from api.schemas import Output
from api.sessions.schemas import SessionOut, SummaryOut


class StudentDashboard(Output):
    sessions_count: int
    questions_count: int
    recent_sessions: list[SessionOut]
    knowledge_types: dict[str, int]
    latest_summary: SummaryOut | None


class DayCount(Output):
    date: dt.date
    count: int


class StudentProgress(Output):
    questions_by_day: list[DayCount]
    knowledge_types: dict[str, int]
    gates: dict[str, int]
    summaries: list[SummaryOut]
