from __future__ import annotations

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from models.user import User


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_for_share(session: Session, user_id: int) -> User | None:
    """The user, read with a share lock: a concurrent change of their password or status
    waits for this transaction, and this one sees any change already committed."""
    query = select(User).where(User.id == user_id).with_for_update(read=True)
    return session.scalar(query.execution_options(populate_existing=True))


def get_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def list_page(
    session: Session, *, limit: int, offset: int, role: str | None = None
) -> tuple[list[User], int]:
    """One page of users, oldest first, and how many match in all."""
    query = select(User)
    if role is not None:
        query = query.where(User.role == role)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    users = session.scalars(query.order_by(User.id).limit(limit).offset(offset)).all()
    return list(users), total


def add(session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def delete(session: Session, user: User) -> None:
    session.delete(user)
    session.flush()


def get_by_google_subject(session: Session, subject: str) -> User | None:
    return session.scalar(select(User).where(User.google_subject == subject))


def mode_of(connection: Connection, user_id: int) -> str:
    """The student's research mode ("agent" when the user is gone)."""
    mode = connection.scalar(select(User.mode).where(User.id == user_id))
    return mode or "agent"
