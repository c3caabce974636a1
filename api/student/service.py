"""A student's own dashboard and progress, from aggregate queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from api.sessions.schemas import SummaryOut
from api.sessions.service import session_out
from api.student.schemas import DayCount, StudentDashboard, StudentProgress
from models import User
from models.repositories import stats

RECENT_SESSIONS = 5


class StudentService:
    def dashboard(self, session: Session, student: User) -> StudentDashboard:
        recent = stats.sessions_page(session, student.id, limit=RECENT_SESSIONS, offset=0)
        latest = stats.summaries_page(session, student.id, limit=1)
        return StudentDashboard(
            sessions_count=stats.count_sessions(session, student.id),
            questions_count=stats.count_questions(session, student.id),
            recent_sessions=[session_out(chat, count) for chat, count in recent],
            knowledge_types=stats.knowledge_type_counts(session, student.id),
            latest_summary=SummaryOut.model_validate(latest[0]) if latest else None,
        )

    def progress(
        self,
        session: Session,
        student: User,
        *,
        days: int,
        summaries_limit: int,
        now: datetime | None = None,
    ) -> StudentProgress:
        """Questions per day for the last ``days`` days (zeros included), oldest first."""
        last_day = stats.today(now or datetime.now(UTC))
        first_day = last_day - timedelta(days=days - 1)
        counts = stats.questions_by_day(session, student.id, since=first_day)
        summaries = stats.summaries_page(session, student.id, limit=summaries_limit)
        return StudentProgress(
            questions_by_day=[
                DayCount(date=day, count=counts.get(day, 0))
                for day in (first_day + timedelta(days=n) for n in range(days))
            ],
            knowledge_types=stats.knowledge_type_counts(session, student.id),
            gates=stats.gate_counts(session, student.id),
            summaries=[SummaryOut.model_validate(summary) for summary in summaries],
        )


student_service = StudentService()
