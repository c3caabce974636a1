from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.factories import create_user, http_client_of
from tests.support.processes import Stack, stack_env


@pytest.fixture(scope="module")
def stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """API, worker and one tutor agent, with their own Redis prefix."""
    with Stack(
        stack_env(test_services, LLM_PROVIDER="tutor", AGENT_TIMEOUT_SECONDS="20")
    ) as running:
        running.start_worker()
        running.start_agent()
        running.start_api()
        yield running


@pytest.fixture
def student_client(stack: Stack, clean_database: None) -> Iterator[httpx.Client]:
    """An HTTP client of the stack, signed in as a new student."""
    client = http_client_of(stack.url, create_user("student"))
    try:
        yield client
    finally:
        client.close()
