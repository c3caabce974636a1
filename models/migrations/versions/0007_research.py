"""research: rubric evaluations, consents, per-student mode and daily limit, reply mode

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 14:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    ]


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("mode", sa.String(length=16), server_default="agent", nullable=False)
    )
    op.add_column("users", sa.Column("daily_question_limit", sa.Integer(), nullable=True))
    op.create_check_constraint("mode", "users", "mode IN ('agent', 'freepass')")
    op.add_column("messages", sa.Column("mode", sa.String(length=16), nullable=True))
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("evaluator", sa.String(length=16), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("provider", sa.String(length=32), nullable=True),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("batch_id", sa.String(length=64), nullable=True),
        sa.Column("elements", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("evidence", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("scores", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "evaluator IN ('teacher', 'agent')", name=op.f("ck_evaluations_evaluator")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["chat_sessions.id"],
            name=op.f("fk_evaluations_session_id_chat_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["users.id"],
            name=op.f("fk_evaluations_teacher_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
        sa.UniqueConstraint("session_id", "teacher_id", name="uq_evaluations_session_teacher"),
        sa.UniqueConstraint(
            "session_id", "provider", "model", name="uq_evaluations_session_provider_model"
        ),
    )
    op.create_index("ix_evaluations_session_id", "evaluations", ["session_id"], unique=False)
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["users.id"],
            name=op.f("fk_consents_student_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
        sa.UniqueConstraint("student_id", "version", name="uq_consents_student_version"),
    )


def downgrade() -> None:
    op.drop_table("consents")
    op.drop_index("ix_evaluations_session_id", table_name="evaluations")
    op.drop_table("evaluations")
    op.drop_column("messages", "mode")
    op.drop_constraint(op.f("ck_users_mode"), "users", type_="check")
    op.drop_column("users", "daily_question_limit")
    op.drop_column("users", "mode")
