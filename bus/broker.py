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

A channel that closes after its connection dropped (a Redis restart) still
restores and acknowledges the tasks it delivered, but by then kombu has cut the
channel from its connection: stock kombu's next command then fails building a
new pool (``'NoneType' object has no attribute 'hostname'``), an error Celery
does not expect there, and the worker stops, with status 0. Here the channel
keeps the parameters of its first pool and talks through a short-lived pool
of its own instead; if Redis is still away, that fails with a connection
error, which Celery handles (it reconnects, and the tasks left unacknowledged
come back after the visibility timeout).

Reconnecting quickly after a restart: see ``Transport.establish_connection``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from kombu.transport import redis as kombu_redis

# How long a (re)connect keeps trying before kombu's own back-off takes over; short,
# as a sender (the API) waits that long for a 503 when Redis is down.
RECONNECT_WINDOW_SECONDS = 1.0
RECONNECT_STEP_SECONDS = 0.1


class Channel(kombu_redis.Channel):
    _command_client: Any = None
    _saved_connparams: dict[str, Any] | None = None

    def _connparams(self, asynchronous: bool = False) -> dict[str, Any]:
        params: dict[str, Any] = super()._connparams(asynchronous=asynchronous)  # type: ignore[misc]
        if not asynchronous and self._saved_connparams is None:
            self._saved_connparams = dict(params)
        return params

    def _cut_from_connection(self) -> bool:
        transport = self.connection
        return transport is None or transport.client is None

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        if client:
            yield client
            return
        if self._cut_from_connection():
            yield from self._detached_client()
            return
        shared = self._command_client
        if shared is None or shared.connection_pool is not self.pool:  # a new pool after a reset
            shared = self._command_client = self._create_client()  # type: ignore[attr-defined]
        yield shared

    def _detached_client(self) -> Iterator[Any]:
        """A client on a pool of its own, closed after use, for a channel cut from its
        connection (see the module's docstring)."""
        if self._saved_connparams is None:
            raise redis.ConnectionError("the broker channel closed before it connected")
        pool = redis.ConnectionPool(**self._saved_connparams)
        try:
            yield self.Client(connection_pool=pool)
        finally:
            pool.disconnect()


class Transport(kombu_redis.Transport):
    Channel = Channel

    def establish_connection(self) -> Any:
        """Connect, trying again every 0.1 s for ``RECONNECT_WINDOW_SECONDS``.

        Celery's consumer reconnects at once after a lost connection and, when that
        fails, waits 2, 4, 6 … s (kombu's ``ensure_connection`` back-off, which its
        settings do not reach). A restarting Redis is usually back within a second:
        this window finds it on the first try instead of 2 s later.
        """
        deadline = time.monotonic() + RECONNECT_WINDOW_SECONDS
        while True:
            try:
                return super().establish_connection()
            except self.connection_errors:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(RECONNECT_STEP_SECONDS)
