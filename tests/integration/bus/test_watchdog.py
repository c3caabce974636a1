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
from bus.watchdog import MAX_REDRIVES, Sweep, sweep, time_out_stalled_jobs
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


def admitted_job_last_heard(bus: tuple[redis.Redis, RedisKeys], seconds_ago: float) -> str:
    """A job admitted as the API admits it (its question kept), silent ``seconds_ago``."""
    client, keys = bus
    job_id = jobs.new_job_id()
    admitted = jobs.accept_job(
        client,
        keys,
        job_id=job_id,
        user_id=7,
        session_id=None,
        concurrent_limit=100,
        daily_limit=100,
        denylist=[],
        question="2x = 4",
    )
    assert admitted == jobs.Admitted(job_id)
    client.zadd(keys.jobs_by_progress, {job_id: time.time() - seconds_ago})
    return job_id


def test_a_stalled_job_is_re_driven_a_bounded_number_of_times_then_ended(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    sent: list[tuple[str, dict[str, object]]] = []
    stalled = admitted_job_last_heard(bus, 6)  # one re-drive interval of a 20 s timeout is 5 s
    fresh = admitted_job_last_heard(bus, 1)

    def send(name: str, payload: dict[str, object], label: dict[str, object]) -> None:
        assert label == {"job_id": payload["job_id"]}
        sent.append((name, payload))

    assert sweep(client, keys, timeout_seconds=20, send=send) == Sweep([stalled], [])
    assert sent == [
        ("chat.start", {"job_id": stalled, "user_id": 7, "session_id": None, "question": "2x = 4"})
    ]
    # Not again within the interval.
    assert sweep(client, keys, timeout_seconds=20, send=send).redriven == []
    for _ in range(MAX_REDRIVES + 2):
        client.hset(keys.job(stalled), "redriven_at", "0")  # an interval has passed
        sweep(client, keys, timeout_seconds=20, send=send)
    assert len(sent) == MAX_REDRIVES
    client.zadd(keys.jobs_by_progress, {stalled: time.time() - 21})
    assert sweep(client, keys, timeout_seconds=20, send=send) == Sweep([], [stalled])
    assert event_types_sync(client, keys, stalled) == ["accepted", "error"]
    assert event_types_sync(client, keys, fresh) == ["accepted"]


def test_a_stalled_job_with_a_kept_reply_gets_chat_finish_again(
    bus: tuple[redis.Redis, RedisKeys],
) -> None:
    client, keys = bus
    job_id = admitted_job_last_heard(bus, 6)
    reply = {"job_id": job_id, "session_id": 3, "kind": "answer", "content": "x = 2"}
    client.hset(keys.job(job_id), "reply", json.dumps(reply))
    sent: list[tuple[str, dict[str, object]]] = []
    sweep(client, keys, timeout_seconds=20, send=lambda name, body, _: sent.append((name, body)))
    assert sent == [("chat.finish", reply)]
