from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from api.schemas import Email, Name, Output, Password, StrictInput
from core.vocabulary import Mode

Role = Literal["student", "teacher", "admin"]


class UserOut(Output):
    id: int
    email: str
    name: str
    role: Role
    created_at: datetime


class UserAdminOut(UserOut):
    is_active: bool
    mode: Mode
    # None: DAILY_QUESTION_LIMIT applies.
    daily_question_limit: int | None


class UserCreate(StrictInput):
    email: Email
    password: Password
    name: Name
    role: Role = "student"


class UserUpdate(StrictInput):
    name: Name | None = None
    role: Role | None = None
    is_active: bool | None = None
    password: Password | None = None
    # Admin only. An explicit null puts the limit back to DAILY_QUESTION_LIMIT.
    mode: Mode | None = None
    daily_question_limit: int | None = Field(default=None, ge=1, le=100_000)
    # Required when users change their own password (checked, not stored).
    current_password: str | None = Field(default=None, min_length=1, max_length=128)


class UserPage(Output):
    items: list[UserAdminOut]
    total: int = Field(ge=0)
