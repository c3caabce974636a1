"""Logins (refresh-token families). Whoever refreshes or ends one locks its row first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.login import Login


def start(session: Session, *, login_id: str, user_id: int, now: datetime) -> Login:
    login = Login(id=login_id, user_id=user_id, started_at=now)
    session.add(login)
    session.flush()
    return login


def get_for_update(session: Session, login_id: str) -> Login | None:
    """The login, locked until the transaction ends (a refresh or an ending in progress
    elsewhere makes this wait for it, and then see what it did)."""
    query = select(Login).where(Login.id == login_id).with_for_update()
    return session.scalar(query.execution_options(populate_existing=True))


def live_for_update(session: Session, user_id: int, *, keep: str | None = None) -> list[Login]:
    """The user's logins that have not ended (but ``keep``), locked in id order."""
    query = select(Login).where(Login.user_id == user_id, Login.ended_at.is_(None))
    if keep is not None:
        query = query.where(Login.id != keep)
    query = query.order_by(Login.id).with_for_update()
    return list(session.scalars(query.execution_options(populate_existing=True)))
