"""Redelivered tasks and duplicate agent requests change nothing and emit nothing twice."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from redis import Redis
from sqlalchemy import func, select

from bus.events import emit_job_event_sync, event_types_sync
from bus.jobs import create_job
from bus.keys import RedisKeys
from bus.messages import ChatReply, ChatRequest, ClarificationState, Verdict
from bus.redis import sync_client
from core.settings import get_settings
from models import AgentVerdict, ChatSession, Message
from models.database import Database
from tasks.chat import finish_chat, start_chat
from tests.support.factories import create_user


@pytest.fixture
def bus() -> Iterator[tuple[Redis, RedisKeys]]:
    """A Redis client and the test run's key names."""
    settings = get_settings()
    client = sync_client(settings)
    yield client, RedisKeys(settings.redis_prefix)
    client.close()


def answer_reply(job_id: str, session_id: int, content: str) -> dict[str, object]:
    """What the agent hands to ``chat.finish`` for a plain answer."""
    return ChatReply(
        job_id=job_id,
        session_id=session_id,
        kind="answer",
        content=content,
        verdict=Verdict(knowledge_type="K3", gate="answerable"),
        provider="tutor",
        model="test",
        latency_ms=1.0,
    ).model_dump(mode="json")


def count(database: Database, model: type, **where: object) -> int:
    with database.session() as session:
        query = select(func.count()).select_from(model).filter_by(**where)
        return int(session.scalar(query) or 0)


def test_redelivered_start_and_finish_store_once_and_emit_once(
    database: Database, bus: tuple[Redis, RedisKeys]
) -> None:
    redis, keys = bus
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


def test_reply_for_a_deleted_session_ends_the_job_with_an_error(
    database: Database, bus: tuple[Redis, RedisKeys]
) -> None:
    redis, keys = bus
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


def test_clarification_state_carries_to_the_next_job_and_the_answer_clears_it(
    database: Database, bus: tuple[Redis, RedisKeys]
) -> None:
    """What chat.finish stores is what the next chat.start sends the agent."""
    redis, keys = bus
    student = create_user()
    first, second = uuid.uuid4().hex, uuid.uuid4().hex
    create_job(redis, keys, job_id=first, user_id=student.id, session_id=None)
    start_chat({"job_id": first, "user_id": student.id, "session_id": None, "question": "help"})
    with database.session() as session:
        session_id = session.scalars(select(Message.session_id).filter_by(job_id=first)).one()
    waiting = ClarificationState(question="help", answers=[], rounds=1)
    finish_chat(
        ChatReply(
            job_id=first,
            session_id=session_id,
            kind="clarification",
            content="What exactly is unclear?",
            verdict=Verdict(
                knowledge_type="K2", gate="needs_clarification", missing_fields=["topic"]
            ),
            provider="tutor",
            model="test",
            latency_ms=2.5,
            clarification=waiting,
        ).model_dump(mode="json")
    )
    with database.session() as session:
        verdict = session.scalars(select(AgentVerdict).filter_by(job_id=first)).one()
        assert (verdict.gate, verdict.missing_fields, verdict.latency_ms) == (
            "needs_clarification",
            ["topic"],
            2.5,
        )
        assert session.get(ChatSession, session_id).clarification == waiting.model_dump()  # type: ignore[union-attr]

    create_job(redis, keys, job_id=second, user_id=student.id, session_id=session_id)
    mailbox_before = redis.xlen(keys.agent_mailbox)
    start_chat(
        {"job_id": second, "user_id": student.id, "session_id": session_id, "question": "x^2=4"}
    )
    (_, fields), *_ = redis.xrevrange(keys.agent_mailbox, count=1)
    assert redis.xlen(keys.agent_mailbox) == mailbox_before + 1
    request = ChatRequest.model_validate_json(fields["payload"])
    assert request.clarification == waiting
    assert [(turn.role, turn.content) for turn in request.history] == [
        ("user", "help"),
        ("assistant", "What exactly is unclear?"),
    ]

    finish_chat(answer_reply(second, session_id, "x = ±2"))
    with database.session() as session:
        kinds = session.scalars(
            select(Message.kind).filter_by(session_id=session_id).order_by(Message.id)
        ).all()
        assert kinds == ["question", "clarification", "clarification_answer", "answer"]
        is_null = ChatSession.clarification.is_(None)
        assert session.scalar(select(func.count()).where(ChatSession.id == session_id, is_null))


def test_a_reply_arriving_after_the_job_ended_stores_nothing(
    database: Database, bus: tuple[Redis, RedisKeys]
) -> None:
    """The watchdog gave up on the job (its stream said ``error``); a late chat.finish —
    a re-drive, a redelivery — must not put an answer into the session."""
    redis, keys = bus
    student = create_user()
    job_id = uuid.uuid4().hex
    create_job(redis, keys, job_id=job_id, user_id=student.id, session_id=None)
    start_chat({"job_id": job_id, "user_id": student.id, "session_id": None, "question": "1+1"})
    with database.session() as session:
        session_id = session.scalars(select(Message.session_id).filter_by(job_id=job_id)).one()
    emit_job_event_sync(redis, keys, job_id, "error", code="agent_timeout", message="late")

    finish_chat(answer_reply(job_id, session_id, "2"))

    assert count(database, Message, job_id=job_id) == 1  # the question only
    assert count(database, AgentVerdict, job_id=job_id) == 0
    assert event_types_sync(redis, keys, job_id) == ["session", "error"]
