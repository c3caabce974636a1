"""Classrooms: created by teachers with a join code, joined by students with it."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.classrooms.schemas import ClassroomCreate, ClassroomListItem, ClassroomOut
from core.errors import Conflict, NotFound
from models import Classroom, User
from models.repositories import classrooms as classrooms_repo

# No 0/O or 1/I: codes are read aloud and copied from a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
JOIN_CODE_ATTEMPTS = 5
JOIN_CODE_CONSTRAINT = "uq_classrooms_join_code"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    return code.strip().upper()


def _is_join_code_collision(error: IntegrityError) -> bool:
    diag = getattr(error.orig, "diag", None)
    return getattr(diag, "constraint_name", None) == JOIN_CODE_CONSTRAINT


class ClassroomService:
    def create(self, session: Session, teacher: User, body: ClassroomCreate) -> ClassroomOut:
        """A new classroom with a fresh join code (drawn again if it is taken)."""
        for _ in range(JOIN_CODE_ATTEMPTS):
            try:
                with session.begin_nested():
                    classroom = classrooms_repo.add(
                        session,
                        Classroom(teacher_id=teacher.id, name=body.name, join_code=new_join_code()),
                    )
            except IntegrityError as error:
                if not _is_join_code_collision(error):
                    raise
                continue
            return ClassroomOut.model_validate(classroom)
        raise Conflict("Could not find a free join code; please try again")

    def list_visible(
        self, session: Session, viewer: User, *, limit: int, offset: int
    ) -> list[ClassroomListItem]:
        """The teacher's own classrooms; every classroom for an admin."""
        teacher_id = None if viewer.role == "admin" else viewer.id
        rows = classrooms_repo.list_page(session, teacher_id=teacher_id, limit=limit, offset=offset)
        return [
            ClassroomListItem(
                id=classroom.id,
                name=classroom.name,
                join_code=classroom.join_code,
                teacher_id=classroom.teacher_id,
                student_count=count,
                created_at=classroom.created_at,
            )
            for classroom, count in rows
        ]

    def join(self, session: Session, student: User, join_code: str) -> ClassroomOut:
        """Enroll the student in the classroom with this code; joining again is a no-op."""
        classroom = classrooms_repo.get_by_join_code(session, normalise_join_code(join_code))
        if classroom is None:
            raise NotFound("No classroom has this join code")
        classrooms_repo.enroll(session, classroom_id=classroom.id, student_id=student.id)
        return ClassroomOut.model_validate(classroom)


classroom_service = ClassroomService()
