"""Crashes lose nothing: a killed agent's job is finished by another; no agent → error."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests.support.factories import create_user, http_client_of
from tests.support.processes import Stack, stack_env
from tests.support.sse import SseEvent, read_events

pytestmark = pytest.mark.stack


def login(stack: Stack) -> httpx.Client:
    return http_client_of(stack.url, create_user(), timeout=60)


@pytest.fixture(scope="module")
def slow_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """Two echo agents answering slowly (100 tokens, 40 ms apart), quick to reclaim."""
    env = stack_env(
        test_services,
        LLM_PROVIDER="echo",
        ECHO_TOKENS="100",
        ECHO_TOKEN_DELAY_SECONDS="0.04",
        AGENT_CLAIM_IDLE_SECONDS="2",
        AGENT_TIMEOUT_SECONDS="20",
    )
    with Stack(env) as running:
        running.start_worker()
        running.start_agent("agent-a")
        running.start_agent("agent-b")
        running.start_api()
        yield running


def test_agent_killed_mid_answer_is_replaced_and_the_job_finishes(
    slow_stack: Stack, clean_database: None
) -> None:
    client = login(slow_stack)
    events: list[SseEvent] = []
    killed = threading.Event()
    with client.stream("POST", "/maice/chat/streaming", json={"question": "1+1"}) as response:
        for event in read_events(response):
            events.append(event)
            if event.type == "token" and not killed.is_set():
                redis, keys = slow_stack.redis(), slow_stack.keys
                [pending] = redis.xpending_range(keys.agent_mailbox, keys.agent_group, "-", "+", 10)
                pid = int(pending["consumer"].rsplit("-", 1)[1])
                name = next(n for n, p in slow_stack.running.items() if p.pid == pid)
                slow_stack.kill(name, signal.SIGKILL)
                killed.set()
    types = [event.type for event in events]
    assert killed.is_set()
    assert "reset" in types
    assert types[-1] == "done"
    assert types.count("done") == 1
    after_reset = types[types.index("reset") + 1 :]
    assert after_reset[0] == "classification"
    tokens = [e.data["text"] for e in events[types.index("reset") :] if e.type == "token"]
    assert "".join(tokens) == events[-1].data["content"]
    detail = client.get(f"/maice/sessions/{events[-1].data['session_id']}").json()
    assert [m["kind"] for m in detail["messages"]] == ["question", "answer"]


@pytest.fixture(scope="module")
def agentless_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    with Stack(stack_env(test_services, AGENT_TIMEOUT_SECONDS="2")) as running:
        running.start_worker()
        running.start_beat()  # beat runs the watchdog
        running.start_api()
        yield running


def test_without_an_agent_the_job_ends_with_agent_timeout(
    agentless_stack: Stack, clean_database: None
) -> None:
    client = login(agentless_stack)
    with client.stream("POST", "/maice/chat/streaming", json={"question": "1+1"}) as response:
        events = list(read_events(response))
    assert [e.type for e in events] == ["accepted", "session", "error"]
    assert events[-1].data["code"] == "agent_timeout"
    # The question itself is stored: nothing the student asked is lost.
    sessions = client.get("/maice/sessions/").json()
    assert sessions[0]["message_count"] == 1


@pytest.fixture(scope="module")
def beatless_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    with Stack(stack_env(test_services, AGENT_TIMEOUT_SECONDS="1")) as running:
        running.start_worker()
        running.start_api()
        yield running


def test_without_beat_a_follower_still_ends_a_stalled_job(
    beatless_stack: Stack, clean_database: None
) -> None:
    client = login(beatless_stack)
    with client.stream("POST", "/maice/chat/streaming", json={"question": "1+1"}) as response:
        events = list(read_events(response))
    assert [e.type for e in events] == ["accepted", "session", "error"]
    assert events[-1].data["code"] == "agent_timeout"
