"""Celery's Redis transport, reusing one redis-py client per channel.

kombu builds a new redis-py client for every publish, every delivery's
bookkeeping and every acknowledgement (`Channel.conn_or_acquire` calls
`_create_client()` each time); building one copies a table of a few hundred
reply callbacks. A redis-py client only borrows connections from its pool per
command, so one per channel serves every thread. celeryconfig names this
transport, through `bus.tasks.broker_config`.

Measured gain (`make bench`, 2 CPUs shared with other users, each variant run
twice, alternating; CPU ms per chat, at 10 / 50 students):

    worker  with: 3.1 / 3.1, 3.2 / 3.1    stock kombu: 3.5 / 3.5, 3.5 / 3.4
    api     with: 2.6 / 2.6, 2.6 / 2.6    stock kombu: 2.8 / 2.7, 2.7 / 2.8

so about a tenth of the worker's CPU per chat (and a little of the API's, which
publishes `chat.start`). The override relies on kombu's private
`Channel.conn_or_acquire(client=None)` and `Channel._create_client()`;
tests/integration/bus/test_broker.py fails when either changes under it.
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
