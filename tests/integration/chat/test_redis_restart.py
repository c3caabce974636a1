"""A Redis restart under a working stack: every process serves again, promptly.

The stack runs on a Redis of the test's own (tests/support/redis_server.py), so
the test can crash it while the worker holds an unacknowledged task.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.support.factories import create_user, http_client_of
from tests.support.processes import Stack, stack_env
from tests.support.redis_server import RedisServer
from tests.support.sse import read_events
from tests.support.waits import wait_until

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def own_redis() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="module")
def restart_stack(test_services: dict[str, str], own_redis: RedisServer) -> Iterator[Stack]:
    env = stack_env(
        test_services, REDIS_URL=own_redis.url, LLM_PROVIDER="tutor", AGENT_TIMEOUT_SECONDS="30"
    )
    with Stack(env) as running:
        running.start_worker()
        running.start_agent()
        running.start_api()
        yield running


def ask(client: httpx.Client) -> list[str]:
    with client.stream("POST", "/maice/chat/streaming", json={"question": "2+3"}) as response:
        assert response.status_code == 200, response.read()
        return [event.type for event in read_events(response)]


def answered_soon(client: httpx.Client) -> bool:
    """One chat, asked now, ends with ``done`` (a 503 or a stream of ``error`` is not yet)."""
    with client.stream("POST", "/maice/chat/streaming", json={"question": "2+3"}) as response:
        return response.status_code == 200 and list(read_events(response))[-1].type == "done"


def unacked_tasks(stack: Stack) -> int:
    with stack.redis() as client:
        return int(client.hlen(f"{stack.keys.prefix}celery:unacked"))


def test_the_first_chat_after_a_redis_restart_is_answered(
    restart_stack: Stack, own_redis: RedisServer, clean_database: None
) -> None:
    """Every pooled connection is stale after the restart: the API's first commands, the
    agent's and the worker's must reconnect and retry, not fail the chat."""
    client = http_client_of(restart_stack.url, create_user(), timeout=60)
    assert ask(client)[-1] == "done"  # every process has pooled connections now
    own_redis.restart()
    assert ask(client)[-1] == "done"
    restart_stack.check_alive()


def test_a_redis_restart_under_a_worker_holding_a_task_leaves_every_process_serving(
    restart_stack: Stack, own_redis: RedisServer, clean_database: None
) -> None:
    client = http_client_of(restart_stack.url, create_user(), timeout=60)
    assert ask(client)[-1] == "done"
    session_id = client.post("/maice/sessions/", json={"title": "held"}).json()["id"]
    # Lock the session's row, so the worker's chat.start waits on it, unacknowledged.
    engine = create_engine(restart_stack.env["DATABASE_URL"])
    with engine.connect() as lock:
        lock.execute(
            text("SELECT id FROM chat_sessions WHERE id = :id FOR UPDATE"), {"id": session_id}
        )
        body = {"question": "1+1", "session_id": session_id}
        accepted = client.post("/student/questions/", json=body)
        assert accepted.status_code == 202, accepted.text
        wait_until(lambda: unacked_tasks(restart_stack) > 0, "the worker holding chat.start")
        own_redis.restart()
        lock.rollback()
    engine.dispose()
    # The worker has kept running (kombu's restore path once stopped it, with status 0).
    restart_stack.check_alive()
    wait_until(lambda: answered_soon(client), "a chat answered after the restart", timeout=60)
    restart_stack.check_alive()
