"""Redelivered tasks and duplicate agent requests change nothing and emit nothing twice."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bus.events import event_types_sync
from bus.jobs import create_job
from bus.keys import RedisKeys
from bus.messages import ChatReply, VerdictOut
from bus.redis import sync_client
from maice.settings import get_settings
from models import AgentVerdict, ChatSession, Message
from models.database import Database
from tasks.chat import finish_chat, start_chat
from tests.factories import create_user


@pytest.fixture
def database(clean_database: None) -> Iterator[Database]:
    database = Database(get_settings(), pool_size=1)
    yield database
    database.dispose()


def answer_reply(job_id: str, session_id: int, content: str) -> dict[str, object]:
    """What the agent hands to ``chat.finish`` for a plain answer."""
    return ChatReply(
        job_id=job_id,
        session_id=session_id,
        kind="answer",
        content=content,
        verdict=VerdictOut(knowledge_type="K3", gate="answerable"),
        provider="tutor",
        model="test",
        latency_ms=1.0,
    ).model_dump(mode="json")


def count(database: Database, model: type, **where: object) -> int:
    with database.session() as session:
        query = select(func.count()).select_from(model).filter_by(**where)
        return int(session.scalar(query) or 0)


def test_redelivered_start_and_finish_store_once_and_emit_once(database: Database) -> None:
    settings = get_settings()
    redis, keys = sync_client(settings), RedisKeys(settings.redis_prefix)
    student = create_user()
    job_id = uuid.uuid4().hex
    create_job(redis, keys, job_id=job_id, user_id=student.id, session_id=None)
    job = {"job_id": job_id, "user_id": student.id, "session_id": None, "question": "2x + 1 = 5"}
    mailbox_before = redis.xlen(keys.agent_mailbox) if redis.exists(keys.agent_mailbox) else 0

    start_chat(job)
    start_chat(job)

    assert count(database, Message, job_id=job_id) == 1
    assert event_types_sync(redis, keys, job_id) == ["session"]
    assert redis.xlen(keys.agent_mailbox) - mailbox_before == 2  # the agent drops the twin
    with database.session() as session:
        question = session.scalars(select(Message).filter_by(job_id=job_id)).one()
    reply = answer_reply(job_id, question.session_id, "x = 2")

    finish_chat(reply)
    finish_chat(reply)

    assert count(database, Message, job_id=job_id) == 2
    assert count(database, AgentVerdict, job_id=job_id) == 1
    assert event_types_sync(redis, keys, job_id) == ["session", "done"]


def test_reply_for_a_deleted_session_ends_the_job_with_an_error(database: Database) -> None:
    settings = get_settings()
    redis, keys = sync_client(settings), RedisKeys(settings.redis_prefix)
    student = create_user()
    job_id = uuid.uuid4().hex
    create_job(redis, keys, job_id=job_id, user_id=student.id, session_id=None)
    start_chat({"job_id": job_id, "user_id": student.id, "session_id": None, "question": "1+1"})
    with database.session() as session:
        question = session.scalars(select(Message).filter_by(job_id=job_id)).one()
        session_id = question.session_id
        session.delete(session.get(ChatSession, session_id))
        session.commit()

    finish_chat(answer_reply(job_id, session_id, "2"))

    assert event_types_sync(redis, keys, job_id) == ["session", "error"]
    assert count(database, Message, job_id=job_id) == 0
