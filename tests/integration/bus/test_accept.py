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


def accept(
    bus: tuple[redis.Redis, RedisKeys], *, denylist: tuple[str, ...] = (), daily: int = 100
) -> tuple[str, jobs.Refusal | None]:
    client, keys = bus
    job_id = jobs.new_job_id()
    refusal = jobs.accept_job(
        client,
        keys,
        job_id=job_id,
        user_id=7,
        session_id=None,
        concurrent_limit=2,
        daily_limit=daily,
        denylist=list(denylist),
    )
    return job_id, refusal


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
