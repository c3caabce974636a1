from __future__ import annotations

from datetime import datetime

from pydantic import Field

from api.schemas import Output, StrictInput


class RatingIn(StrictInput):
    helpful: bool
    comment: str | None = Field(default=None, max_length=500)


class RatingOut(Output):
    message_id: int
    helpful: bool
    comment: str | None
    created_at: datetime
