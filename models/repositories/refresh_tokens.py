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
        query = query.with_for_update()
    return session.scalar(query)


def add(session: Session, token: RefreshToken) -> RefreshToken:
    session.add(token)
    session.flush()
    return token


def revoke_family(session: Session, family_id: str, *, now: datetime) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def live_families(session: Session, user_id: int) -> list[str]:
    """The user's logins that are not revoked yet."""
    query = (
        select(RefreshToken.family_id)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .distinct()
    )
    return list(session.scalars(query))
