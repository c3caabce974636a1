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


@dataclass(frozen=True)
class Emitted:
    """What an emit did: the new entry's id (None once the job had ended), and whether
    the student has asked to cancel the job."""

    id: str | None
    cancel_requested: bool

    @classmethod
    def of(cls, reply: list[Any]) -> Emitted:
        entry_id, cancelled = reply
        return cls(str(entry_id) if entry_id else None, bool(cancelled))


def emit_job_event_sync(
    client: redis.Redis, keys: RedisKeys, job_id: str, event_type: str, **data: Any
) -> str | None:
    """Append an event (from sync code: the workers). None if the job already ended."""
    return emit_checked_sync(client, keys, job_id, event_type, **data).id


def emit_checked_sync(
    client: redis.Redis, keys: RedisKeys, job_id: str, event_type: str, **data: Any
) -> Emitted:
    """Append an event, and learn whether the student cancelled the job."""
    return Emitted.of(_EMIT.run_sync(client, EmitEvent(keys, job_id, event_type, data)))


async def emit_job_event(
    client: aioredis.Redis, keys: RedisKeys, job_id: str, event_type: str, **data: Any
) -> str | None:
    """Append an event (from async code: the API, the agent). None if the job already ended."""
    return (await emit_checked(client, keys, job_id, event_type, **data)).id


async def emit_checked(
    client: aioredis.Redis, keys: RedisKeys, job_id: str, event_type: str, **data: Any
) -> Emitted:
    """Append an event, and learn whether the student cancelled the job (the agent
    checks this between the pieces of an answer)."""
    return Emitted.of(await _EMIT.run(client, EmitEvent(keys, job_id, event_type, data)))


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

    Subscribes before the first read, so nothing falls between replay and live.
    The stream is read again after each wake-up and after ``poll_seconds`` of
    silence, so a wake-up PubSub dropped loses nothing; such a silence also
    yields an empty batch, for the caller's keep-alives.

    Wake-ups once carried whole events, to save this read. ``make bench`` (9
    rounds, 10 and 50 students) put the saving at about 0.3 ms of API CPU per
    chat (3.1 against 3.3-3.4 ms), with no difference in first-token latency or
    chats/s that stood out of the machine's noise: not worth the code it took.
    """
    async with hub.watch(keys.job_channel(job_id)) as wake_up:
        last, woken = after, False
        while True:
            wake_up.clear()  # a wake-up from now on may bring what this read misses
            events = await read_job_events(client, keys, job_id, last)
            if events:
                last = events[-1].id
                ending = next((i for i, e in enumerate(events) if e.is_terminal), None)
                if ending is not None:
                    yield events[: ending + 1]
                    return
                yield events
                if len(events) == READ_BATCH:
                    continue
            elif not woken and await client.hexists(keys.job(job_id), "finished"):
                # (After a wake-up, an empty read only means an earlier read took its
                # event.) Ended at or before `after`, since the terminal event is
                # written with the flag, unless it landed just now: one more read settles it.
                yield await read_job_events(client, keys, job_id, last)
                return
            woken = await wake_up.wait(poll_seconds)
            if not woken:
                yield []
