"""One PubSub connection per process that wakes up every follower of a channel."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator

import redis.asyncio as aioredis
import structlog

log = structlog.get_logger(__name__)


class WakeUp:
    """Set when a message arrives on the watched channel (what it says does not matter)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def set(self) -> None:
        self._event.set()

    def clear(self) -> None:
        self._event.clear()

    async def wait(self, timeout: float) -> bool:
        # asyncio.timeout, not wait_for: no task per wait (an open stream waits once per
        # batch of events, thousands of times a second across a busy API).
        try:
            async with asyncio.timeout(timeout):
                await self._event.wait()
            return True
        except TimeoutError:
            return False


class WakeUpHub:
    """Multiplexes channel subscriptions of many followers over one connection.

    Followers poll on a timer anyway, so if the connection drops they are only
    slower until it is back; nothing is lost.
    """

    def __init__(self, client: aioredis.Redis, home_channel: str) -> None:
        self._client = client
        self._home_channel = home_channel
        self._pubsub: aioredis.client.PubSub | None = None
        self._watchers: dict[str, set[WakeUp]] = defaultdict(set)
        self._reader: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def _ensure_reader(self) -> aioredis.client.PubSub:
        if self._pubsub is None:
            pubsub = self._client.pubsub(ignore_subscribe_messages=True)
            # Subscribed for good before the reader starts: redis-py handles a
            # connection that drops in and out of subscribed mode poorly (wake-ups
            # were read late), and a subscribe never races the reader for a reply.
            await pubsub.subscribe(self._home_channel)
            self._pubsub = pubsub
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read_forever(self._pubsub))
        return self._pubsub

    async def _read_forever(self, pubsub: aioredis.client.PubSub) -> None:
        while True:
            try:
                message = await pubsub.get_message(timeout=1.0)
                if message and message["type"] == "message":
                    for watcher in list(self._watchers.get(message["channel"], ())):
                        watcher.set()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("pubsub read failed; followers fall back to polling", error=str(error))
                await asyncio.sleep(1.0)

    @contextlib.asynccontextmanager
    async def watch(self, channel: str) -> AsyncIterator[WakeUp]:
        wake_up = WakeUp()
        try:
            async with self._lock:
                pubsub = await self._ensure_reader()
                if not self._watchers[channel]:
                    await pubsub.subscribe(channel)
                self._watchers[channel].add(wake_up)
        except Exception as error:
            # Without PubSub the follower still polls; do not fail the stream for it.
            log.warning("subscribe failed; polling only", error=str(error))
        try:
            yield wake_up
        finally:
            watchers = self._watchers.get(channel)
            if watchers is not None:
                watchers.discard(wake_up)
                if not watchers:
                    del self._watchers[channel]
                    with contextlib.suppress(Exception):
                        async with self._lock:
                            if self._pubsub is not None and channel not in self._watchers:
                                await self._pubsub.unsubscribe(channel)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
        if self._pubsub is not None:
            with contextlib.suppress(Exception):
                await self._pubsub.aclose()  # type: ignore[no-untyped-call]
