from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt


class TeacherDigest(CreatedAt, Base):
    """One teacher's daily digest of their students' learning summaries.

    Stored before it is e-mailed, so a failed send never loses it; ``sent_at``
    stays null until a send succeeds.
    """

    __tablename__ = "teacher_digests"
    __table_args__ = (UniqueConstraint("teacher_id", "digest_date", name="uq_teacher_digests_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    digest_date: Mapped[date]
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    summary_ids: Mapped[list[int]] = mapped_column(JSONB)
    last_summary_id: Mapped[int]
    sent_at: Mapped[datetime | None]
    send_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
