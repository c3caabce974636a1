"""What the browser tests do on the app's pages, by its data-testid hooks."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Locator, Page

from tests.support.factories import PASSWORD

QUADRATIC = "x^2 - 5x + 6 = 0 을 풀어줘"


def ask(page: Page, question: str) -> None:
    page.get_by_test_id("question-input").fill(question)
    page.get_by_test_id("send").click()


def messages(page: Page, role: str | None = None) -> Locator:
    selector = '[data-testid="message"]' + (f'[data-role="{role}"]' if role else "")
    return page.locator(selector)


def last_assistant(page: Page) -> Locator:
    return messages(page, "assistant").last


def answer_text(message: Locator) -> str:
    return message.locator(".message-body").inner_text()


def api_login(base_url: str, email: str, password: str = PASSWORD) -> dict[str, Any]:
    response = httpx.post(
        f"{base_url}/api/v1/auth/login", json={"email": email, "password": password}
    )
    response.raise_for_status()
    pair: dict[str, Any] = response.json()
    return pair


def api_client(base_url: str, email: str) -> httpx.Client:
    """An HTTP client of the stack's API, signed in as `email`."""
    token = api_login(base_url, email)["access_token"]
    return httpx.Client(
        base_url=f"{base_url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
