"""Which of the agent's jobs a student stopped: the API says so on one PubSub channel.

Each job in hand waits on its own ``asyncio.Event``. PubSub can drop a message
when its connection does; the emit script also reports a cancel on every
piece (see bus.events.emit_checked), so a dropped message costs at most one
piece's delay, never a cancel.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import redis.asyncio as aioredis
import structlog

log = structlog.get_logger(__name__)


class CancelListener:
    def __init__(self, client: aioredis.Redis, channel: str) -> None:
        self._client = client
        self._channel = channel
        self._watched: dict[str, asyncio.Event] = {}

    @contextlib.contextmanager
    def watch(self, job_id: str) -> Iterator[asyncio.Event]:
        """An event set once the student cancels ``job_id``, while the job is in hand."""
        event = self._watched.setdefault(job_id, asyncio.Event())
        try:
            yield event
        finally:
            self._watched.pop(job_id, None)

    async def run(self) -> None:
        """Listen until cancelled; reconnects after a lost connection."""
        while True:
            pubsub = self._client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self._channel)
                while True:
                    message = await pubsub.get_message(timeout=1.0)
                    if message and message["type"] == "message":
                        event = self._watched.get(message["data"])
                        if event is not None:
                            event.set()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("cancel channel lost; listening again", error=str(error))
                await asyncio.sleep(1.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
