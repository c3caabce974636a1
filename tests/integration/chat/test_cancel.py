"""A student stops an answer: the partial answer is kept and the job ends with done.

Real API, worker and agent; the echo provider paced by ANSWER_PIECE_DELAY_SECONDS
so that there is time to stop mid-answer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.factories import create_user, http_client_of
from tests.support.processes import Stack, stack_env
from tests.support.sse import SseEvent, read_events

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def paced_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    env = stack_env(
        test_services,
        LLM_PROVIDER="echo",
        ECHO_TOKENS="400",
        # A slow first piece: time to stop before any token.
        ECHO_TOKEN_DELAY_SECONDS="0.005",
        ANSWER_PIECE_DELAY_SECONDS="0.2",
        AGENT_TIMEOUT_SECONDS="30",
        MAX_STREAMS_PER_USER="2",
    )
    running = Stack(env)
    try:
        running.start_worker()
        running.start_agent()
        running.start_api()
        yield running
    finally:
        running.stop()


def signed_in_client(stack: Stack) -> httpx.Client:
    return http_client_of(stack.url, create_user("student"))


@pytest.fixture
def student(paced_stack: Stack, clean_database: None) -> Iterator[httpx.Client]:
    client = signed_in_client(paced_stack)
    try:
        yield client
    finally:
        client.close()


def stream_until(
    client: httpx.Client, body: dict[str, Any], stop_when: Any, then: Any
) -> list[SseEvent]:
    """Ask, read events; once ``stop_when(events)`` holds, call ``then(job_id)`` (once)."""
    events: list[SseEvent] = []
    acted = False
    with client.stream("POST", "/maice/chat/streaming", json=body) as response:
        assert response.status_code == 200, response.read()
        for event in read_events(response):
            events.append(event)
            if not acted and stop_when(events):
                acted = True
                then(events[0].data["job_id"])
    return events


def cancel(client: httpx.Client, job_id: str) -> httpx.Response:
    return client.post(f"/maice/chat/jobs/{job_id}/cancel")


def test_stopping_mid_answer_keeps_what_had_streamed(student: httpx.Client) -> None:
    answers: list[httpx.Response] = []

    def stop(job_id: str) -> None:
        answers.append(cancel(student, job_id))

    events = stream_until(
        student,
        {"question": "tell me everything"},
        lambda seen: sum(e.type == "token" for e in seen) >= 2,
        stop,
    )

    assert answers[0].status_code == 202
    assert answers[0].json() == {"job_id": events[0].data["job_id"]}
    done = events[-1]
    assert done.type == "done"
    assert [e.type for e in events].count("done") == 1
    streamed = "".join(e.data["text"] for e in events if e.type == "token")
    assert done.data["finish_reason"] == "cancelled"
    assert done.data["content"] == streamed
    assert 0 < len(streamed) < len("".join(f"tok{i} " for i in range(400)))
    detail = student.get(f"/maice/sessions/{done.data['session_id']}").json()
    reply = detail["messages"][-1]
    assert (reply["role"], reply["kind"], reply["content"]) == ("assistant", "answer", streamed)
    assert detail["active_job_id"] is None
    # It no longer counts against the limits: two more questions are admitted at once.
    for _ in range(2):
        job = student.post("/student/questions/", json={"question": "again"})
        assert job.status_code == 202, job.text
        assert cancel(student, job.json()["job_id"]).status_code in (202, 409)


def test_stopping_before_the_first_token_ends_with_an_empty_answer(student: httpx.Client) -> None:
    events = stream_until(
        student,
        {"question": "stop me at once"},
        lambda seen: seen[-1].type == "accepted",
        lambda job_id: cancel(student, job_id),
    )

    done = events[-1]
    assert done.type == "done"
    assert done.data["finish_reason"] == "cancelled"
    streamed = "".join(e.data["text"] for e in events if e.type == "token")
    assert done.data["content"] == streamed
    assert len(streamed) < 100  # stopped at once, not after the answer


def test_a_finished_job_cannot_be_stopped(student: httpx.Client) -> None:
    events = stream_until(
        student,
        {"question": "quick"},
        lambda seen: sum(e.type == "token" for e in seen) >= 1,
        lambda job_id: cancel(student, job_id),
    )
    job_id = events[0].data["job_id"]

    again = cancel(student, job_id)

    assert again.status_code == 409
    assert again.json()["detail"]


def test_another_students_or_an_unknown_job_is_404(
    paced_stack: Stack, student: httpx.Client
) -> None:
    job = student.post("/student/questions/", json={"question": "mine"}).json()["job_id"]
    other = signed_in_client(paced_stack)
    try:
        assert cancel(other, job).status_code == 404
        assert other.get(f"/maice/chat/jobs/{job}/events").status_code == 404
    finally:
        other.close()
    for wrong in ("0" * 32, "not-a-job", f"{job}:events", "%7Bjob%7D"):
        assert cancel(student, wrong).status_code == 404, wrong
        response = student.get(f"/maice/chat/jobs/{wrong}/events")
        assert response.status_code == 404, wrong
        assert response.json()["detail"]
    assert cancel(student, job).status_code == 202


def test_a_reloaded_page_finds_the_unfinished_job_of_its_session(student: httpx.Client) -> None:
    seen: dict[str, Any] = {}

    def look(job_id: str) -> None:
        sessions = student.get("/maice/sessions/").json()
        seen["listed"] = sessions[0]["active_job_id"]
        seen["detail"] = student.get(f"/maice/sessions/{sessions[0]['id']}").json()
        seen["job_id"] = job_id
        cancel(student, job_id)

    events = stream_until(
        student,
        {"question": "a long answer"},
        lambda seen_events: any(e.type == "token" for e in seen_events),
        look,
    )

    assert seen["listed"] == seen["job_id"] == events[0].data["job_id"]
    assert seen["detail"]["active_job_id"] == seen["job_id"]
    after = student.get("/maice/sessions/").json()
    assert after[0]["active_job_id"] is None


def test_streams_beyond_the_limit_are_refused(student: httpx.Client) -> None:
    """MAX_STREAMS_PER_USER is 2 here: a third open stream of the same user is 429."""
    job = student.post("/student/questions/", json={"question": "long"}).json()["job_id"]
    url = f"/maice/chat/jobs/{job}/events"
    opened = threading.Barrier(3)
    errors: list[BaseException] = []

    def follow() -> None:
        try:
            with student.stream("GET", url) as response:
                assert response.status_code == 200
                for event in read_events(response):
                    if event.type == "accepted":
                        opened.wait(timeout=20)
        except BaseException as error:
            errors.append(error)

    followers = [threading.Thread(target=follow) for _ in range(2)]
    for thread in followers:
        thread.start()
    opened.wait(timeout=20)

    refused = student.get(url)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "streams" in refused.json()["detail"]

    cancel(student, job)
    for thread in followers:
        thread.join(timeout=30)
    assert not errors
    # The slots were given back with the streams.
    with student.stream("GET", url) as response:
        assert response.status_code == 200


def test_a_resume_point_must_be_ascii_digits(student: httpx.Client) -> None:
    job = student.post("/student/questions/", json={"question": "digits"}).json()["job_id"]
    for wrong in ("١٢٣-0", "12-0x", "-1-0", "1-0 "):
        response = student.get(f"/maice/chat/jobs/{job}/events", params={"after": wrong})
        assert response.status_code == 422, wrong
    cancel(student, job)
