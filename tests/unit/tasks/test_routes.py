"""Where the API and the agent send chat tasks, and in which order a worker takes them."""

from __future__ import annotations

from typing import Any

from tasks.app import celery_app
from tasks.names import CHAT_FINISH, CHAT_QUEUE, CHAT_START, CHAT_WATCHDOG, SUMMARIES_RUN


def route(name: str) -> dict[str, Any]:
    options: dict[str, Any] = celery_app.amqp.router.route({}, name)
    return options


def test_chat_tasks_share_the_chat_queue() -> None:
    for name in (CHAT_START, CHAT_FINISH, CHAT_WATCHDOG):
        assert route(name)["queue"].name == CHAT_QUEUE


def test_a_waiting_question_is_taken_before_a_waiting_reply() -> None:
    """On Redis the lower priority number is served first."""
    assert route(CHAT_START)["priority"] < route(CHAT_FINISH)["priority"]


def test_summaries_have_their_own_queue() -> None:
    assert route(SUMMARIES_RUN)["queue"].name != CHAT_QUEUE
