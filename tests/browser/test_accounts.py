"""Signing in and out, tokens across reloads, errors in the banner, languages, admins."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, expect

from tests.support.browser import App, sign_in, start_stack
from tests.support.pages import QUADRATIC, api_client, api_login, ask, last_assistant
from tests.support.processes import Stack

pytestmark = [pytest.mark.browser, pytest.mark.stack]


class TestSignIn:
    def test_wrong_password_is_a_readable_error(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        page = app.open()
        page.get_by_test_id("login-email").fill(make_user("student").email)
        page.get_by_test_id("login-password").fill("wrong-password")
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("error-banner")).to_contain_text("올바르지 않습니다")
        expect(page.get_by_test_id("logout")).to_have_count(0)

    def test_reload_keeps_you_signed_in_and_sign_out_ends_it(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        student = make_user("student")
        page = app.sign_in(student.email)
        refresh = page.evaluate("localStorage.getItem('maice.refresh')")
        assert refresh
        page.reload()
        expect(page.get_by_test_id("logout")).to_be_visible()
        # The refresh token rotated: the one from before the reload is dead.
        assert page.evaluate("localStorage.getItem('maice.refresh')") != refresh
        page.get_by_test_id("logout").click()
        expect(page.get_by_test_id("login-submit")).to_be_visible()
        assert page.evaluate("localStorage.getItem('maice.refresh')") is None
        page.reload()
        expect(page.get_by_test_id("login-submit")).to_be_visible()

    def test_the_access_token_is_refreshed_before_it_expires(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        page = app.open()
        page.clock.install()
        page.reload()
        sign_in(page, make_user("student").email)
        refresh = page.evaluate("localStorage.getItem('maice.refresh')")
        with page.expect_response(lambda response: response.url.endswith("/auth/refresh")) as info:
            page.clock.fast_forward("29:30")  # tokens live 30 minutes; refreshed a minute early
        assert info.value.status == 200
        page.wait_for_function(f"localStorage.getItem('maice.refresh') !== {refresh!r}")
        page.get_by_test_id("nav-dashboard").click()
        expect(page.get_by_test_id("chart-knowledge-types")).to_be_visible()
        expect(page.get_by_test_id("error-banner")).to_be_hidden()

    def test_a_login_ended_elsewhere_goes_back_to_sign_in(
        self, app: App, web_stack: Stack, make_user: Callable[..., Any]
    ) -> None:
        student = make_user("student")
        page = app.sign_in(student.email)
        refresh = page.evaluate("localStorage.getItem('maice.refresh')")
        with api_client(web_stack.url, student.email) as client:
            # Presenting this login's refresh token twice revokes the whole login.
            client.post("/auth/refresh", json={"refresh_token": refresh})
            client.post("/auth/refresh", json={"refresh_token": refresh})
        page.get_by_test_id("nav-dashboard").click()
        expect(page.get_by_test_id("login-submit")).to_be_visible()
        expect(page.get_by_test_id("error-banner")).to_contain_text("다시 로그인")

    def test_google_tokens_in_the_fragment_sign_in_and_leave_the_address(
        self, app: App, web_stack: Stack, make_user: Callable[..., Any]
    ) -> None:
        student = make_user("student")
        pair = api_login(web_stack.url, student.email)
        fragment = urlencode({key: pair[key] for key in ("access_token", "refresh_token")})
        page = app.open(path=f"/#{fragment}&token_type=bearer&expires_in=1800")
        expect(page.get_by_test_id("logout")).to_be_visible()
        assert "access_token" not in page.url
        assert "refresh_token" not in page.url

    def test_google_button_only_when_google_is_configured(self, app: App) -> None:
        page = app.open()
        expect(page.get_by_test_id("login-submit")).to_be_visible()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_test_id("google-signin")).to_have_count(0)


@pytest.fixture(scope="module")
def limited_stack(test_services: dict[str, str]) -> Iterator[Stack]:
    """The whole system with one question a day per student."""
    stack = start_stack(test_services, LLM_PROVIDER="tutor", DAILY_QUESTION_LIMIT="1")
    try:
        yield stack
    finally:
        stack.stop()


def test_a_limit_says_when_to_try_again(
    limited_stack: Stack, browser: Browser, make_user: Callable[..., Any]
) -> None:
    app = App(browser, limited_stack.url)
    try:
        page = app.sign_in(make_user("student").email, locale="en-US")
        ask(page, QUADRATIC)
        expect(last_assistant(page)).to_have_attribute("data-message-id", re.compile(r"\d+"))
        ask(page, "2 + 3 을 계산해줘")
        expect(page.get_by_test_id("error-banner")).to_contain_text(
            re.compile(r"Try again in \d+ s")
        )
        # Nothing was asked: the question is given back, no empty bubble is left.
        expect(page.get_by_test_id("question-input")).to_have_value("2 + 3 을 계산해줘")
        expect(page.locator('[data-testid="message"]')).to_have_count(2)
        expect(page.get_by_test_id("send")).to_be_enabled()
    finally:
        app.check_and_close()


class TestLanguages:
    def test_default_follows_the_browser_and_the_toggle_switches(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        page = app.open(locale="en-US")
        expect(page.get_by_test_id("login-submit")).to_have_text("Sign in")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.get_by_test_id("lang-toggle").click()
        expect(page.get_by_test_id("login-submit")).to_have_text("로그인")
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        page.reload()  # the choice is kept
        expect(page.get_by_test_id("login-submit")).to_have_text("로그인")
        korean = app.open(locale="ko-KR")
        expect(korean.get_by_test_id("login-submit")).to_have_text("로그인")

    def test_every_string_exists_in_both_languages(self, app: App) -> None:
        page = app.open()
        missing = page.evaluate(
            """async () => {
                 const { STRINGS } = await import('/js/i18n.js');
                 const ko = Object.keys(STRINGS.ko), en = Object.keys(STRINGS.en);
                 return [ko.filter(k => !en.includes(k)), en.filter(k => !ko.includes(k)),
                         ko.filter(k => !STRINGS.ko[k].trim() || !STRINGS.en[k]?.trim())];
               }"""
        )
        assert missing == [[], [], []]


class TestAdmin:
    def test_admin_creates_searches_changes_and_deletes_users(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        admin = make_user("admin")
        make_user("student", name="검색될 학생")
        page = app.sign_in(admin.email)
        expect(page).to_have_url(re.compile(r"#/admin$"))
        rows = page.get_by_test_id("user-row")
        expect(rows).to_have_count(2)
        page.locator("#new-user-email").fill("new.teacher@example.com")
        page.locator("#new-user-name").fill("새 선생님")
        page.locator("#new-user-password").fill("a-long-password-1")
        page.locator("#new-user-role").select_option("teacher")
        page.get_by_test_id("user-create").click()
        expect(rows).to_have_count(3)
        page.locator("#new-user-email").fill("new.teacher@example.com")
        page.locator("#new-user-name").fill("중복")
        page.locator("#new-user-password").fill("a-long-password-1")
        page.get_by_test_id("user-create").click()
        expect(page.get_by_test_id("error-banner")).to_be_visible()  # 409, readable

        page.locator("#user-search").fill("검색될")
        expect(rows).to_have_count(1)
        row = rows.first
        row.get_by_role("combobox").select_option("teacher")
        expect(row.get_by_role("combobox")).to_have_value("teacher")
        row.get_by_role("button", name="비활성화").click()
        expect(rows.first).to_contain_text("비활성")
        rows.first.get_by_role("button", name="삭제", exact=True).click()
        rows.first.get_by_role("button", name="삭제하기").click()
        expect(rows).to_have_count(0)
        page.locator("#user-search").fill("")
        expect(rows).to_have_count(2)
