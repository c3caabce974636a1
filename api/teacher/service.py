"""What a teacher sees: only students enrolled in their classrooms (an admin: every student).

Every lookup by a student, session or message id answers 404 outside that scope,
the same answer as for an id that does not exist.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Select
from sqlalchemy.orm import Session

from api.sessions.schemas import FeedbackOut, SessionDetail, SummaryOut
from api.sessions.service import chat_session_service, session_out
from api.teacher.schemas import (
    DigestOut,
    FeedbackCreate,
    StudentActivity,
    StudentSessionOut,
    TeacherDashboard,
)
from core.errors import NotFound
from models import ChatSession, Feedback, Message, User
from models.repositories import chat_sessions as sessions_repo
from models.repositories import classrooms as classrooms_repo
from models.repositories import digests as digests_repo
from models.repositories import stats

RECENT_SUMMARIES = 5
RECENT_DIGESTS = 7


def _teacher_id(viewer: User) -> int | None:
    """None stands for "every student" (admins)."""
    return None if viewer.role == "admin" else viewer.id


def student_scope(viewer: User) -> Select[int]:
    return classrooms_repo.visible_student_ids(teacher_id=_teacher_id(viewer))


class TeacherService:
    def require_student(self, session: Session, viewer: User, student_id: int) -> None:
        if not classrooms_repo.sees_student(
            session, teacher_id=_teacher_id(viewer), student_id=student_id
        ):
            raise NotFound("Student not found")

    def require_session(self, session: Session, viewer: User, session_id: int) -> ChatSession:
        chat = sessions_repo.get(session, session_id)
        if chat is None or not classrooms_repo.sees_student(
            session, teacher_id=_teacher_id(viewer), student_id=chat.user_id
        ):
            raise NotFound("Session not found")
        return chat

    def dashboard(
        self, session: Session, viewer: User, *, now: datetime | None = None
    ) -> TeacherDashboard:
        scope = student_scope(viewer)
        today_start = stats.day_start(stats.today(now or datetime.now(UTC)))
        summaries = stats.summaries_page(session, scope, limit=RECENT_SUMMARIES)
        return TeacherDashboard(
            students_count=stats.count_students(session, scope),
            questions_today=stats.count_questions(session, scope, since=today_start),
            knowledge_types=stats.knowledge_type_counts(session, scope),
            gates=stats.gate_counts(session, scope),
            ratings=stats.rating_counts(session, scope),
            recent_summaries=[SummaryOut.model_validate(s) for s in summaries],
            recent_digests=[
                DigestOut.model_validate(d)
                for d in digests_repo.recent_for_teacher(session, viewer.id, limit=RECENT_DIGESTS)
            ],
        )

    def students(
        self, session: Session, viewer: User, *, limit: int, offset: int
    ) -> list[StudentActivity]:
        rows = stats.student_activity(session, student_scope(viewer), limit=limit, offset=offset)
        return [
            StudentActivity(
                id=student.id,
                name=student.name,
                email=student.email,
                sessions_count=sessions_count,
                questions_count=questions_count,
                last_active_at=last_active_at,
            )
            for student, sessions_count, questions_count, last_active_at in rows
        ]

    def sessions(
        self, session: Session, viewer: User, *, student_id: int | None, limit: int, offset: int
    ) -> list[StudentSessionOut]:
        students: stats.Students = student_scope(viewer)
        if student_id is not None:
            self.require_student(session, viewer, student_id)
            students = student_id
        rows = stats.sessions_page(session, students, limit=limit, offset=offset)
        return [
            StudentSessionOut(**session_out(chat, count).model_dump(), student_id=chat.user_id)
            for chat, count in rows
        ]

    def session_detail(self, session: Session, viewer: User, session_id: int) -> SessionDetail:
        return chat_session_service.detail(
            session, self.require_session(session, viewer, session_id)
        )

    def add_feedback(self, session: Session, viewer: User, body: FeedbackCreate) -> FeedbackOut:
        """Feedback on a student's session, optionally on one message of it."""
        chat = self.require_session(session, viewer, body.session_id)
        if body.message_id is not None:
            message = session.get(Message, body.message_id)
            if message is None or message.session_id != chat.id:
                raise NotFound("Message not found in this session")
        feedback = Feedback(
            session_id=chat.id,
            teacher_id=viewer.id,
            message_id=body.message_id,
            content=body.content,
        )
        session.add(feedback)
        session.flush()
        return FeedbackOut.model_validate(feedback)

    def summaries(
        self,
        session: Session,
        viewer: User,
        *,
        student_id: int | None,
        since: datetime | None,
        limit: int,
        offset: int,
    ) -> list[SummaryOut]:
        students: stats.Students = student_scope(viewer)
        if student_id is not None:
            self.require_student(session, viewer, student_id)
            students = student_id
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        rows = stats.summaries_page(session, students, since=since, limit=limit, offset=offset)
        return [SummaryOut.model_validate(summary) for summary in rows]


teacher_service = TeacherService()
