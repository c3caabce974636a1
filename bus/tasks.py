"""The worker's tasks as the other actors see them: names, queues, routes and a thin sender.

The API and the agent send tasks by name through a small client app
(``TaskSender``); neither imports worker code. The worker's own Celery app
(``tasks.app``) is configured from the same ``broker_config``.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from kombu import Exchange, Queue
from kombu.exceptions import OperationalError

from core.settings import Settings

CHAT_QUEUE = "chat"
# Batch work (summaries, digests, the agent's rubric scoring): never in a chat's way.
SUMMARIES_QUEUE = "summaries"
ALL_QUEUES = (CHAT_QUEUE, SUMMARIES_QUEUE)

CHAT_START = "chat.start"
CHAT_FINISH = "chat.finish"
CHAT_WATCHDOG = "chat.watchdog"
SUMMARIES_RUN = "summaries.run"
SUMMARIES_STORE = "summaries.store"
DIGESTS_RUN = "summaries.digests"
DIGESTS_SEND = "summaries.send_digest"
EVALUATIONS_RUN = "evaluations.run"
EVALUATIONS_STORE = "evaluations.store"

TASK_ROUTES: dict[str, dict[str, Any]] = {
    # On Redis, 0 is served first: a waiting question goes before a waiting reply,
    # so the first token is not stuck behind other students' finished answers.
    # RabbitMQ's quorum queues (before 4.0) ignore priorities: there the order is FIFO.
    CHAT_FINISH: {"queue": CHAT_QUEUE, "priority": 3},
    "chat.*": {"queue": CHAT_QUEUE, "priority": 0},
    "summaries.*": {"queue": SUMMARIES_QUEUE},
    "evaluations.*": {"queue": SUMMARIES_QUEUE},
}
# How long a delivered, unacknowledged task waits before kombu's Redis transport
# delivers it again (a worker killed, or a restore lost in a Redis restart): longer
# than any task may run (celeryconfig's task_time_limit, 120 s, and chat tasks take
# milliseconds), so a running task is never delivered twice. Stalled chats do not wait
# for it: the watchdog re-drives them (bus/watchdog.py).
VISIBILITY_TIMEOUT_SECONDS = 300


class BrokerUnavailable(Exception):
    """A task could not be sent: the broker did not answer (kombu's OperationalError)."""


REDIS_SCHEMES = ("redis", "rediss", "redis+socket")


def celery_broker_url(settings: Settings) -> str | None:
    """Celery's broker: ``CELERY_BROKER_URL``, else the Redis of the event logs.

    None only before ``maice`` has pointed REDIS_URL at the embedded Redis.
    """
    return settings.celery_broker_url or settings.redis_url


def is_redis_url(url: str | None) -> bool:
    """Whether ``url`` is a Redis broker (None: the default, REDIS_URL, not known yet)."""
    return url is None or url.split("://", 1)[0].lower() in REDIS_SCHEMES


def broker_config(settings: Settings) -> dict[str, Any]:
    """The Celery settings every sender and the worker share: broker, queues, routes."""
    url = celery_broker_url(settings)
    shared: dict[str, Any] = {
        "broker_url": url,
        "broker_connection_retry_on_startup": True,
        "task_default_queue": CHAT_QUEUE,
        "task_routes": TASK_ROUTES,
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,
        "result_backend": None,
    }
    if is_redis_url(url):
        return shared | _redis_broker(settings)
    return shared | _amqp_broker()


def _redis_broker(settings: Settings) -> dict[str, Any]:
    return {
        # kombu's Redis transport, minus a client per call (see bus.broker)
        "broker_transport": "bus.broker:Transport",
        "broker_transport_options": {
            # Keep Celery's keys beside ours, under the deployment's prefix.
            "global_keyprefix": f"{settings.redis_prefix}celery:",
            "visibility_timeout": VISIBILITY_TIMEOUT_SECONDS,
        },
        "task_queues": tuple(Queue(name) for name in ALL_QUEUES),
    }


def _amqp_broker() -> dict[str, Any]:
    """RabbitMQ: durable quorum queues, confirmed publishes.

    A quorum queue is replicated and returns a task the moment its worker's
    connection drops. Senders must know the queues too: Celery looks at their
    type to send a retry's countdown through RabbitMQ's own delayed delivery
    (which needs topic exchanges) instead of holding it in a worker. The worker
    sees the quorum queues and uses per-consumer prefetch (they refuse a global
    one; ``worker_detect_quorum_queues`` is on by default).
    """
    return {
        # A send returns only once the broker has the task.
        "broker_transport_options": {"confirm_publish": True},
        "task_queues": tuple(
            Queue(
                name,
                Exchange(name, type="topic"),
                routing_key=name,
                queue_arguments={"x-queue-type": "quorum"},
            )
            for name in ALL_QUEUES
        ),
        "task_default_queue_type": "quorum",
        "task_create_missing_queue_type": "quorum",
        "task_default_exchange_type": "topic",
    }


class TaskSender:
    """Sends worker tasks by name; one per process, safe to share between threads."""

    def __init__(self, settings: Settings) -> None:
        self.app = Celery("maice-sender")
        self.app.conf.update(broker_config(settings))

    def send(self, name: str, payload: dict[str, Any], *, label: dict[str, Any]) -> None:
        """Send ``name(payload)``. ``label`` (ids only) stands in for the payload in the
        message headers, which Flower and the worker's logs show: never a student's text."""
        try:
            self.app.send_task(name, args=[payload], argsrepr=repr(label))
        except OperationalError as error:
            raise BrokerUnavailable(str(error)) from error

    def close(self) -> None:
        self.app.close()
