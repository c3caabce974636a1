"""Classrooms, enrollments, and which students a teacher may see."""

from __future__ import annotations

from sqlalchemy import Select, exists, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from models.classroom import Classroom, Enrollment
from models.user import User

# Enrollments outlive role changes: a student who joined and was made a teacher or an
# admin later is still enrolled, but no teacher's scope holds them.
_IS_STUDENT = exists().where(User.id == Enrollment.student_id, User.role == "student")


def teacher_has_student(session: Session, *, teacher_id: int, student_id: int) -> bool:
    """Whether the user is a student enrolled in one of the teacher's classrooms."""
    query = select(
        exists()
        .where(Enrollment.student_id == student_id)
        .where(Enrollment.classroom_id == Classroom.id)
        .where(Classroom.teacher_id == teacher_id)
        .where(_IS_STUDENT)
    )
    return bool(session.scalar(query))


def visible_student_ids(*, teacher_id: int | None) -> Select[int]:
    """Ids of the students enrolled with ``teacher_id``; every student when it is None.
    Only users whose role is student, whatever else sits in a classroom."""
    if teacher_id is None:
        return select(User.id).where(User.role == "student")
    return (
        select(Enrollment.student_id)
        .join(Classroom, Classroom.id == Enrollment.classroom_id)
        .where(Classroom.teacher_id == teacher_id, _IS_STUDENT)
    )


def add(session: Session, classroom: Classroom) -> Classroom:
    session.add(classroom)
    session.flush()
    return classroom


def get_by_join_code(session: Session, join_code: str) -> Classroom | None:
    return session.scalar(select(Classroom).where(Classroom.join_code == join_code))


def list_page(
    session: Session, *, teacher_id: int | None, limit: int, offset: int
) -> list[tuple[Classroom, int]]:
    """Classrooms (of one teacher, or all when None) with their student counts, oldest first."""
    students = (
        select(func.count(Enrollment.student_id))
        .where(Enrollment.classroom_id == Classroom.id, _IS_STUDENT)
        .correlate(Classroom)
        .scalar_subquery()
    )
    query = select(Classroom, students).order_by(Classroom.id).limit(limit).offset(offset)
    if teacher_id is not None:
        query = query.where(Classroom.teacher_id == teacher_id)
    return [(classroom, count) for classroom, count in session.execute(query)]


def enroll(session: Session, *, classroom_id: int, student_id: int) -> None:
    """Enroll the student; enrolling twice (even concurrently) changes nothing."""
    session.execute(
        insert(Enrollment)
        .values(classroom_id=classroom_id, student_id=student_id)
        .on_conflict_do_nothing(index_elements=["classroom_id", "student_id"])
    )


def sees_student(session: Session, *, teacher_id: int | None, student_id: int) -> bool:
    """Whether the student is in ``visible_student_ids(teacher_id=...)``."""
    scope = visible_student_ids(teacher_id=teacher_id)
    return bool(session.scalar(select(exists().where(User.id == student_id, User.id.in_(scope)))))
