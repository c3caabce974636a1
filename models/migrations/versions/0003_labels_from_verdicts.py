"""labels from verdicts: a message's knowledge type and gate are read from its job's verdict

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 11:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The labels were copies of agent_verdicts (written with it, by job): drop them."""
    op.drop_column("messages", "knowledge_type")
    op.drop_column("messages", "gate")


def downgrade() -> None:
    """Put the copies back, filled from the verdicts."""
    op.add_column("messages", sa.Column("knowledge_type", sa.String(length=2), nullable=True))
    op.add_column("messages", sa.Column("gate", sa.String(length=32), nullable=True))
    op.execute(
        "UPDATE messages SET knowledge_type = v.knowledge_type, gate = v.gate "
        "FROM agent_verdicts AS v WHERE v.job_id = messages.job_id"
    )
