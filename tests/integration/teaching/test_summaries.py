"""Batch learning summaries: beat → worker → agent → worker, once per span of messages."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.settings import get_settings
from models import ChatSession, LearningSummary, Message
from models.database import Database
from tasks.summaries import run_summaries
from tests.support.factories import add_verdict, create_user
from tests.support.processes import Stack, stack_env
from tests.support.waits import wait_until


def add_session(database: Database, student_id: int, questions: list[tuple[str, str]]) -> int:
    """A session whose questions (text, K type) were answered a while ago."""
    with database.session() as session:
        chat = ChatSession(
            user_id=student_id,
            title="practice",
            last_message_at=datetime.now(UTC) - timedelta(hours=1),
        )
        session.add(chat)
        session.flush()
        for text, knowledge_type in questions:
            job_id = uuid.uuid4().hex
            question = Message(
                session_id=chat.id, role="user", kind="question", content=text, job_id=job_id
            )
            session.add(question)
            add_verdict(session, question, knowledge_type=knowledge_type, gate="answerable")
            session.add(
                Message(
                    session_id=chat.id,
                    role="assistant",
                    kind="answer",
                    content="...",
                    job_id=job_id,
                )
            )
        session.commit()
        return chat.id


def summaries_of(database: Database, session_id: int) -> list[LearningSummary]:
    with database.session() as session:
        query = select(LearningSummary).where(LearningSummary.session_id == session_id)
        return list(session.scalars(query.order_by(LearningSummary.id)))


@pytest.fixture(scope="module")
def batch_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    env = stack_env(
        test_services, SUMMARY_INTERVAL_SECONDS="1", SUMMARY_IDLE_SECONDS="60", LLM_PROVIDER="tutor"
    )
    with Stack(env) as running:
        running.start_worker()
        running.start_agent()
        running.start_beat()
        yield running


def test_overlapping_runs_send_each_span_once(database: Database) -> None:
    from bus.keys import RedisKeys
    from bus.redis import sync_client

    student = create_user()
    add_session(database, student.id, [("1+1", "K3")])
    settings = get_settings()
    client, keys = sync_client(settings), RedisKeys(settings.redis_prefix)
    before = client.xlen(keys.agent_mailbox)
    assert run_summaries() >= 1
    assert run_summaries() == 0  # the span is claimed: not sent again
    assert client.xlen(keys.agent_mailbox) - before >= 1


@pytest.mark.stack
def test_idle_session_is_summarised_once_per_span(batch_stack: Stack, database: Database) -> None:
    student = create_user()
    session_id = add_session(
        database, student.id, [("x^2 - 5x + 6 = 0 을 풀어줘", "K3"), ("판별식이 뭐야?", "K1")]
    )
    wait_until(lambda: summaries_of(database, session_id), "a summary", timeout=30)
    time.sleep(3)  # several more beat intervals: nothing new, so nothing more
    [summary] = summaries_of(database, session_id)
    assert summary.student_id == student.id
    assert summary.knowledge_types == {"K1": 1, "K2": 0, "K3": 1, "K4": 0}
    assert summary.key_concepts
    assert summary.summary

    with database.session() as session:
        question = Message(
            session_id=session_id,
            role="user",
            kind="question",
            content="미분이 뭐야?",
            job_id=uuid.uuid4().hex,
        )
        session.add(question)
        add_verdict(session, question, knowledge_type="K1", gate="answerable")
        chat = session.get(ChatSession, session_id)
        assert chat is not None
        chat.last_message_at = datetime.now(UTC) - timedelta(hours=1)
        session.commit()
    wait_until(lambda: len(summaries_of(database, session_id)) == 2, "a second summary", timeout=30)
    first, second = summaries_of(database, session_id)
    assert second.first_message_id > first.last_message_id
    assert second.knowledge_types == {"K1": 1, "K2": 0, "K3": 0, "K4": 0}
