from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from models.chat import ChatSession, LearningSummary
from models.classroom import Classroom, Enrollment
from models.digest import TeacherDigest
from models.user import User

# Who owns classrooms; a deactivated or demoted teacher gets no more digests.
DIGEST_ROLES = ("teacher", "admin")


def receives_digests(user: User) -> bool:
    return user.is_active and user.role in DIGEST_ROLES


def _receives_digests(
    teacher_id: ColumnElement[int] | InstrumentedAttribute[int],
) -> ColumnElement[bool]:
    """SQL for ``receives_digests`` of the user ``teacher_id``."""
    teacher = aliased(User)  # queries around this one join the students as User
    return exists().where(
        teacher.id == teacher_id, teacher.is_active.is_(True), teacher.role.in_(DIGEST_ROLES)
    )


def new_summaries_by_teacher(
    session: Session, *, limit_per_teacher: int = 200
) -> dict[int, list[tuple[LearningSummary, User, ChatSession]]]:
    """Per active teacher: their students' summaries newer than the teacher's last digest
    (students only: a teacher or admin who sits in a classroom is no one's student)."""
    last_digested = (
        select(TeacherDigest.teacher_id, func.max(TeacherDigest.last_summary_id).label("last_id"))
        .group_by(TeacherDigest.teacher_id)
        .subquery()
    )
    teachers_students = (
        select(Classroom.teacher_id, Enrollment.student_id)
        .join(Enrollment, Enrollment.classroom_id == Classroom.id)
        .distinct()
        .subquery()
    )
    query = (
        select(teachers_students.c.teacher_id, LearningSummary, User, ChatSession)
        .join(LearningSummary, LearningSummary.student_id == teachers_students.c.student_id)
        .join(User, User.id == LearningSummary.student_id)
        .join(ChatSession, ChatSession.id == LearningSummary.session_id)
        .outerjoin(last_digested, last_digested.c.teacher_id == teachers_students.c.teacher_id)
        .where(LearningSummary.id > func.coalesce(last_digested.c.last_id, 0))
        .where(User.role == "student", _receives_digests(teachers_students.c.teacher_id))
        .order_by(teachers_students.c.teacher_id, User.name, LearningSummary.id)
    )
    grouped: dict[int, list[tuple[LearningSummary, User, ChatSession]]] = {}
    for teacher_id, summary, student, chat in session.execute(query):
        rows = grouped.setdefault(teacher_id, [])
        if len(rows) < limit_per_teacher:
            rows.append((summary, student, chat))
    return grouped


def add_once(session: Session, digest: dict[str, object]) -> int | None:
    """Insert the day's digest unless the teacher has one; the new id, or None."""
    statement = (
        insert(TeacherDigest)
        .values(**digest)
        .on_conflict_do_nothing(constraint="uq_teacher_digests_day")
        .returning(TeacherDigest.id)
    )
    return session.scalar(statement)


def unsent(session: Session, *, since: date) -> list[int]:
    """Digests still to e-mail (of teachers who still receive digests)."""
    query = select(TeacherDigest.id).where(
        TeacherDigest.sent_at.is_(None),
        TeacherDigest.digest_date >= since,
        _receives_digests(TeacherDigest.teacher_id),
    )
    return list(session.scalars(query))


def get_for_update(session: Session, digest_id: int) -> TeacherDigest | None:
    return session.get(TeacherDigest, digest_id, with_for_update=True)


def recent_for_teacher(session: Session, teacher_id: int, *, limit: int) -> list[TeacherDigest]:
    query = (
        select(TeacherDigest)
        .where(TeacherDigest.teacher_id == teacher_id)
        .order_by(TeacherDigest.digest_date.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
