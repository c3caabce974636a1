"""The students of one classroom, for research views narrowed with ``classroom_id``."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models.classroom import Classroom, Enrollment
from models.user import User


def get_classroom(session: Session, classroom_id: int) -> Classroom | None:
    return session.get(Classroom, classroom_id)


def student_ids(classroom_id: int) -> Select[int]:
    """Ids of the students (role student) enrolled in the classroom."""
    return (
        select(Enrollment.student_id)
        .join(User, User.id == Enrollment.student_id)
        .where(Enrollment.classroom_id == classroom_id, User.role == "student")
    )


def students(session: Session, classroom_id: int) -> list[User]:
    """The classroom's students, by id (a stable order for balanced assignment)."""
    query = select(User).where(User.id.in_(student_ids(classroom_id))).order_by(User.id)
    return list(session.scalars(query))
