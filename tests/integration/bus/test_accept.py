"""Admitting chat jobs in one script: denylist, limits, record and ``accepted``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from bus import jobs
from bus.events import emit_job_event_sync, event_types_sync
from bus.keys import RedisKeys
from bus.redis import sync_client
from core.settings import get_settings


@pytest.fixture
def bus() -> Iterator[tuple[redis.Redis, RedisKeys]]:
    client = sync_client(get_settings())
    yield client, RedisKeys(f"{get_settings().redis_prefix}accept-{uuid.uuid4().hex[:6]}:")
    client.close()


def admit(
    bus: tuple[redis.Redis, RedisKeys],
    *,
    denylist: tuple[str, ...] = (),
    daily: int = 100,
    key: str | None = None,
    question: str = "1+1",
) -> tuple[str, jobs.Refusal | jobs.Admitted]:
    client, keys = bus
    job_id = jobs.new_job_id()
    outcome = jobs.accept_job(
        client,
        keys,
        job_id=job_id,
        user_id=7,
        session_id=None,
        concurrent_limit=2,
        daily_limit=daily,
        denylist=list(denylist),
        question=question,
        idempotency_key=key,
    )
    return job_id, outcome


def accept(
    bus: tuple[redis.Redis, RedisKeys], *, denylist: tuple[str, ...] = (), daily: int = 100
) -> tuple[str, jobs.Refusal | None]:
    """The job id tried, and the refusal, or None when it was admitted."""
    job_id, outcome = admit(bus, denylist=denylist, daily=daily)
    if isinstance(outcome, jobs.Admitted):
        assert outcome == jobs.Admitted(job_id)
        return job_id, None
    return job_id, outcome


def test_an_accepted_job_has_its_record_and_its_first_event(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    job_id, refusal = accept(bus)
    assert refusal is None
    record = jobs.get_job(client, keys, job_id)
    assert record is not None
    assert (record.user_id, record.session_id, record.finished) == (7, None, None)
    assert event_types_sync(client, keys, job_id) == ["accepted"]
    assert client.ttl(keys.job(job_id)) > 600


def test_only_unfinished_jobs_with_a_record_count_against_the_limit(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    first, _ = accept(bus)
    second, _ = accept(bus)
    busy, refusal = accept(bus)
    assert refusal is jobs.Refusal.BUSY
    assert event_types_sync(client, keys, busy) == []  # nothing recorded for a refusal

    emit_job_event_sync(client, keys, first, "done", message_id=1)
    _, refusal = accept(bus)
    assert refusal is None

    client.delete(keys.job(second))  # its record expired
    _, refusal = accept(bus)
    assert refusal is None


def test_the_daily_limit_counts_only_admitted_questions(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    first, _ = accept(bus, daily=1)
    emit_job_event_sync(client, keys, first, "done", message_id=1)
    for _ in range(3):
        assert accept(bus, daily=1)[1] is jobs.Refusal.DAILY_LIMIT
    assert accept(bus, daily=2)[1] is None


def test_a_denylisted_token_is_refused_before_anything_is_counted(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    revoked = keys.revoked_access_token("some-family", "some-jti")
    client.set(revoked, "1", ex=60)
    assert accept(bus, denylist=("absent", revoked), daily=1)[1] is jobs.Refusal.REVOKED
    assert accept(bus, daily=1)[1] is None  # the refusal used none of the day's one question


def test_scripts_load_again_after_redis_forgot_them(bus: tuple[redis.Redis, RedisKeys]) -> None:
    client, _ = bus
    client.script_flush()  # as after a restart
    assert accept(bus)[1] is None


def test_the_record_keeps_the_question_for_the_watchdog(bus: tuple[redis.Redis, RedisKeys]) -> None:
    client, keys = bus
    job_id, _ = admit(bus, question="x^2 = 4")
    assert client.hget(keys.job(job_id), "question") == "x^2 = 4"


def test_a_repeated_idempotency_key_admits_nothing_and_names_the_first_job(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    first, outcome = admit(bus, key="question-1", daily=1)
    assert outcome == jobs.Admitted(first)
    # Over the day's limit and (with a second job) busy: a repeat is neither.
    assert accept(bus, daily=2)[1] is None
    for _ in range(2):
        again, outcome = admit(bus, key="question-1", daily=1, question="something else")
        assert outcome == jobs.Admitted(first, repeated=True)
        assert jobs.get_job(client, keys, again) is None
    assert event_types_sync(client, keys, first) == ["accepted"]
    assert client.hget(keys.job(first), "question") == "1+1"
    assert client.ttl(keys.idempotency(7, jobs.idempotency_digest("question-1"))) > 23 * 3600
    emit_job_event_sync(client, keys, first, "done", message_id=1)
    other, outcome = admit(bus, key="question-2", daily=3)
    assert outcome == jobs.Admitted(other)
    assert admit(bus, key="question-1", daily=3)[1] == jobs.Admitted(first, repeated=True)


def test_a_repeated_key_of_a_revoked_token_is_still_refused(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    admit(bus, key="k")
    revoked = keys.revoked_token_family("family")
    client.set(revoked, "1", ex=60)
    assert admit(bus, key="k", denylist=(revoked,))[1] is jobs.Refusal.REVOKED


def test_a_released_admission_counts_nothing_and_ends_the_job(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    first, _ = admit(bus, key="k", daily=2)
    second, _ = admit(bus, daily=2)
    jobs.release_job(client, keys, job_id=first, user_id=7, idempotency_key="k")
    jobs.release_job(client, keys, job_id=first, user_id=7, idempotency_key="k")  # once only
    assert event_types_sync(client, keys, first) == ["accepted", "error"]
    # Not busy (one unfinished job of two) and one question of the day's two left.
    again, outcome = admit(bus, key="k", daily=2)
    assert outcome == jobs.Admitted(again)
    assert accept(bus, daily=2)[1] is jobs.Refusal.BUSY
    emit_job_event_sync(client, keys, second, "done", message_id=1)
    assert accept(bus, daily=2)[1] is jobs.Refusal.DAILY_LIMIT
