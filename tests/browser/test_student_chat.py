"""A student signs in, asks, watches the answer stream and typeset, and works the chat."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import App

QUADRATIC = "x^2 - 5x + 6 = 0 을 풀어줘"


def ask(page: Page, question: str) -> None:
    page.get_by_test_id("question-input").fill(question)
    page.get_by_test_id("send").click()


def last_assistant(page: Page) -> Any:
    return page.locator('[data-testid="message"][data-role="assistant"]').last


class TestAskingAQuestion:
    def test_quadratic_is_answered_with_typeset_math(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        student = make_user("student")
        page = app.sign_in(student.email)
        ask(page, QUADRATIC)
        user = page.locator('[data-testid="message"][data-role="user"]').last
        expect(user).to_have_attribute("data-kind", "question")
        answer = last_assistant(page)
        expect(answer).to_have_attribute("data-message-id", re.compile(r"^\d+$"))
        expect(page.get_by_test_id("streaming")).to_have_count(0)
        expect(answer).to_have_attribute("data-kind", "answer")
        expect(answer.locator(".katex").first).to_be_visible()
        final = answer.locator(".message-body").inner_text()
        assert "2" in final
        assert "3" in final
        expect(user).to_have_attribute("data-message-id", re.compile(r"^\d+$"))
        # The new session is in the list and in the address, so a reload finds it.
        session_id = page.url.rsplit("/", 1)[-1]
        expect(
            page.locator(f'[data-testid="session-item"][data-session-id="{session_id}"]')
        ).to_be_visible()
        page.reload()
        expect(page.locator('[data-testid="message"]')).to_have_count(2)
        expect(last_assistant(page).locator(".katex").first).to_be_visible()
