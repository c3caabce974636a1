"""A worker SIGKILLed while it holds chat.start or chat.finish: the chat is answered anyway.

kombu would deliver the killed worker's task again only after the visibility
timeout; the watchdog re-drives the stalled job well before the job's timeout.
The worker is made to hold the task by locking the session's row, which both
tasks wait on.
"""

from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Connection, create_engine, text

from tests.support.factories import create_user, http_client_of
from tests.support.processes import Stack, stack_env
from tests.support.sse import SseEvent, read_events
from tests.support.waits import wait_until

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def kill_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """A worker, beat (the watchdog), a slowish echo agent and the API; a 12 s timeout."""
    env = stack_env(
        test_services,
        LLM_PROVIDER="echo",
        ECHO_TOKENS="20",
        ECHO_TOKEN_DELAY_SECONDS="0.05",
        AGENT_TIMEOUT_SECONDS="12",
    )
    with Stack(env) as running:
        running.start_worker()
        running.start_beat()
        running.start_agent()
        running.start_api()
        yield running


@contextlib.contextmanager
def locked_session(stack: Stack, session_id: int) -> Iterator[Connection]:
    """The session's row locked (FOR UPDATE) until the block ends or rolls back."""
    engine = create_engine(stack.env["DATABASE_URL"])
    try:
        with engine.connect() as lock:
            query = text("SELECT id FROM chat_sessions WHERE id = :id FOR UPDATE")
            lock.execute(query, {"id": session_id})
            yield lock
            lock.rollback()
    finally:
        engine.dispose()


def holds(stack: Stack, task: str) -> bool:
    """Whether a worker holds ``task``: delivered to it and not yet acknowledged."""
    with stack.redis() as client:
        held = client.hvals(f"{stack.keys.prefix}celery:unacked")
    # kombu keeps [message, exchange, routing key]; Celery names the task in the headers.
    return any(json.loads(value)[0]["headers"]["task"] == task for value in held)


def kill_and_replace_the_worker(stack: Stack) -> None:
    stack.kill("worker", signal.SIGKILL)
    stack.start_worker()


def new_session(client: httpx.Client) -> int:
    response = client.post("/maice/sessions/", json={"title": "kill"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def assert_answered_once(client: httpx.Client, events: list[SseEvent], session_id: int) -> None:
    types = [event.type for event in events]
    assert types[-1] == "done", types
    assert types.count("done") == 1
    messages = client.get(f"/maice/sessions/{session_id}").json()["messages"]
    assert [m["kind"] for m in messages] == ["question", "answer"]
    assert messages[1]["content"] == events[-1].data["content"]


def test_a_worker_killed_holding_chat_start_does_not_lose_the_chat(
    kill_stack: Stack, clean_database: None
) -> None:
    client = http_client_of(kill_stack.url, create_user(), timeout=60)
    session_id = new_session(client)
    with locked_session(kill_stack, session_id):
        body = {"question": "what is 2+2", "session_id": session_id}
        accepted = client.post("/student/questions/", json=body)
        assert accepted.status_code == 202, accepted.text
        wait_until(lambda: holds(kill_stack, "chat.start"), "the worker holding chat.start")
        kill_and_replace_the_worker(kill_stack)
    with client.stream("GET", accepted.json()["events_url"].removeprefix("/api/v1")) as response:
        events = list(read_events(response))
    assert_answered_once(client, events, session_id)


def test_a_worker_killed_holding_chat_finish_does_not_lose_the_reply(
    kill_stack: Stack, clean_database: None
) -> None:
    client = http_client_of(kill_stack.url, create_user(), timeout=60)
    session_id = new_session(client)
    events: list[SseEvent] = []
    body = {"question": "what is 2+2", "session_id": session_id}
    with client.stream("POST", "/maice/chat/streaming", json=body) as response:
        stream = read_events(response)
        for event in stream:  # chat.start is done once the agent streams
            events.append(event)
            if event.type == "token":
                break
        with locked_session(kill_stack, session_id):
            wait_until(lambda: holds(kill_stack, "chat.finish"), "the worker holding chat.finish")
            kill_and_replace_the_worker(kill_stack)
        events.extend(stream)
    assert_answered_once(client, events, session_id)


def test_the_same_idempotency_key_streams_the_first_job_from_its_start(
    kill_stack: Stack, clean_database: None
) -> None:
    client = http_client_of(kill_stack.url, create_user(), timeout=60)
    key = {"Idempotency-Key": "a7c1-question"}
    runs = []
    for question in ("what is 2+2", "something else"):
        with client.stream(
            "POST", "/maice/chat/streaming", json={"question": question}, headers=key
        ) as response:
            assert response.status_code == 200
            runs.append((response.headers["X-Job-Id"], list(read_events(response))))
    (first_job, first), (second_job, second) = runs
    assert second_job == first_job
    assert [(e.id, e.type) for e in second] == [(e.id, e.type) for e in first]
    assert first[0].type == "accepted"
    sessions = client.get("/maice/sessions/").json()
    assert [s["message_count"] for s in sessions] == [2]
