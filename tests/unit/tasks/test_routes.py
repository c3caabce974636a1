"""Where the API and the agent send chat tasks, and in which order a worker takes them."""

from __future__ import annotations

from typing import Any

import pytest
from celery import Celery

from bus.tasks import CHAT_FINISH, CHAT_QUEUE, CHAT_START, CHAT_WATCHDOG, SUMMARIES_RUN, TaskSender
from core.settings import get_settings
from tasks.app import celery_app


@pytest.fixture(params=["worker", "sender"])
def app(request: pytest.FixtureRequest) -> Celery:
    """The worker's own app and the senders' client app must route alike."""
    return celery_app if request.param == "worker" else TaskSender(get_settings()).app


def route(app: Celery, name: str) -> dict[str, Any]:
    options: dict[str, Any] = app.amqp.router.route({}, name)
    return options


def test_chat_tasks_share_the_chat_queue(app: Celery) -> None:
    for name in (CHAT_START, CHAT_FINISH, CHAT_WATCHDOG):
        assert route(app, name)["queue"].name == CHAT_QUEUE


def test_a_waiting_question_is_taken_before_a_waiting_reply(app: Celery) -> None:
    """On Redis the lower priority number is served first."""
    assert route(app, CHAT_START)["priority"] < route(app, CHAT_FINISH)["priority"]


def test_summaries_have_their_own_queue(app: Celery) -> None:
    assert route(app, SUMMARIES_RUN)["queue"].name != CHAT_QUEUE
