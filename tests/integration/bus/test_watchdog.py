"""One function ends stalled jobs, for beat's watchdog and the follower's backstop alike."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import cast

import pytest
import redis

from bus import jobs
from bus.events import StreamEntries, emit_job_event_sync, event_types_sync
from bus.keys import RedisKeys
from bus.redis import sync_client
from bus.watchdog import time_out_stalled_jobs
from core.settings import get_settings


@pytest.fixture
def bus() -> Iterator[tuple[redis.Redis, RedisKeys]]:
    client = sync_client(get_settings())
    yield client, RedisKeys(f"{get_settings().redis_prefix}watchdog-{uuid.uuid4().hex[:6]}:")
    client.close()


def job_last_heard(bus: tuple[redis.Redis, RedisKeys], seconds_ago: float) -> str:
    client, keys = bus
    job_id = jobs.new_job_id()
    jobs.create_job(client, keys, job_id=job_id, user_id=7, session_id=None)
    emit_job_event_sync(client, keys, job_id, "accepted", session_id=None)
    client.zadd(keys.jobs_by_progress, {job_id: time.time() - seconds_ago})
    return job_id


def test_only_jobs_silent_past_the_timeout_and_grace_end_with_agent_timeout(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    stalled, in_grace, alive = (job_last_heard(bus, ago) for ago in (40, 25, 5))
    assert time_out_stalled_jobs(client, keys, timeout_seconds=20, grace_seconds=10) == [stalled]
    assert [event_types_sync(client, keys, job) for job in (stalled, in_grace, alive)] == [
        ["accepted", "error"],
        ["accepted"],
        ["accepted"],
    ]
    (_, fields), *_ = cast(StreamEntries, client.xrevrange(keys.job_events(stalled), count=1))
    error = json.loads(fields["data"])
    assert (error["code"], error["message"]) == (
        "agent_timeout",
        "The tutor did not respond within 20 seconds; please ask again.",
    )
    assert time_out_stalled_jobs(client, keys, timeout_seconds=20) == [in_grace]


def test_a_job_that_ended_meanwhile_is_forgotten_without_a_second_ending(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    job_id = job_last_heard(bus, 40)
    emit_job_event_sync(client, keys, job_id, "done", message_id=1)
    client.zadd(keys.jobs_by_progress, {job_id: time.time() - 40})  # a late score, as in a race
    assert time_out_stalled_jobs(client, keys, timeout_seconds=20) == []
    assert event_types_sync(client, keys, job_id) == ["accepted", "done"]
    assert client.zscore(keys.jobs_by_progress, job_id) is None
