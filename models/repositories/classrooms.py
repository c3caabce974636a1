from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from models.classroom import Classroom, Enrollment


def teacher_has_student(session: Session, *, teacher_id: int, student_id: int) -> bool:
    """Whether the student is enrolled in one of the teacher's classrooms."""
    query = select(
        exists()
        .where(Enrollment.student_id == student_id)
        .where(Enrollment.classroom_id == Classroom.id)
        .where(Classroom.teacher_id == teacher_id)
    )
    return bool(session.scalar(query))
