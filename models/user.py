from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from core.vocabulary import MODES
from models.base import Base, Timestamps

ROLES = ("student", "teacher", "admin")


class User(Timestamps, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint(f"mode IN {MODES}", name="mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16), index=True)
    # Null for users who only ever signed in with Google.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    google_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    mode: Mapped[str] = mapped_column(String(16), default="agent", server_default="agent")
    # Questions a day this student may ask; None = DAILY_QUESTION_LIMIT.
    daily_question_limit: Mapped[int | None]
