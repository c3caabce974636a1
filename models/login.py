from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Login(Base):
    """One sign-in of a user; its refresh tokens (one family) carry its id as ``family_id``.

    It ends (``ended_at``) at logout, when a used token comes back, when the user's
    password changes or the user is deactivated, and by age ``JWT_REFRESH_TOKEN_MAX_DAYS``
    after ``started_at`` however often it was refreshed. A refresh and an ending both lock
    this row first, so they never interleave: whichever comes second sees the other's work.
    """

    __tablename__ = "logins"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
