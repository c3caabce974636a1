from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.factories import create_user
from tests.integration.chat.stack import Stack, stack_env


@pytest.fixture(scope="module")
def stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """API, worker and one tutor agent, with their own Redis prefix."""
    running = Stack(stack_env(test_services, LLM_PROVIDER="tutor", AGENT_TIMEOUT_SECONDS="20"))
    try:
        running.start_worker()
        running.start_agent()
        running.start_api()
        yield running
    finally:
        running.stop()


@pytest.fixture
def student_client(stack: Stack, clean_database: None) -> Iterator[httpx.Client]:
    """An HTTP client of the stack, signed in as a new student."""
    student = create_user("student")
    with httpx.Client(base_url=f"{stack.url}/api/v1", timeout=30) as client:
        tokens = client.post(
            "/auth/login", json={"email": student.email, "password": "correct-horse-battery"}
        ).json()
        client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        yield client
