"""Small factories for test data, written through the real services."""

from __future__ import annotations

import itertools
from datetime import timedelta
from functools import lru_cache
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.users.schemas import UserCreate
from api.users.service import user_service
from core.security import create_access_token, hash_password, new_family_id
from core.settings import get_settings
from models import User
from models.chat import AgentVerdict, Message
from models.database import Database

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def create_user(role: str = "student", *, password: str = PASSWORD, **fields: Any) -> User:
    number = next(_counter)
    values = {"email": f"{role}{number}@example.com", "name": f"{role.title()} {number}"} | fields
    database = Database(get_settings(), pool_size=1)
    try:
        with database.session() as session:
            user = user_service.create(
                session,
                UserCreate(role=role, password=password, **values),  # type: ignore[arg-type]
            )
            session.commit()
            return user
    finally:
        database.dispose()


@lru_cache(maxsize=1)
def _shared_password_hash() -> str:
    return hash_password(PASSWORD)


def signed_in(client: TestClient, role: str = "student") -> tuple[User, dict[str, str]]:
    """A new user and their auth headers, cheaply: the row is inserted directly (one argon2
    hash per run, not per user) and the token is signed as /auth/login signs it."""
    number = next(_counter)
    state = client.app.state.maice  # type: ignore[attr-defined]
    with state.database.session() as session:
        user = User(
            email=f"quick-{role}{number}@example.com",
            name=f"Quick {role} {number}",
            role=role,
            password_hash=_shared_password_hash(),
            is_active=True,
        )
        session.add(user)
        session.commit()
    token, _ = create_access_token(
        user_id=user.id,
        role=role,
        family_id=new_family_id(),
        secret=state.jwt_secret,
        lifetime=timedelta(seconds=state.settings.access_token_seconds),
    )
    return user, {"Authorization": f"Bearer {token}"}


def add_verdict(session: Session, message: Message, *, knowledge_type: str, gate: str) -> None:
    """Label the message's job as the agent does (its verdict is the labels' one source)."""
    session.flush()  # the message's id
    assert message.job_id, "a labelled message belongs to a job"
    session.add(
        AgentVerdict(
            job_id=message.job_id,
            message_id=message.id,
            knowledge_type=knowledge_type,
            gate=gate,
            provider="test",
            model="test",
            latency_ms=0.0,
        )
    )


def login(client: TestClient, user: User, password: str = PASSWORD) -> dict[str, Any]:
    response = client.post("/api/v1/auth/login", json={"email": user.email, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def auth_headers(client: TestClient, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {login(client, user)['access_token']}"}
