"""unclassified replies: a reply cancelled before its question was classified has no labels

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("agent_verdicts", "knowledge_type", existing_type=sa.String(2), nullable=True)
    op.alter_column("agent_verdicts", "gate", existing_type=sa.String(32), nullable=True)


def downgrade() -> None:
    """Unlabelled verdicts cannot stay: they go (their messages keep no labels)."""
    op.execute("DELETE FROM agent_verdicts WHERE knowledge_type IS NULL OR gate IS NULL")
    op.alter_column("agent_verdicts", "knowledge_type", existing_type=sa.String(2), nullable=False)
    op.alter_column("agent_verdicts", "gate", existing_type=sa.String(32), nullable=False)
