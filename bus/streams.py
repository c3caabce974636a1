"""Slots for open event streams: at most MAX_STREAMS_PER_USER per user, across API processes.

A stream takes a slot before its response starts (so a refusal is a plain 429),
renews it while it lives and gives it back when it ends. A slot not renewed for
``STALE_AFTER_SECONDS`` belonged to a process that died, and is freed.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import redis.asyncio as aioredis

from bus.keys import RedisKeys
from bus.scripts import RedisScript

RENEW_EVERY_SECONDS = 20.0
STALE_AFTER_SECONDS = 3 * RENEW_EVERY_SECONDS

_OPEN_STREAM = RedisScript("open_stream")


@dataclass(frozen=True)
class OpenStream:
    """The arguments of ``open_stream.lua``: one stream asking for a slot."""

    keys: RedisKeys
    user_id: int
    stream_id: str
    limit: int
    now: float = field(default_factory=time.time)

    def script_keys(self) -> list[str]:
        return [self.keys.open_streams(self.user_id)]

    def script_args(self) -> list[str | int]:
        return [
            f"{self.now:.3f}",
            f"{self.now - STALE_AFTER_SECONDS:.3f}",
            self.limit,
            self.stream_id,
            int(STALE_AFTER_SECONDS),
        ]


@dataclass
class StreamSlot:
    """One stream's hold on a slot; ``renew`` is cheap to call often (it acts every
    RENEW_EVERY_SECONDS), ``release`` gives the slot back."""

    client: aioredis.Redis
    keys: RedisKeys
    user_id: int
    stream_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    _renewed_at: float = field(default_factory=time.monotonic)

    async def renew(self) -> None:
        if time.monotonic() - self._renewed_at < RENEW_EVERY_SECONDS:
            return
        self._renewed_at = time.monotonic()
        await self.client.zadd(
            self.keys.open_streams(self.user_id), {self.stream_id: time.time()}, xx=True
        )

    async def release(self) -> None:
        await self.client.zrem(self.keys.open_streams(self.user_id), self.stream_id)


async def take_stream_slot(
    client: aioredis.Redis, keys: RedisKeys, user_id: int, *, limit: int
) -> StreamSlot | None:
    """A slot for one more stream of the user, or None when they hold ``limit`` already."""
    slot = StreamSlot(client, keys, user_id)
    taken = await _OPEN_STREAM.run(client, OpenStream(keys, user_id, slot.stream_id, limit))
    return slot if taken else None
