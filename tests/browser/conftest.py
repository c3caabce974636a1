"""Fixtures of the browser tests: real Chromium driving the web app served by a real
stack (API, worker, agent, beat). A test fails at teardown if its page threw or was
refused something by the CSP (see tests/support/browser.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, App, start_stack
from tests.support.factories import create_user
from tests.support.processes import Stack

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def web_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """The whole system with the offline tutor, answering at full speed."""
    stack = start_stack(test_services, LLM_PROVIDER="tutor")
    try:
        yield stack
    finally:
        stack.stop()


# Answers paced like a slow model, so tests can reload, drop and stop mid-answer.
PIECE_DELAY_SECONDS = "0.2"


@pytest.fixture(scope="session")
def slow_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """The whole system with the tutor pausing between the pieces of an answer."""
    stack = start_stack(
        test_services, LLM_PROVIDER="tutor", ANSWER_PIECE_DELAY_SECONDS=PIECE_DELAY_SECONDS
    )
    try:
        yield stack
    finally:
        stack.stop()


# Per module, not per session: Playwright's sync API keeps an event loop running in this
# thread while it is open, and later tests' asyncio.run() must not find one.
@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    launched = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield launched
    finally:
        launched.close()


@pytest.fixture
def app(web_stack: Stack, browser: Browser, clean_database: None) -> Iterator[App]:
    opened = App(browser, web_stack.url)
    try:
        yield opened
    finally:
        opened.check_and_close()


@pytest.fixture
def slow_app(slow_stack: Stack, browser: Browser, clean_database: None) -> Iterator[App]:
    opened = App(browser, slow_stack.url)
    try:
        yield opened
    finally:
        opened.check_and_close()


@pytest.fixture
def make_user(clean_database: None) -> Callable[..., Any]:
    """create_user, through the real user service (password: tests.support.factories.PASSWORD)."""
    return create_user


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
