"""Celery's broker transport: one redis-py client per channel, messages intact."""

from __future__ import annotations

import inspect
import uuid
from typing import Any

import pytest
from kombu import Connection, Exchange, Queue
from kombu.transport import redis as kombu_redis

from bus.broker import Channel, Transport
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


def test_the_private_kombu_methods_we_rely_on_are_still_there() -> None:
    # bus.broker overrides Channel.conn_or_acquire(client=None) and builds clients with
    # Channel._create_client(); a kombu that renames or reshapes either must fail here.
    stock = inspect.signature(kombu_redis.Channel.conn_or_acquire)
    assert list(stock.parameters) == ["self", "client"]
    assert stock.parameters["client"].default is None
    assert list(inspect.signature(Channel.conn_or_acquire).parameters) == ["self", "client"]
    create = inspect.signature(kombu_redis.Channel._create_client)
    assert list(create.parameters) == ["self", "asynchronous"]
    assert isinstance(inspect.getattr_static(kombu_redis.Channel, "pool"), property)
    # kombu itself still builds a client per call: the reason for the override.
    source = inspect.getsource(kombu_redis.Channel.conn_or_acquire)
    assert "self._create_client()" in source


def test_one_client_serves_every_publish() -> None:
    queue = Queue(f"q-{uuid.uuid4().hex[:6]}", Exchange("direct-test"), routing_key="test")
    with connection() as conn:
        channel = conn.default_channel
        created: list[Any] = []
        build = channel._create_client

        def counting_create_client(*args: Any, **kwargs: Any) -> Any:
            client = build(*args, **kwargs)
            created.append(client)
            return client

        channel._create_client = counting_create_client
        producer = conn.Producer(channel)
        for number in range(5):
            producer.publish(
                {"n": number}, exchange=queue.exchange, routing_key="test", declare=[queue]
            )
        assert len(created) == 1
        assert channel._command_client is created[0]
        simple = conn.SimpleQueue(queue)
        for _ in range(5):
            simple.get(timeout=5).ack()
        simple.close()


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
