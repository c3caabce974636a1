"""Flower's /api/workers lists the running worker, whichever of the two started first."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.ports import free_port
from tests.support.processes import Stack, stack_env
from tests.support.rabbitmq import BROKERS, celery_broker
from tests.support.waits import wait_until

pytestmark = pytest.mark.stack

AUTH = ("ops", "flower-test-password")
# Flower refreshes what it knows of the workers on its own; a minute is the promise.
LISTED_WITHIN_SECONDS = 60


@pytest.fixture(params=BROKERS)
def flower_stack(request: pytest.FixtureRequest, test_services: dict[str, str]) -> Iterator[Stack]:
    with celery_broker(request.param) as broker:
        env = stack_env(test_services, FLOWER_BASIC_AUTH=":".join(AUTH), **broker)
        with Stack(env) as stack:
            yield stack


def start_flower(stack: Stack) -> str:
    port = free_port()
    stack.start_maice("flower", "flower", "--port", str(port))
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: httpx.get(f"{url}/healthcheck", timeout=2).is_success, "flower")
    return url


def listed_workers(flower_url: str) -> dict[str, object]:
    response = httpx.get(f"{flower_url}/api/workers", auth=AUTH, timeout=5)
    response.raise_for_status()
    workers: dict[str, object] = response.json()
    return workers


def test_a_worker_started_after_flower_is_listed(flower_stack: Stack) -> None:
    flower_url = start_flower(flower_stack)
    assert listed_workers(flower_url) == {}
    flower_stack.start_worker()
    wait_until(
        lambda: listed_workers(flower_url), "the worker listed", timeout=LISTED_WITHIN_SECONDS
    )
    [name] = listed_workers(flower_url)
    assert name.startswith("celery@")


def test_a_worker_started_before_flower_is_listed(flower_stack: Stack) -> None:
    flower_stack.start_worker()
    flower_url = start_flower(flower_stack)
    wait_until(
        lambda: listed_workers(flower_url), "the worker listed", timeout=LISTED_WITHIN_SECONDS
    )
    assert len(listed_workers(flower_url)) == 1
