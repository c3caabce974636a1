"""Admitting a question: the Idempotency-Key, and a broker that does not answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from bus.jobs import get_job
from bus.tasks import TaskSender
from core.settings import Settings
from tests.support.apps import app_with, running
from tests.support.factories import signed_in
from tests.support.ports import free_port

QUESTION = {"question": "2x + 1 = 5"}
QUESTIONS = "/api/v1/student/questions/"


@pytest.fixture
def client(clean_database: None) -> Iterator[TestClient]:
    """The app with no worker: the jobs it admits stay unfinished (they count as busy)."""
    with running(app_with(chat_max_concurrent_jobs=1, daily_question_limit=3)) as test_client:
        yield test_client


def day_count(client: TestClient, user_id: int) -> int:
    state = client.app.state.maice  # type: ignore[attr-defined]
    day = datetime.now(UTC).date().isoformat()
    return int(state.redis.get(state.keys.daily_questions(user_id, day)) or 0)


def test_the_same_idempotency_key_returns_the_first_job_and_counts_it_once(
    client: TestClient,
) -> None:
    student, headers = signed_in(client)
    key = {"Idempotency-Key": "question-7f3a"}
    keyed = headers | key
    first = client.post(QUESTIONS, json=QUESTION, headers=keyed)
    assert first.status_code == 202, first.text
    # The job is unfinished and the limit is one at a time: without the key, busy (429).
    again = client.post(QUESTIONS, json={"question": "other"}, headers=keyed)
    assert again.status_code == 202, again.text
    assert again.json() == first.json()
    assert client.post(QUESTIONS, json=QUESTION, headers=headers).status_code == 429
    assert day_count(client, student.id) == 1
    # Another user's same key is their own.
    _, other = signed_in(client)
    theirs = client.post(QUESTIONS, json=QUESTION, headers=other | key)
    assert theirs.status_code == 202
    assert theirs.json()["job_id"] != first.json()["job_id"]


@pytest.mark.parametrize("key", [b"", b"x" * 129, "caf\u00e9".encode(), b"tab\there"])
def test_an_idempotency_key_that_is_not_1_to_128_printable_ascii_is_422(
    client: TestClient, key: bytes
) -> None:
    _, headers = signed_in(client)
    response = client.post(QUESTIONS, json=QUESTION, headers=headers | {"Idempotency-Key": key})
    assert response.status_code == 422, response.text
    assert "Idempotency-Key" in response.text  # the detail names the header


def test_a_broker_that_does_not_answer_is_a_503_and_the_admission_is_released(
    client: TestClient,
) -> None:
    state = client.app.state.maice  # type: ignore[attr-defined]
    working = state.tasks
    # A real sender, on a port where nothing listens: kombu raises OperationalError.
    dead = Settings(redis_url=f"redis://127.0.0.1:{free_port()}/0", redis_prefix="dead:")
    state.tasks = TaskSender(dead)
    try:
        student, headers = signed_in(client)
        keyed = headers | {"Idempotency-Key": "k1"}
        response = client.post(QUESTIONS, json=QUESTION, headers=keyed)
        assert response.status_code == 503, response.text
        assert "try again" in response.json()["detail"]
        assert day_count(client, student.id) == 0
    finally:
        state.tasks.close()
        state.tasks = working
    # Neither busy nor the same dead job: asking again (same key) asks anew.
    retried = client.post(QUESTIONS, json=QUESTION, headers=keyed)
    assert retried.status_code == 202, retried.text
    record = get_job(state.redis, state.keys, retried.json()["job_id"])
    assert record is not None
    assert record.finished is None
    assert day_count(client, student.id) == 1
