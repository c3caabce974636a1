"""Real Chromium driving the web app served by a real stack (API, worker, agent, beat).

Every page records uncaught errors, dialogs and Content-Security-Policy violations;
a test fails at teardown if its page threw or was refused something by the CSP.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from playwright.sync_api import (
    Error as PlaywrightError,
)

from tests.browser.harness import Stack, stack_env
from tests.factories import PASSWORD, create_user

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Generous for a loaded 2-core machine; nothing asserts how fast anything is.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)

# Collects CSP violations in the page itself (they are not console errors in every build).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def start_stack(services: dict[str, str], **overrides: str) -> Stack:
    stack = Stack(stack_env(services, AGENT_TIMEOUT_SECONDS="30", **overrides))
    try:
        stack.start_worker()
        stack.start_agent()
        stack.start_beat()
        stack.start_api()
    except BaseException:
        stack.stop()
        raise
    return stack


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


@dataclass
class PageRecord:
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@dataclass
class App:
    """Opens pages of one stack's web app, each in its own browser context."""

    browser: Browser
    base_url: str
    contexts: list[BrowserContext] = field(default_factory=list)
    records: list[tuple[Page, PageRecord]] = field(default_factory=list)

    def open(
        self, *, viewport: dict[str, int] = DESKTOP, locale: str = "ko-KR", path: str = "/"
    ) -> Page:
        context = self.browser.new_context(viewport=viewport, locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(RECORD_VIOLATIONS)
        self.contexts.append(context)
        page = context.new_page()
        record = PageRecord()
        page.on("pageerror", lambda error: record.errors.append(str(error)))
        page.on("dialog", lambda dialog: (record.dialogs.append(dialog.message), dialog.dismiss()))
        self.records.append((page, record))
        page.goto(self.base_url + path)
        return page

    def sign_in(self, email: str, password: str = PASSWORD, **options: Any) -> Page:
        page = self.open(**options)
        sign_in(page, email, password)
        return page

    def check_and_close(self) -> None:
        problems = []
        for page, _ in self.records:
            # Let the page's last requests end first: an API request still running when
            # the tables are emptied after the test can deadlock with the TRUNCATE.
            if not page.is_closed():
                with contextlib.suppress(PlaywrightError):
                    page.wait_for_load_state("networkidle", timeout=5_000)
        for page, record in self.records:
            if not page.is_closed():
                violations = page.evaluate("window.__cspViolations || []")
                problems += [f"CSP refused: {v}" for v in violations]
            problems += [f"page error: {e}" for e in record.errors]
            problems += [f"dialog opened: {d}" for d in record.dialogs]
        for context in self.contexts:
            context.close()
        assert not problems, problems


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("logout").wait_for()


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
    """create_user, through the real user service (the password is tests.factories.PASSWORD)."""
    return create_user


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
