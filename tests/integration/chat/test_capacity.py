"""Capacity machinery on real stacks: back-pressure that speaks, agents and API processes
that share the work."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.factories import create_user, http_client_of
from tests.support.ports import free_port
from tests.support.processes import Stack, stack_env
from tests.support.sse import SseEvent, read_frames
from tests.support.waits import http_ok, wait_until

pytestmark = pytest.mark.stack

# Answers long enough (3 s) that a second question arrives while the first streams.
SLOW_ECHO = {"LLM_PROVIDER": "echo", "ECHO_TOKENS": "60", "ECHO_TOKEN_DELAY_SECONDS": "0.05"}


def login(stack: Stack, url: str | None = None) -> httpx.Client:
    return http_client_of(url or stack.url, create_user(), timeout=60)


class Asker(threading.Thread):
    """A student asking in the background; ``streaming`` is set at its first token."""

    def __init__(self, client: httpx.Client) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.events: list[SseEvent] = []
        self.streaming = threading.Event()

    def run(self) -> None:
        try:
            with self.client.stream(
                "POST", "/maice/chat/streaming", json={"question": "1+1"}
            ) as response:
                for event in read_frames(response):
                    self.events.append(event)
                    if event.type == "token":
                        self.streaming.set()
        finally:
            self.streaming.set()  # never leave the test waiting on a failed ask
            self.client.close()


def ask(client: httpx.Client, *, on_token: threading.Event | None = None) -> list[SseEvent]:
    """Ask with ``client`` (then closed) and read the stream to its end."""
    events = []
    try:
        with client.stream("POST", "/maice/chat/streaming", json={"question": "2+2"}) as reply:
            for event in read_frames(reply):
                events.append(event)
                if on_token is not None and event.type == "token":
                    on_token.set()
    finally:
        client.close()
    return events


@pytest.fixture(scope="module")
def one_slot_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """One echo agent with one answer slot, and room for one waiting request."""
    env = stack_env(test_services, AGENT_CONCURRENCY="1", AGENT_WAITING_LIMIT="1", **SLOW_ECHO)
    with Stack(env) as running:
        running.start_worker()
        running.start_agent()
        running.start_api()
        yield running


def test_a_student_whose_answer_waits_for_a_slot_is_told_so_first(
    one_slot_stack: Stack, clean_database: None
) -> None:
    first = Asker(login(one_slot_stack))
    first.start()
    assert first.streaming.wait(60)
    events = ask(login(one_slot_stack))
    first.join(60)

    types = [event.type for event in events]
    assert types[-1] == "done"
    assert [e.type for e in first.events][-1] == "done"
    assert "waiting" not in [e.type for e in first.events]  # the first had a slot at once
    assert types.count("accepted") == 1  # the contract's events are untouched
    notices = [e for e in events if e.type == "waiting"]
    assert len(notices) == 1
    assert notices[0].id is None  # a comment: Last-Event-ID stays on contract events
    assert types.index("waiting") < types.index("classification")
    notice = notices[0].data
    assert notice["position"] == 1
    assert notice["message"]


@pytest.fixture(scope="module")
def shared_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """Two echo agents of one slot each and no waiting room, behind two API processes of
    two uvicorn workers each (the second API on a port of its own)."""
    env = stack_env(
        test_services, AGENT_CONCURRENCY="1", AGENT_WAITING_LIMIT="0", API_WORKERS="2", **SLOW_ECHO
    )
    with Stack(env) as running:
        running.start_worker()
        running.start_agent("agent-a")
        running.start_agent("agent-b")
        running.start_api()
        yield running


def test_two_agents_of_one_group_stream_two_answers_at_once(
    shared_stack: Stack, clean_database: None
) -> None:
    first = Asker(login(shared_stack))
    first.start()
    assert first.streaming.wait(60)
    streaming = threading.Event()
    consumers: set[str] = set()

    def watch_pending() -> None:
        streaming.wait(60)
        redis, keys = shared_stack.redis(), shared_stack.keys
        pending = redis.xpending_range(keys.agent_mailbox, keys.agent_group, "-", "+", 10)
        consumers.update(entry["consumer"] for entry in pending)

    watcher = threading.Thread(target=watch_pending, daemon=True)
    watcher.start()
    events = ask(login(shared_stack), on_token=streaming)
    watcher.join(60)
    first.join(60)

    assert [e.type for e in events][-1] == "done"
    assert [e.type for e in first.events][-1] == "done"
    assert "waiting" not in [e.type for e in events]  # the other agent had a slot
    assert len(consumers) == 2  # both answers were in flight, one in each agent


def children_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def test_api_workers_runs_that_many_api_processes(shared_stack: Stack) -> None:
    api = shared_stack.running["api"]
    serving = [
        child
        for child in children_of(api.pid)
        if b"multiprocessing" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]
    assert len(serving) >= 2


def test_api_processes_relay_the_same_job_stream_to_the_end(
    shared_stack: Stack, clean_database: None
) -> None:
    port = free_port()
    shared_stack.start_maice("api-2", "api", "--port", str(port), "--workers", "1")
    other_url = f"http://127.0.0.1:{port}"
    wait_until(http_ok(f"{other_url}/health"), "api-2")
    student = create_user()
    asker = Asker(http_client_of(shared_stack.url, student, timeout=60))
    asker.start()
    assert asker.streaming.wait(60)
    job_id = asker.events[0].data["job_id"]
    other = http_client_of(other_url, student, timeout=60)
    try:
        with other.stream("GET", f"/maice/chat/jobs/{job_id}/events") as response:
            assert response.status_code == 200
            followed = list(read_frames(response))
    finally:
        other.close()
    asker.join(60)

    assert followed[-1].type == "done"
    assert [(e.id, e.type) for e in followed] == [(e.id, e.type) for e in asker.events]
