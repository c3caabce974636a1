"""Which broker Celery uses, and how: bus.broker's Redis transport for Redis only,
quorum queues behind topic exchanges for RabbitMQ, alike for the worker and the senders."""

from __future__ import annotations

import pytest
from celery import Celery
from celery.utils.quorum_queues import detect_quorum_queues

from bus.tasks import ALL_QUEUES, CHAT_START, TaskSender, broker_config
from core.settings import Settings

REDIS = "redis://127.0.0.1:6379/0"
AMQP = "amqp://guest:guest@127.0.0.1:5672//"


def settings(broker: str | None) -> Settings:
    return Settings(redis_url=REDIS, redis_prefix="maice:", celery_broker_url=broker)


def test_the_broker_is_redis_url_unless_celery_broker_url_says_otherwise() -> None:
    assert broker_config(settings(None))["broker_url"] == REDIS
    assert broker_config(settings(""))["broker_url"] == REDIS
    assert broker_config(settings(AMQP))["broker_url"] == AMQP


@pytest.mark.parametrize("url", [None, REDIS, "rediss://:secret@cache.example:6380/1"])
def test_redis_brokers_get_our_transport_and_prefix(url: str | None) -> None:
    config = broker_config(settings(url))
    assert config["broker_transport"] == "bus.broker:Transport"
    assert config["broker_transport_options"]["global_keyprefix"] == "maice:celery:"
    assert "task_default_queue_type" not in config


@pytest.mark.parametrize("url", [AMQP, "pyamqp://maice:pw@rabbitmq:5672/maice"])
def test_rabbitmq_gets_confirmed_quorum_queues_behind_topic_exchanges(url: str) -> None:
    config = broker_config(settings(url))
    assert "broker_transport" not in config  # kombu picks the transport from the URL
    assert config["broker_transport_options"] == {"confirm_publish": True}
    queues = {queue.name: queue for queue in config["task_queues"]}
    assert set(queues) == set(ALL_QUEUES)
    for queue in queues.values():
        assert queue.queue_arguments == {"x-queue-type": "quorum"}
        # Native delayed delivery (a retry's countdown) needs topic exchanges.
        assert queue.exchange.type == "topic"


def apps(url: str) -> list[Celery]:
    """The worker's configuration and a sender's, on ``url``."""
    worker = Celery("worker-like")
    worker.conf.update(broker_config(settings(url)))
    return [worker, TaskSender(settings(url)).app]


@pytest.mark.parametrize("app", apps(AMQP), ids=["worker", "sender"])
def test_worker_and_senders_both_see_the_quorum_queues(app: Celery) -> None:
    # Celery decides per app (the sender's countdowns, the worker's prefetch mode).
    assert detect_quorum_queues(app, "amqp")[0]
    route = app.amqp.router.route({}, CHAT_START)
    assert route["queue"].queue_arguments == {"x-queue-type": "quorum"}


@pytest.mark.parametrize("app", apps(REDIS), ids=["worker", "sender"])
def test_on_redis_nothing_is_a_quorum_queue(app: Celery) -> None:
    assert not detect_quorum_queues(app, "redis")[0]
