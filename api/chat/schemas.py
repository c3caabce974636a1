from __future__ import annotations

from pydantic import Field

from api.schemas import Output, StrictInput


class QuestionIn(StrictInput):
    question: str = Field(min_length=1, max_length=4000)
    session_id: int | None = Field(default=None, ge=1)


class JobAccepted(Output):
    job_id: str
    events_url: str


class JobCancelled(Output):
    job_id: str
