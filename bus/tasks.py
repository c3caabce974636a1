"""The worker's tasks as the other actors see them: names, queues, routes and a thin sender.

The API and the agent send tasks by name through a small client app
(``TaskSender``); neither imports worker code. The worker's own Celery app
(``tasks.app``) is configured from the same ``broker_config``.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

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
    CHAT_FINISH: {"queue": CHAT_QUEUE, "priority": 3},
    "chat.*": {"queue": CHAT_QUEUE, "priority": 0},
    "summaries.*": {"queue": SUMMARIES_QUEUE},
    "evaluations.*": {"queue": SUMMARIES_QUEUE},
}
# Longer than any task may run, so Redis does not redeliver a running task.
VISIBILITY_TIMEOUT_SECONDS = 3600


def broker_config(settings: Settings) -> dict[str, Any]:
    """The Celery settings every sender and the worker share: broker, routes, serializer."""
    return {
        "broker_url": settings.redis_url,
        # kombu's Redis transport, minus a client per call (see bus.broker)
        "broker_transport": "bus.broker:Transport",
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {
            # Keep Celery's keys beside ours, under the deployment's prefix.
            "global_keyprefix": f"{settings.redis_prefix}celery:",
            "visibility_timeout": VISIBILITY_TIMEOUT_SECONDS,
        },
        "task_default_queue": CHAT_QUEUE,
        "task_routes": TASK_ROUTES,
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,
        "result_backend": None,
    }


class TaskSender:
    """Sends worker tasks by name; one per process, safe to share between threads."""

    def __init__(self, settings: Settings) -> None:
        self.app = Celery("maice-sender")
        self.app.conf.update(broker_config(settings))

    def send(self, name: str, payload: dict[str, Any], *, label: dict[str, Any]) -> None:
        """Send ``name(payload)``. ``label`` (ids only) stands in for the payload in the
        message headers, which Flower and the worker's logs show: never a student's text."""
        self.app.send_task(name, args=[payload], argsrepr=repr(label))

    def close(self) -> None:
        self.app.close()
