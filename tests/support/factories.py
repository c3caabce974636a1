"""Small factories for test data: users and their logins through the real services,
sessions, messages, classrooms and summaries written as the pipeline stores them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.users.schemas import UserCreate
from core.security import create_access_token, hash_password, new_family_id
from core.settings import get_settings
from models import ChatSession, LearningSummary, Message, User
from models.chat import AgentVerdict
from models.database import Database
from models.repositories import users as users_repo
from models.repositories.stats import day_start

PASSWORD = "correct-horse-battery"
Headers = dict[str, str]
_numbers = itertools.count(1)


# Users and logins


def create_user(role: str = "student", *, password: str = PASSWORD, **fields: Any) -> User:
    """A user on the run's database, its fields checked as the API checks them; the password
    hash is argon2's, made once per password and run (argon2 is slow on purpose)."""
    number = next(_numbers)
    values = {"email": f"{role}{number}@example.com", "name": f"{role.title()} {number}"} | fields
    checked = UserCreate(role=role, password=password, **values)  # type: ignore[arg-type]
    database = Database(get_settings(), pool_size=1)
    try:
        with database.session() as session:
            row = user_row(checked.role, checked.email, checked.name, password=checked.password)
            user = users_repo.add(session, row)
            session.commit()
            return user
    finally:
        database.dispose()


@lru_cache
def password_hash(password: str = PASSWORD) -> str:
    """One argon2 hash per password and run."""
    return hash_password(password)


def user_row(role: str, email: str, name: str, *, password: str = PASSWORD) -> User:
    """An active user, not yet added to a session, whose password is ``password``."""
    return User(
        email=email, name=name, role=role, password_hash=password_hash(password), is_active=True
    )


def signed_in(client: TestClient, role: str = "student") -> tuple[User, Headers]:
    """A new user and their auth headers, cheaply: the row is inserted directly (one argon2
    hash per run, not per user) and the token is signed as /auth/login signs it."""
    number = next(_numbers)
    state = client.app.state.maice  # type: ignore[attr-defined]
    with state.database.session() as session:
        user = user_row(role, f"quick-{role}{number}@example.com", f"Quick {role} {number}")
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


def login(client: TestClient, user: User, password: str = PASSWORD) -> dict[str, Any]:
    response = client.post("/api/v1/auth/login", json={"email": user.email, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def auth_headers(client: TestClient, user: User) -> Headers:
    return {"Authorization": f"Bearer {login(client, user)['access_token']}"}


def http_client_of(base_url: str, user: User, *, timeout: float = 30) -> httpx.Client:
    """An HTTP client of a running API (``<url>/api/v1``), logged in as ``user``."""
    client = httpx.Client(base_url=f"{base_url}/api/v1", timeout=timeout)
    reply = client.post("/auth/login", json={"email": user.email, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    client.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"
    return client


# Rows written directly, through the app's own engine


@contextmanager
def db(client: TestClient) -> Iterator[Session]:
    """A session on the app's own engine, for arranging and checking rows directly."""
    with client.app.state.maice.database.session() as session:  # type: ignore[attr-defined]
        yield session


def add_session(client: TestClient, user: User, title: str = "Chat", **fields: Any) -> int:
    with db(client) as session:
        chat = ChatSession(user_id=user.id, title=title, status="active", **fields)
        session.add(chat)
        session.commit()
        return chat.id


def add_messages(client: TestClient, session_id: int, *messages: dict[str, Any]) -> list[int]:
    """Messages of a session; a message given ``knowledge_type`` or ``gate`` gets them
    through a verdict on its job (a job of its own unless it names one)."""
    with db(client) as session:
        rows = []
        for given in messages:
            fields = dict(given)
            labels = {key: fields.pop(key) for key in ("knowledge_type", "gate") if key in fields}
            if labels:  # labels belong to a job
                fields.setdefault("job_id", f"labelled-{next(_numbers)}")
            row = Message(session_id=session_id, **fields)
            session.add(row)
            if labels:
                add_verdict(session, row, **labels)
            rows.append(row)
        session.commit()
        return [row.id for row in rows]


def add_verdict(
    session: Session, message: Message, *, knowledge_type: str | None, gate: str | None
) -> None:
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


def question(content: str, **fields: Any) -> dict[str, Any]:
    return {"role": "user", "kind": "question", "content": content} | fields


def answer(content: str, **fields: Any) -> dict[str, Any]:
    return {"role": "assistant", "kind": "answer", "content": content} | fields


def add_question(
    client: TestClient,
    session_id: int,
    *,
    knowledge_type: str | None = None,
    gate: str | None = None,
    kind: str = "question",
    created_at: datetime | None = None,
) -> int:
    """A user message (as the chat pipeline stores it once classified: labelled through its
    job's verdict when both labels are given)."""
    number = next(_numbers)
    fields: dict[str, Any] = {"created_at": created_at} if created_at else {}
    if knowledge_type and gate:
        fields |= {"knowledge_type": knowledge_type, "gate": gate}
    [message_id] = add_messages(
        client,
        session_id,
        question(f"question {number}", kind=kind, job_id=f"job-{number}", **fields),
    )
    return message_id


def add_summary(
    client: TestClient,
    student: User,
    session_id: int,
    *,
    summary: str = "Worked on quadratics.",
    created_at: datetime | None = None,
) -> int:
    fields: dict[str, Any] = {"created_at": created_at} if created_at else {}
    span = next(_numbers)
    with db(client) as session:
        row = LearningSummary(
            student_id=student.id,
            session_id=session_id,
            summary=summary,
            key_concepts=["discriminant"],
            knowledge_types={"K1": 1, "K2": 0, "K3": 2, "K4": 0},
            first_message_id=span,
            last_message_id=span,
            **fields,
        )
        session.add(row)
        session.commit()
        return row.id


# Sessions and classrooms, through the API

SESSIONS = "/api/v1/maice/sessions/"

CLASSROOMS = "/api/v1/teacher/classrooms/"
JOIN = "/api/v1/student/classrooms/join"


def create_session(client: TestClient, headers: Headers, **body: Any) -> dict[str, Any]:
    response = client.post(SESSIONS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def create_classroom(client: TestClient, teacher: Headers, name: str = "Math 1") -> dict[str, Any]:
    response = client.post(CLASSROOMS, json={"name": name}, headers=teacher)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def join(client: TestClient, student: Headers, join_code: str) -> dict[str, Any]:
    response = client.post(JOIN, json={"join_code": join_code}, headers=student)
    assert response.status_code == 200, response.text
    joined: dict[str, Any] = response.json()
    return joined


def teacher_with_students(
    client: TestClient, count: int, *, role: str = "teacher"
) -> tuple[User, Headers, list[tuple[User, Headers]]]:
    """A teacher with one classroom and ``count`` new students enrolled in it."""
    teacher, headers = signed_in(client, role)
    code = create_classroom(client, headers)["join_code"]
    students = [signed_in(client, "student") for _ in range(count)]
    for _, student_headers in students:
        join(client, student_headers, code)
    return teacher, headers, students


# Days


def today() -> date:
    return datetime.now(UTC).date()


def on_day(days_ago: int, hour: int = 12) -> datetime:
    """A moment on the UTC day ``days_ago`` before today (at a safe distance from midnight)."""
    moment = day_start(today() - timedelta(days=days_ago)) + timedelta(hours=hour)
    return min(moment, datetime.now(UTC)) if days_ago == 0 else moment
