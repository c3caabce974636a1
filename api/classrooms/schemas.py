from __future__ import annotations

from datetime import datetime

from pydantic import Field

from api.schemas import Name, Output, StrictInput


class ClassroomCreate(StrictInput):
    name: Name


class ClassroomJoin(StrictInput):
    join_code: str = Field(min_length=1, max_length=32, description="Case does not matter.")


class ClassroomOut(Output):
    id: int
    name: str
    join_code: str


class ClassroomListItem(ClassroomOut):
    teacher_id: int
    student_count: int
    created_at: datetime
