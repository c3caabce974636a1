"""Balanced random assignment of a classroom's students to the agent and freepass modes."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from api.research.schemas import ModeCounts
from api.research.scope import own_classroom
from models import User
from models.repositories import classroom_scope


def assign_modes(session: Session, viewer: User, classroom_id: int) -> ModeCounts:
    """Shuffle the classroom's students and split them in halves (an odd one out lands
    in either mode at random); every student gets a mode, replacing the one they had."""
    classroom = own_classroom(session, viewer, classroom_id)
    students = classroom_scope.students(session, classroom.id)
    secrets.SystemRandom().shuffle(students)
    agents = len(students) // 2 + (len(students) % 2 if secrets.randbelow(2) else 0)
    for index, student in enumerate(students):
        student.mode = "agent" if index < agents else "freepass"
    session.flush()
    return ModeCounts(agent=agents, freepass=len(students) - agents)
