from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from api.chat.schemas import JobAccepted, QuestionIn
from api.chat.service import IdempotencyKeyDep, publish_chat_job
from api.classrooms.schemas import ClassroomJoin, ClassroomOut
from api.classrooms.service import classroom_service
from api.deps import SessionDep, StateDep, TokenClaimsDep, require_role
from api.openapi import answers
from api.student.schemas import StudentDashboard, StudentProgress
from api.student.service import student_service
from models import User

student_only = require_role("student")
# Also on the router, so a route added here cannot forget the role check.
router = APIRouter(prefix="/student", tags=["student"], dependencies=[Depends(student_only)])
StudentUser = Annotated[User, Depends(student_only)]


@router.post("/questions/", response_model=JobAccepted, status_code=status.HTTP_202_ACCEPTED)
@answers(429)
def ask_question(
    body: QuestionIn,
    state: StateDep,
    student: StudentUser,
    claims: TokenClaimsDep,
    key: IdempotencyKeyDep,
) -> JobAccepted:
    """Ask a question without holding a stream open; follow `events_url` for the answer.
    With an `Idempotency-Key` used before (same user, within 24 h), the answer is the
    first job's: nothing is asked again."""
    job_id = publish_chat_job(state, claims, body, key)
    return JobAccepted(job_id=job_id, events_url=f"/api/v1/maice/chat/jobs/{job_id}/events")


@router.get("/dashboard", response_model=StudentDashboard)
def dashboard(session: SessionDep, student: StudentUser) -> StudentDashboard:
    """Your totals, your 5 most recent sessions, questions per knowledge type (K1–K4)
    and your latest learning summary."""
    return student_service.dashboard(session, student)


@router.get("/progress/", response_model=StudentProgress)
def progress(
    session: SessionDep,
    student: StudentUser,
    days: Annotated[
        int, Query(ge=1, le=366, description="How many days `questions_by_day` covers.")
    ] = 30,
    summaries_limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> StudentProgress:
    """Your questions per day (the last `days` days, UTC, zeros included), all-time counts
    per knowledge type and gate, and your learning summaries, newest first."""
    return student_service.progress(session, student, days=days, summaries_limit=summaries_limit)


@router.post("/classrooms/join", response_model=ClassroomOut)
@answers(404)
def join_classroom(body: ClassroomJoin, session: SessionDep, student: StudentUser) -> ClassroomOut:
    """Join a classroom with the code your teacher gave you (any case). Joining a
    classroom you are already in is fine; an unknown code is 404."""
    return classroom_service.join(session, student, body.join_code)
