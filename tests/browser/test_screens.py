"""The main screens at phone and desktop size in Korean and English, as artifacts.

Screenshots land in tests/browser/artifacts/ (git-ignored) for a person to look at;
the test itself checks what a machine can: nothing wider than the screen, every
text translated (no raw i18n keys), and the main hooks on screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import DESKTOP, PHONE, App, sign_in
from tests.support.pages import QUADRATIC, api_client
from tests.support.processes import Stack

pytestmark = [pytest.mark.browser, pytest.mark.stack]

SIZES = {"phone": PHONE, "desktop": DESKTOP}
LOCALES = {"ko": "ko-KR", "en": "en-US"}
# An i18n key left untranslated would show as itself, e.g. "chat.send".
SECTIONS = (
    "app|common|nav|login|chat|message|knowledge|gate|mode|role|feedback|dashboard|teacher|admin"
)
RAW_KEY = re.compile(rf"\b(?:{SECTIONS}|consent|research|error)\.[a-zA-Z]+\b")


def check_screen(page: Page, artifacts: Path, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)  # let fonts and charts settle before the picture
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the screen"
    raw = RAW_KEY.findall(page.locator("body").inner_text())
    assert not raw, f"{name}: untranslated {raw}"


@pytest.mark.parametrize("language", LOCALES)
@pytest.mark.parametrize("size", SIZES)
def test_main_screens(
    app: App,
    web_stack: Stack,
    make_user: Callable[..., Any],
    artifacts: Path,
    size: str,
    language: str,
) -> None:
    options = {"viewport": SIZES[size], "locale": LOCALES[language]}
    prefix = f"{language}-{size}"
    teacher = make_user("teacher", name="김선생")
    student = make_user("student", name="이학생")
    admin = make_user("admin", name="관리자")
    with api_client(web_stack.url, teacher.email) as client:
        classroom = client.post("/teacher/classrooms/", json={"name": "2학년 3반"}).json()
    with api_client(web_stack.url, student.email) as client:
        client.post("/student/classrooms/join", json={"join_code": classroom["join_code"]})

    page = app.open(**options)
    expect(page.get_by_test_id("login-submit")).to_be_visible()
    check_screen(page, artifacts, f"{prefix}-login")

    sign_in(page, student.email)
    page.get_by_test_id("question-input").fill(QUADRATIC)
    page.get_by_test_id("send").click()
    answer = page.locator('[data-testid="message"][data-role="assistant"]').last
    expect(answer.locator(".katex").first).to_be_visible()
    expect(page.get_by_test_id("streaming")).to_have_count(0)
    check_screen(page, artifacts, f"{prefix}-chat")

    page.get_by_test_id("nav-dashboard").click()
    expect(page.get_by_test_id("chart-questions-by-day")).to_be_visible()
    expect(page.get_by_test_id("chart-knowledge-types")).to_be_visible()
    check_screen(page, artifacts, f"{prefix}-dashboard")
    page.get_by_test_id("logout").click()

    sign_in(page, teacher.email)
    expect(page.get_by_test_id("classroom-join-code")).to_have_text(classroom["join_code"])
    expect(page.get_by_test_id("student-row")).to_have_count(1)
    check_screen(page, artifacts, f"{prefix}-teacher")
    page.get_by_test_id("student-row").get_by_role("link").click()
    page.get_by_test_id("session-row").get_by_role("link").click()
    expect(page.get_by_test_id("transcript").locator(".katex").first).to_be_visible()
    check_screen(page, artifacts, f"{prefix}-transcript")
    page.get_by_test_id("logout").click()

    sign_in(page, admin.email)
    expect(page.get_by_test_id("user-row")).to_have_count(3)
    check_screen(page, artifacts, f"{prefix}-admin")
