"""The job event log: one Redis Stream per job, the single source of truth of its SSE stream.

``emit`` appends an event and publishes a wake-up in one atomic script; after
a job's ``done`` or ``error`` nothing more is appended, so every stream ends
with exactly one of them. ``follow`` replays from an id and then waits for
wake-ups; PubSub only says "look again", so a missed wake-up loses nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, cast

import redis
import redis.asyncio as aioredis

from bus.keys import RedisKeys
from bus.scripts import RedisScript
from bus.wakeup import WakeUpHub

# With decode_responses=True, what XRANGE returns.
StreamEntries = list[tuple[str, dict[str, str]]]
TERMINAL_TYPES = frozenset({"done", "error"})
EVENT_LOG_MAXLEN = 5000
READ_BATCH = 500
# Replays must work for at least 10 minutes after a job ends.
EVENT_LOG_TTL_SECONDS = 3600

_EMIT = RedisScript("emit")


@dataclass(frozen=True)
class JobEvent:
    """One entry of a job's log; ``id`` is the stream id, used as the SSE id.

    ``payload`` is the JSON as stored (with ``type`` and ``job_id``): relayed as
    it is, parsed only when someone asks for ``data``.
    """

    id: str
    type: str
    payload: str

    @property
    def data(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.payload)
        return parsed

    @property
    def is_terminal(self) -> bool:
        return self.type in TERMINAL_TYPES


@dataclass(frozen=True)
class EmitEvent:
    """The arguments of ``emit.lua``: one event of one job."""

    keys: RedisKeys
    job_id: str
    event_type: str
    data: dict[str, Any]
    now: float = field(default_factory=time.time)

    def script_keys(self) -> list[str]:
        job_id, keys = self.job_id, self.keys
        return [keys.job_events(job_id), keys.job(job_id), keys.jobs_by_progress]

    def script_args(self) -> list[str | int]:
        payload = {"type": self.event_type, "job_id": self.job_id, **self.data}
        return [
            self.keys.job_channel(self.job_id),
            self.job_id,
            self.event_type,
            json.dumps(payload, ensure_ascii=False),
            "1" if self.event_type in TERMINAL_TYPES else "0",
            f"{self.now:.3f}",
            EVENT_LOG_MAXLEN,
            EVENT_LOG_TTL_SECONDS,
        ]


def emit_job_event_sync(
    client: redis.Redis, keys: RedisKeys, job_id: str, event_type: str, **data: Any
) -> str | None:
    """Append an event (from sync code: the workers). None if the job already ended."""
    result = _EMIT.run_sync(client, EmitEvent(keys, job_id, event_type, data))
    return str(result) if result else None


async def emit_job_event(
    client: aioredis.Redis, keys: RedisKeys, job_id: str, event_type: str, **data: Any
) -> str | None:
    """Append an event (from async code: the API, the agent). None if the job already ended."""
    result = await _EMIT.run(client, EmitEvent(keys, job_id, event_type, data))
    return str(result) if result else None


def parse_entry(entry_id: str, fields: dict[str, str]) -> JobEvent:
    return JobEvent(entry_id, fields["type"], fields["data"])


def event_types_sync(client: redis.Redis, keys: RedisKeys, job_id: str) -> list[str]:
    """The types of the events a job has so far (to keep redelivered tasks from repeating one)."""
    entries = cast(StreamEntries, client.xrange(keys.job_events(job_id)))
    return [fields["type"] for _, fields in entries]


async def read_job_events(
    client: aioredis.Redis,
    keys: RedisKeys,
    job_id: str,
    after: str | None,
    *,
    count: int = READ_BATCH,
) -> list[JobEvent]:
    """Events strictly after ``after`` (all of them when None)."""
    start = f"({after}" if after else "-"
    entries = cast(
        StreamEntries,
        await client.xrange(keys.job_events(job_id), min=start, max="+", count=count),
    )
    return [parse_entry(entry_id, fields) for entry_id, fields in entries]


def _position(event_id: str) -> tuple[int, int]:
    milliseconds, sequence = event_id.split("-")
    return int(milliseconds), int(sequence)


def carried_events(messages: list[str], last: str | None) -> list[JobEvent] | None:
    """The events the wake-ups carried that follow ``last``; None if one is missing.

    Old or duplicate events (at or before ``last``) are dropped; an event whose
    predecessor is not ``last`` means a wake-up was missed, and the caller reads
    the stream instead.
    """
    events = []
    for message in messages:
        parts = message.split("\n", 3)
        if len(parts) != 4:
            return None
        event_id, previous, event_type, payload = parts
        if last is not None and _position(event_id) <= _position(last):
            continue
        if previous != (last or ""):
            return None
        events.append(JobEvent(event_id, event_type, payload))
        last = event_id
    return events


async def follow_job_events(
    client: aioredis.Redis,
    keys: RedisKeys,
    hub: WakeUpHub,
    job_id: str,
    after: str | None,
    *,
    poll_seconds: float = 1.0,
) -> AsyncIterator[list[JobEvent]]:
    """Replay after ``after``, then yield live events, in batches, until ``done``/``error``.

    Live events come with their wake-ups; the stream is read at the start, after
    a missed wake-up, and every ``poll_seconds`` of silence, so nothing is lost
    when PubSub drops a message. An empty batch means ``poll_seconds`` passed
    with nothing new, so the caller can send keep-alives. Subscribes before the
    first read: no gap between replay and live.
    """
    async with hub.watch(keys.job_channel(job_id)) as inbox:
        last = after
        read_stream = True
        while True:
            if read_stream:
                inbox.clear()  # what arrives from now on follows what this read returns
                events = await read_job_events(client, keys, job_id, last)
                read_stream = len(events) == READ_BATCH
                if not events and await client.hexists(keys.job(job_id), "finished"):
                    # The terminal event is written with the flag, so it lies at or before
                    # `last` unless it landed just now: one more read settles it.
                    yield await read_job_events(client, keys, job_id, last)
                    return
            else:
                carried = carried_events(inbox.take(), last)
                read_stream = carried is None
                events = carried or []
            if events:
                last = events[-1].id
                ending = next((i for i, e in enumerate(events) if e.is_terminal), None)
                if ending is not None:
                    yield events[: ending + 1]
                    return
                yield events
            if read_stream:
                continue
            if not await inbox.wait(poll_seconds):
                read_stream = True
                yield []
