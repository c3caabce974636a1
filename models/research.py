"""Research records: rubric evaluations of sessions, and students' consent to research use."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamps

EVALUATORS = ("teacher", "agent")


class Evaluation(Timestamps, Base):
    """One rater's QAC score of one session: the 32 elements (code -> 0|1), the evidence
    per element, and the item scores and total computed from them on the server."""

    __tablename__ = "evaluations"
    __table_args__ = (
        CheckConstraint(f"evaluator IN {EVALUATORS}", name="evaluator"),
        # Once per teacher, and once per provider and model (NULLs are distinct in
        # PostgreSQL, so teacher rows and agent rows never collide with each other).
        UniqueConstraint("session_id", "teacher_id", name="uq_evaluations_session_teacher"),
        UniqueConstraint(
            "session_id", "provider", "model", name="uq_evaluations_session_provider_model"
        ),
        Index("ix_evaluations_session_id", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("chat_sessions.id", ondelete="CASCADE"))
    evaluator: Mapped[str] = mapped_column(String(16))
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(100))
    batch_id: Mapped[str | None] = mapped_column(String(64))
    elements: Mapped[dict[str, int]] = mapped_column(JSONB)
    evidence: Mapped[dict[str, str]] = mapped_column(JSONB, default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
    scores: Mapped[dict[str, float]] = mapped_column(JSONB)
    total: Mapped[float] = mapped_column(Float)


class Consent(Timestamps, Base):
    """A student's answer to one version of the research-consent text (withdrawable)."""

    __tablename__ = "consents"
    __table_args__ = (
        UniqueConstraint("student_id", "version", name="uq_consents_student_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(32))
    accepted: Mapped[bool]
    # When it was last accepted; None once withdrawn.
    accepted_at: Mapped[datetime | None]
