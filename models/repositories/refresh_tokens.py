from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models.refresh_token import RefreshToken


def get_by_hash(
    session: Session, token_hash: str, *, for_update: bool = False
) -> RefreshToken | None:
    query = select(RefreshToken).where(RefreshToken.token_hash == token_hash)
    if for_update:
        # Two refreshes racing with one token: the second must see it used.
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def login_of(session: Session, token_hash: str) -> tuple[str, int] | None:
    """(family id, user id) of the token, read without locking anything."""
    query = select(RefreshToken.family_id, RefreshToken.user_id).where(
        RefreshToken.token_hash == token_hash
    )
    row = session.execute(query).first()
    return None if row is None else (row[0], row[1])


def add(session: Session, token: RefreshToken) -> RefreshToken:
    session.add(token)
    session.flush()
    return token


def revoke_family(session: Session, family_id: str, *, now: datetime) -> None:
    """Mark every live token of the family revoked (lock its Login first: see models.login)."""
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
