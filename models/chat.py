"""Chat sessions, their messages and the agent's verdict on each question."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.vocabulary import QUESTION_KINDS, REPLY_KINDS, ROLES
from models.base import Base, CreatedAt, Timestamps

SESSION_STATUSES = ("active", "archived")
MESSAGE_ROLES = ROLES
USER_KINDS = QUESTION_KINDS
ASSISTANT_KINDS = REPLY_KINDS


class ChatSession(Timestamps, Base):
    __tablename__ = "chat_sessions"
    __table_args__ = (
        CheckConstraint(f"status IN {SESSION_STATUSES}", name="status"),
        Index("ix_chat_sessions_user_id_updated_at", "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200), default="New chat")
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    # Set while the agent waits for the student's answer to a clarifying question:
    # {"question": original text, "answers": [...], "rounds": n}.
    clarification: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    last_message_at: Mapped[datetime | None]


class Message(CreatedAt, Base):
    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint(f"role IN {MESSAGE_ROLES}", name="role"),
        CheckConstraint(f"kind IN {USER_KINDS + ASSISTANT_KINDS}", name="kind"),
        # A redelivered task finds its message instead of storing it twice.
        UniqueConstraint("job_id", "kind", name="uq_messages_job_id_kind"),
        Index("ix_messages_session_id_id", "session_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("chat_sessions.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(64))
    # The student's mode when the reply was made (assistant messages; None on questions).
    mode: Mapped[str | None] = mapped_column(String(16))


class AgentVerdict(CreatedAt, Base):
    """The agent's verdict on one job: the one source of the labels of its question and
    reply, which read it through ``job_id``."""

    __tablename__ = "agent_verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(String(64), unique=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    # None for a reply cancelled before its question was classified.
    knowledge_type: Mapped[str | None] = mapped_column(String(2))
    gate: Mapped[str | None] = mapped_column(String(32))
    reasons: Mapped[str] = mapped_column(Text, default="")
    missing_fields: Mapped[list[str]] = mapped_column(JSONB, default=list)
    provider: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(100))
    latency_ms: Mapped[float] = mapped_column(Float)
    # The math engine computed or checked the result the reply states.
    verified: Mapped[bool] = mapped_column(default=False, server_default=false())
    finish_reason: Mapped[str] = mapped_column(
        String(16), default="complete", server_default="complete"
    )


class MessageRating(Timestamps, Base):
    """A student's rating of an assistant message of their own session (one per message)."""

    __tablename__ = "message_ratings"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    helpful: Mapped[bool]
    comment: Mapped[str | None] = mapped_column(String(500))


class Feedback(CreatedAt, Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    content: Mapped[str] = mapped_column(Text)


class LearningSummary(CreatedAt, Base):
    __tablename__ = "learning_summaries"
    __table_args__ = (
        # One summary per session per span of messages, however often the batch runs.
        UniqueConstraint("session_id", "last_message_id", name="uq_learning_summaries_span"),
        Index("ix_learning_summaries_student_id_created_at", "student_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("chat_sessions.id", ondelete="CASCADE"))
    summary: Mapped[str] = mapped_column(Text)
    key_concepts: Mapped[list[str]] = mapped_column(JSONB, default=list)
    knowledge_types: Mapped[dict[str, int]] = mapped_column(JSONB, default=dict)
    first_message_id: Mapped[int]
    last_message_id: Mapped[int]
