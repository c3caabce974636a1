"""Real Chromium driving the web app of a real stack: the pages a test opens, each
recording uncaught errors, dialogs and Content-Security-Policy violations, and how
the browser tests start their stacks. The fixtures are in tests/browser/conftest.py.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.support.factories import PASSWORD
from tests.support.processes import Stack, stack_env

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
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
    """Worker, agent, beat and API on a prefix of their own, each waited for."""
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
            # the tables are emptied after the test can deadlock with the deletes.
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
