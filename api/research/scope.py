"""Whose data a research view covers: the viewer's students, narrowed to one classroom."""

from __future__ import annotations

from sqlalchemy import Select
from sqlalchemy.orm import Session

from core.errors import NotFound
from models import Classroom, User
from models.repositories import classroom_scope
from models.repositories import classrooms as classrooms_repo


def own_classroom(session: Session, viewer: User, classroom_id: int) -> Classroom:
    """The classroom if it is the viewer's (an admin: any); 404 otherwise."""
    classroom = classroom_scope.get_classroom(session, classroom_id)
    if classroom is None or (viewer.role != "admin" and classroom.teacher_id != viewer.id):
        raise NotFound("Classroom not found")
    return classroom


def students_in_scope(session: Session, viewer: User, classroom_id: int | None) -> Select[int]:
    """Ids of the viewer's students (an admin: every student), or of one of their classrooms."""
    if classroom_id is not None:
        return classroom_scope.student_ids(own_classroom(session, viewer, classroom_id).id)
    teacher_id = None if viewer.role == "admin" else viewer.id
    return classrooms_repo.visible_student_ids(teacher_id=teacher_id)


def language_of(accept_language: str | None) -> str:
    """ "ko" or "en": the first of the two the client lists (English when it lists neither)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("ko"):
            return "ko"
        if tag.startswith("en"):
            return "en"
    return "en"
