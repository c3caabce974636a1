"""Celery on RabbitMQ (CELERY_BROKER_URL): chats, the watchdog, summaries and a killed worker.

Each stack gets a vhost of its own on the machine's RabbitMQ (tests/support/rabbitmq.py);
the event logs and the agent mailbox stay on the stack's Redis prefix.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator

import httpx
import pytest
from kombu import Connection
from sqlalchemy import create_engine, select, text

from bus.tasks import ALL_QUEUES
from core.settings import get_settings
from models import LearningSummary
from models.database import Database
from tests.support.factories import create_user, http_client_of
from tests.support.processes import Stack, stack_env
from tests.support.rabbitmq import scratch_vhost
from tests.support.sse import SseEvent, read_events
from tests.support.waits import wait_until

pytestmark = pytest.mark.stack


def ask(client: httpx.Client, question: str) -> list[SseEvent]:
    with client.stream("POST", "/maice/chat/streaming", json={"question": question}) as response:
        assert response.status_code == 200, response.read()
        return list(read_events(response))


@pytest.fixture(scope="module")
def rabbit_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """API, worker, beat and a tutor agent; Celery on a vhost of its own. Sessions are
    summarised as soon as they are idle, and the batch runs every second."""
    with scratch_vhost() as broker_url:
        env = stack_env(
            test_services,
            CELERY_BROKER_URL=broker_url,
            LLM_PROVIDER="tutor",
            AGENT_TIMEOUT_SECONDS="20",
            SUMMARY_INTERVAL_SECONDS="1",
            SUMMARY_IDLE_SECONDS="0",
        )
        with Stack(env) as running:
            running.start_worker()
            running.start_agent()
            running.start_beat()
            running.start_api()
            yield running


def test_the_broker_queues_are_quorum_queues_on_rabbitmq_not_on_redis(
    rabbit_stack: Stack,
) -> None:
    with Connection(rabbit_stack.env["CELERY_BROKER_URL"]) as connection:
        for name in ALL_QUEUES:
            channel = connection.channel()
            # Declaring a quorum queue again as classic is refused: the queue is quorum.
            with pytest.raises(connection.channel_errors, match="x-queue-type"):
                channel.queue_declare(
                    name, durable=True, auto_delete=False, arguments={"x-queue-type": "classic"}
                )
        # The worker set up RabbitMQ's delayed delivery, which a retry's countdown takes.
        connection.channel().queue_declare("celery_delayed_0", passive=True)
    with rabbit_stack.redis() as client:
        assert not client.keys(f"{rabbit_stack.keys.prefix}celery*")


def test_a_question_is_answered_and_stored_through_rabbitmq(
    rabbit_stack: Stack, clean_database: None
) -> None:
    client = http_client_of(rabbit_stack.url, create_user(), timeout=60)
    events = ask(client, "x^2 - 5x + 6 = 0 을 풀어줘")
    types = [event.type for event in events]
    assert types[:2] == ["accepted", "session"]
    assert types[-1] == "done"
    detail = client.get(f"/maice/sessions/{events[-1].data['session_id']}").json()
    assert [m["kind"] for m in detail["messages"]] == ["question", "answer"]


def test_an_answered_session_is_summarised_through_rabbitmq(
    rabbit_stack: Stack, database: Database
) -> None:
    client = http_client_of(rabbit_stack.url, create_user(), timeout=60)
    events = ask(client, "판별식이 뭐야?")
    assert events[-1].type == "done"
    session_id = events[-1].data["session_id"]

    def summaries() -> list[LearningSummary]:
        with database.session() as session:
            query = select(LearningSummary).where(LearningSummary.session_id == session_id)
            return list(session.scalars(query))

    # beat → summaries.run → agent → summaries.store: every Celery hop is on RabbitMQ.
    wait_until(summaries, "a summary of the session", timeout=60)
    [summary] = summaries()
    assert summary.summary


@pytest.fixture(scope="module")
def agentless_rabbit_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    with scratch_vhost() as broker_url:
        env = stack_env(test_services, CELERY_BROKER_URL=broker_url, AGENT_TIMEOUT_SECONDS="2")
        with Stack(env) as running:
            running.start_worker()
            running.start_beat()  # beat sends the watchdog through RabbitMQ
            running.start_api()
            yield running


def test_the_watchdog_ends_a_job_no_agent_answers(
    agentless_rabbit_stack: Stack, clean_database: None
) -> None:
    client = http_client_of(agentless_rabbit_stack.url, create_user(), timeout=60)
    events = ask(client, "1+1")
    assert [e.type for e in events] == ["accepted", "session", "error"]
    assert events[-1].data["code"] == "agent_timeout"


@pytest.fixture(scope="module")
def killable_rabbit_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """A worker, an agent and the API, no beat; a stalled job would wait a minute."""
    with scratch_vhost() as broker_url:
        env = stack_env(
            test_services,
            CELERY_BROKER_URL=broker_url,
            LLM_PROVIDER="tutor",
            AGENT_TIMEOUT_SECONDS="60",
        )
        with Stack(env) as running:
            running.start_worker(concurrency=1)
            running.start_agent()
            running.start_api()
            yield running


def waiting_on_a_lock(database_url: str) -> bool:
    """Whether some connection to the run's database waits for a table lock."""
    engine = create_engine(database_url, pool_size=1)
    try:
        with engine.connect() as connection:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            return bool(waiting)
    finally:
        engine.dispose()


def test_a_task_held_by_a_killed_worker_is_run_by_the_next_one_at_once(
    killable_rabbit_stack: Stack, clean_database: None
) -> None:
    """On Redis the killed worker's `chat.start` would wait for the visibility timeout
    (an hour); on RabbitMQ it is back in the queue as the connection drops."""
    stack = killable_rabbit_stack
    client = http_client_of(stack.url, create_user(), timeout=60)
    database_url = str(get_settings().database_url)
    # Hold the worker inside chat.start: the tables it writes are locked by us.
    blocker = create_engine(database_url, pool_size=1)
    try:
        with blocker.connect() as lock:
            lock.execute(text("LOCK TABLE chat_sessions, messages IN ACCESS EXCLUSIVE MODE"))
            with client.stream(
                "POST", "/maice/chat/streaming", json={"question": "1+1"}
            ) as response:
                events = read_events(response)
                first = next(events)
                assert first.type == "accepted"
                wait_until(lambda: waiting_on_a_lock(database_url), "chat.start holding its task")
                stack.kill("worker", signal.SIGKILL)
                lock.rollback()  # the tables are free again
                stack.start_worker(concurrency=1)
                rest = list(events)
    finally:
        blocker.dispose()
    types = [event.type for event in rest]
    assert types[0] == "session"
    assert types[-1] == "done", rest[-1]
    detail = client.get(f"/maice/sessions/{rest[-1].data['session_id']}").json()
    assert [m["kind"] for m in detail["messages"]] == ["question", "answer"]
