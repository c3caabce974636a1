"""Celery's Redis transport, reusing one redis-py client per channel.

kombu builds a new redis-py client for every publish, every delivery's
bookkeeping and every acknowledgement; building one copies a table of a few
hundred reply callbacks, which came to about a tenth of a worker's CPU per
chat. A redis-py client only borrows connections from its pool per command,
so one per channel serves every thread. celeryconfig names this transport.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    _command_client: Any = None

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        if client:
            yield client
            return
        shared = self._command_client
        if shared is None or shared.connection_pool is not self.pool:  # a new pool after a reset
            shared = self._command_client = self._create_client()  # type: ignore[attr-defined]
        yield shared


class Transport(kombu_redis.Transport):
    Channel = Channel
