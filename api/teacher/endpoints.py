from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from api.classrooms.schemas import ClassroomCreate, ClassroomListItem, ClassroomOut
from api.classrooms.service import classroom_service
from api.deps import SessionDep, require_role
from api.openapi import answers
from api.schemas import DateTimeParam, Id
from api.sessions.schemas import FeedbackOut, SessionDetail, SummaryOut
from api.teacher.schemas import (
    FeedbackCreate,
    StudentActivity,
    StudentSessionOut,
    TeacherDashboard,
)
from api.teacher.service import teacher_service
from models import User

teacher_only = require_role("teacher", "admin")
# Also on the router, so a route added here cannot forget the role check.
router = APIRouter(prefix="/teacher", tags=["teacher"], dependencies=[Depends(teacher_only)])
TeacherUser = Annotated[User, Depends(teacher_only)]
Limit = Annotated[int, Query(ge=1, le=200, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items.")]
StudentFilter = Annotated[
    Id | None, Query(description="Only this student (404 if not one of yours).")
]


@router.post("/classrooms/", response_model=ClassroomOut, status_code=status.HTTP_201_CREATED)
@answers(409)  # no free join code found: rare, and worth a retry
def create_classroom(
    body: ClassroomCreate, session: SessionDep, teacher: TeacherUser
) -> ClassroomOut:
    """Create a classroom; students join it with the returned `join_code`."""
    return classroom_service.create(session, teacher, body)


@router.get("/classrooms/", response_model=list[ClassroomListItem])
def list_classrooms(
    session: SessionDep, teacher: TeacherUser, limit: Limit = 100, offset: Offset = 0
) -> list[ClassroomListItem]:
    """Your classrooms with their student counts, oldest first (an admin sees all)."""
    return classroom_service.list_visible(session, teacher, limit=limit, offset=offset)


@router.get("/dashboard", response_model=TeacherDashboard)
def dashboard(session: SessionDep, teacher: TeacherUser) -> TeacherDashboard:
    """Your students at a glance: how many, questions asked today (UTC), all-time
    questions per knowledge type and gate, and the 5 newest learning summaries."""
    return teacher_service.dashboard(session, teacher)


@router.get("/students/", response_model=list[StudentActivity])
def list_students(
    session: SessionDep, teacher: TeacherUser, limit: Limit = 50, offset: Offset = 0
) -> list[StudentActivity]:
    """Students enrolled in your classrooms (an admin: every student), by name, with
    their session and question counts and when they last wrote a message."""
    return teacher_service.students(session, teacher, limit=limit, offset=offset)


@router.get("/sessions/", response_model=list[StudentSessionOut])
def list_sessions(
    session: SessionDep,
    teacher: TeacherUser,
    student_id: StudentFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[StudentSessionOut]:
    """Your students' chat sessions, most recently active first."""
    return teacher_service.sessions(
        session, teacher, student_id=student_id, limit=limit, offset=offset
    )


@router.get("/sessions/{session_id}", response_model=SessionDetail)
def get_session(session_id: Id, session: SessionDep, teacher: TeacherUser) -> SessionDetail:
    """A session of one of your students with its messages, latest summary and feedback."""
    return teacher_service.session_detail(session, teacher, session_id)


@router.post("/feedback/", response_model=FeedbackOut, status_code=status.HTTP_201_CREATED)
def create_feedback(body: FeedbackCreate, session: SessionDep, teacher: TeacherUser) -> FeedbackOut:
    """Write feedback on a student's session, optionally on one of its messages; the
    student sees it on the session. 404 if the session or message is not one of yours."""
    return teacher_service.add_feedback(session, teacher, body)


@router.get("/summaries/", response_model=list[SummaryOut])
def list_summaries(
    session: SessionDep,
    teacher: TeacherUser,
    student_id: StudentFilter = None,
    since: Annotated[
        DateTimeParam | None,
        Query(description="Only summaries created at or after this time (UTC without an offset)."),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[SummaryOut]:
    """Your students' learning summaries, newest first."""
    return teacher_service.summaries(
        session, teacher, student_id=student_id, since=since, limit=limit, offset=offset
    )
