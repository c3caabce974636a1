from __future__ import annotations

from pydantic import Field

from api.schemas import Id, Output, StrictInput


class QuestionIn(StrictInput):
    question: str = Field(min_length=1, max_length=4000)
    session_id: Id | None = None


class JobAccepted(Output):
    job_id: str
    events_url: str


class JobCancelled(Output):
    job_id: str
