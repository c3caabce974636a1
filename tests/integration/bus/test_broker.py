"""Celery's broker transport: one redis-py client per channel, messages intact."""

from __future__ import annotations

import uuid

import pytest
from kombu import Connection, Exchange, Queue

from bus.broker import Transport
from core.settings import get_settings


def connection() -> Connection:
    prefix = f"{get_settings().redis_prefix}broker-{uuid.uuid4().hex[:6]}:"
    return Connection(
        get_settings().redis_url,
        transport=Transport,
        transport_options={"global_keyprefix": prefix},
    )


def test_a_channel_reuses_its_client_until_its_pool_changes() -> None:
    with connection() as conn:
        channel = conn.default_channel
        with channel.conn_or_acquire() as first, channel.conn_or_acquire() as second:
            assert first is second
        channel._pool = None  # what kombu does when it resets the channel's connections
        with channel.conn_or_acquire() as third:
            assert third is not first
            assert third.connection_pool is channel.pool


def test_published_messages_arrive_and_are_acknowledged_once() -> None:
    queue = Queue(f"q-{uuid.uuid4().hex[:6]}", Exchange("direct-test"), routing_key="test")
    with connection() as conn:
        producer = conn.Producer()
        for number in range(3):
            producer.publish(
                {"n": number}, exchange=queue.exchange, routing_key="test", declare=[queue]
            )
        received = []
        simple = conn.SimpleQueue(queue)
        for _ in range(3):
            message = simple.get(timeout=5)
            received.append(message.payload["n"])
            message.ack()
        assert sorted(received) == [0, 1, 2]
        with pytest.raises(simple.Empty):
            simple.get(timeout=0.2)
        simple.close()
