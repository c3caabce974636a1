from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.chat.schemas import JobAccepted, QuestionIn
from api.chat.service import publish_chat_job
from api.deps import SessionDep, StateDep, require_role
from models import User

router = APIRouter(prefix="/student", tags=["student"])
StudentUser = Annotated[User, Depends(require_role("student"))]


@router.post("/questions/", response_model=JobAccepted, status_code=status.HTTP_202_ACCEPTED)
def ask_question(
    body: QuestionIn, state: StateDep, session: SessionDep, student: StudentUser
) -> JobAccepted:
    """Ask a question without holding a stream open; follow `events_url` for the answer."""
    job_id = publish_chat_job(state, session, student, body)
    return JobAccepted(job_id=job_id, events_url=f"/api/v1/maice/chat/jobs/{job_id}/events")
