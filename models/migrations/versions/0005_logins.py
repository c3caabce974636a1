"""logins: one row per login (refresh-token family) with when it began and ended

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 12:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A login's start bounds its lifetime and its row is what refresh and logout lock.

    Existing families become logins that began with their first token; a family whose
    tokens are all revoked has ended.
    """
    op.create_table(
        "logins",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_logins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_logins")),
    )
    op.create_index(op.f("ix_logins_user_id"), "logins", ["user_id"], unique=False)
    op.execute(
        "INSERT INTO logins (id, user_id, started_at, ended_at) "
        "SELECT family_id, min(user_id), min(created_at), "
        "CASE WHEN bool_and(revoked_at IS NOT NULL) THEN max(revoked_at) END "
        "FROM refresh_tokens GROUP BY family_id"
    )
    op.create_foreign_key(
        op.f("fk_refresh_tokens_family_id_logins"),
        "refresh_tokens",
        "logins",
        ["family_id"],
        ["id"],
        ondelete="CASCADE",
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("fk_refresh_tokens_family_id_logins"), "refresh_tokens", type_="foreignkey"
    )
    op.drop_index(op.f("ix_logins_user_id"), table_name="logins")
    op.drop_table("logins")
