"""Small factories for test data, written through the real services."""

from __future__ import annotations

import itertools
from typing import Any

from fastapi.testclient import TestClient

from api.users.schemas import UserCreate
from api.users.service import user_service
from maice.settings import get_settings
from models import User
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


def login(client: TestClient, user: User, password: str = PASSWORD) -> dict[str, Any]:
    response = client.post("/api/v1/auth/login", json={"email": user.email, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def auth_headers(client: TestClient, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {login(client, user)['access_token']}"}
