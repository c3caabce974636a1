"""A student signs in, asks, watches the answer stream and typeset, and works the chat."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import App, sign_in
from tests.support.pages import QUADRATIC, answer_text, ask, last_assistant, messages

pytestmark = [pytest.mark.browser, pytest.mark.stack]
MESSAGE_ID = re.compile(r"^\d+$")


class TestAsking:
    def test_quadratic_is_answered_with_typeset_math(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        page = app.sign_in(make_user("student").email)
        ask(page, QUADRATIC)
        user = messages(page, "user").last
        expect(user).to_have_attribute("data-kind", "question")
        answer = last_assistant(page)
        expect(answer).to_have_attribute("data-message-id", MESSAGE_ID)
        expect(page.get_by_test_id("streaming")).to_have_count(0)
        expect(answer).to_have_attribute("data-kind", "answer")
        expect(answer.locator(".katex").first).to_be_visible()
        final = answer_text(answer)
        assert "2" in final
        assert "3" in final
        expect(user).to_have_attribute("data-message-id", MESSAGE_ID)
        # The new session is in the list and in the address, so a reload finds it.
        session_id = page.url.rsplit("/", 1)[-1]
        item = page.locator(f'[data-testid="session-item"][data-session-id="{session_id}"]')
        expect(item).to_be_visible()
        page.reload()
        expect(messages(page)).to_have_count(2)
        expect(last_assistant(page).locator(".katex").first).to_be_visible()

    def test_a_checked_result_says_so(self, app: App, make_user: Callable[..., Any]) -> None:
        page = app.sign_in(make_user("student").email)
        ask(page, QUADRATIC)
        answer = last_assistant(page)
        expect(answer).to_have_attribute("data-message-id", MESSAGE_ID)
        expect(answer.locator(".badge-verified")).to_be_visible()

    def test_keyboard_alone_signs_in_and_asks(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        student = make_user("student")
        page = app.open()
        expect(page.get_by_test_id("login-email")).to_be_focused()
        page.keyboard.type(student.email)
        page.keyboard.press("Tab")
        expect(page.get_by_test_id("login-password")).to_be_focused()
        page.keyboard.type("correct-horse-battery")
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("question-input")).to_be_focused()
        page.keyboard.type("2 + 3 을 계산해줘")
        page.keyboard.press("Enter")
        expect(last_assistant(page)).to_have_attribute("data-message-id", MESSAGE_ID)
        assert "5" in answer_text(last_assistant(page))
        # Shift+Enter is a new line, not a send.
        page.get_by_test_id("question-input").focus()
        page.keyboard.type("첫 줄")
        page.keyboard.press("Shift+Enter")
        page.keyboard.type("둘째 줄")
        expect(page.get_by_test_id("question-input")).to_have_value("첫 줄\n둘째 줄")
        expect(messages(page)).to_have_count(2)

    def test_clarification_shows_its_round_and_the_next_message_answers_it(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        page = app.sign_in(make_user("student").email)
        ask(page, "모르겠어요")
        first = last_assistant(page)
        expect(first).to_have_attribute("data-kind", "clarification")
        expect(first.get_by_test_id("clarification-round")).to_contain_text("1/3")
        ask(page, "잘 모르겠어요")
        expect(messages(page)).to_have_count(4)
        expect(messages(page, "user").last).to_have_attribute("data-kind", "clarification_answer")
        second = last_assistant(page)
        expect(second).to_have_attribute("data-message-id", MESSAGE_ID)
        expect(second).to_have_attribute("data-kind", "clarification")
        expect(second.get_by_test_id("clarification-round")).to_contain_text("2/3")
        # Stored rounds show the same after a reload.
        page.reload()
        rounds = page.get_by_test_id("clarification-round")
        expect(rounds).to_have_count(2)
        expect(rounds.nth(1)).to_contain_text("2/3")

    def test_what_a_student_types_is_shown_as_text(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        page = app.sign_in(make_user("student").email)
        hostile = '<img src=x onerror="window.__pwned=1"> **not bold** $x^2$'
        ask(page, hostile)
        user = messages(page, "user").last
        expect(last_assistant(page)).to_have_attribute("data-message-id", MESSAGE_ID)
        body = user.locator(".message-body")
        expect(body).to_contain_text('<img src=x onerror="window.__pwned=1"> **not bold**')
        expect(body.locator("img")).to_have_count(0)
        expect(body.locator("strong")).to_have_count(0)
        expect(body.locator(".katex")).to_have_count(1)  # math in a question is typeset
        assert page.evaluate("window.__pwned") is None


class TestSessions:
    def test_rename_archive_and_delete(self, app: App, make_user: Callable[..., Any]) -> None:
        page = app.sign_in(make_user("student").email)
        ask(page, QUADRATIC)
        expect(last_assistant(page)).to_have_attribute("data-message-id", MESSAGE_ID)
        session_id = page.url.rsplit("/", 1)[-1]
        item = page.locator(f'[data-testid="session-item"][data-session-id="{session_id}"]')

        page.get_by_role("button", name="이름 바꾸기").click()
        field = page.get_by_role("textbox", name="대화 이름")
        field.fill("이차방정식 <연습>")
        field.press("Enter")
        expect(page.locator(".conversation-title")).to_have_text("이차방정식 <연습>")
        expect(item).to_contain_text("이차방정식 <연습>")

        page.get_by_role("button", name="보관", exact=True).click()
        expect(page.get_by_role("button", name="보관 해제")).to_be_visible()
        page.get_by_test_id("new-chat").click()
        expect(item).to_have_count(0)  # archived chats are hidden until asked for
        page.get_by_text("보관한 대화 보기").click()
        expect(item).to_be_visible()

        item.click()
        page.get_by_role("button", name="삭제", exact=True).click()
        page.get_by_role("button", name="삭제하기").click()
        expect(item).to_have_count(0)
        expect(messages(page)).to_have_count(0)

    def test_new_chat_starts_a_separate_session(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        page = app.sign_in(make_user("student").email)
        ask(page, QUADRATIC)
        expect(last_assistant(page)).to_have_attribute("data-message-id", MESSAGE_ID)
        page.get_by_test_id("new-chat").click()
        expect(messages(page)).to_have_count(0)
        ask(page, "2 + 3 을 계산해줘")
        expect(last_assistant(page)).to_have_attribute("data-message-id", MESSAGE_ID)
        expect(page.get_by_test_id("session-item")).to_have_count(2)
        expect(messages(page)).to_have_count(2)


class TestRating:
    def test_rate_an_answer_and_see_it_after_a_reload(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        page = app.sign_in(make_user("student").email)
        ask(page, QUADRATIC)
        answer = last_assistant(page)
        expect(answer).to_have_attribute("data-message-id", MESSAGE_ID)
        answer.get_by_test_id("rating-up").click()
        expect(answer.get_by_test_id("rating-up")).to_have_attribute("aria-pressed", "true")
        answer.get_by_test_id("rating-down").click()
        expect(answer.get_by_test_id("rating-down")).to_have_attribute("aria-pressed", "true")
        expect(answer.get_by_test_id("rating-up")).to_have_attribute("aria-pressed", "false")
        expect(page.get_by_test_id("error-banner")).to_be_hidden()
        page.reload()
        rated = last_assistant(page)
        expect(rated.get_by_test_id("rating-down")).to_have_attribute("aria-pressed", "true")


RECORD_ANSWER_TEXTS = """() => new MutationObserver(() => {
    const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
    const last = all[all.length - 1];
    if (last) window.recordAnswer(last.querySelector('.message-body').textContent);
  }).observe(document.body, {subtree: true, childList: true, characterData: true})"""

# Passes the first event of the first answer stream on, then fails it as a dropped
# connection would (by events, not chunks: a fast answer can come in one chunk).
DROP_FIRST_STREAM = """
const realFetch = window.fetch;
window.__dropped = 0;
window.fetch = async (...args) => {
  const response = await realFetch(...args);
  if (!String(args[0]).includes("/maice/chat/streaming") || window.__dropped) return response;
  window.__dropped += 1;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  const body = new ReadableStream({
    async pull(controller) {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return controller.close();
        seen += decoder.decode(value, { stream: true });
        const start = seen.indexOf("data:");
        const end = start === -1 ? -1 : seen.indexOf("\\n\\n", start);
        if (end !== -1) {
          controller.enqueue(new TextEncoder().encode(seen.slice(0, end + 2)));
          reader.cancel();
          controller.error(new TypeError("network error (dropped by the test)"));
          return;
        }
      }
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
};
"""


class TestDroppedConnection:
    def test_a_dropped_stream_resumes_after_its_last_event(
        self, app: App, make_user: Callable[..., Any]
    ) -> None:
        student = make_user("student")
        page = app.open()
        page.add_init_script(DROP_FIRST_STREAM)
        page.reload()
        resumed: list[str | None] = []
        page.on(
            "request",
            lambda request: (
                resumed.append(request.headers.get("last-event-id"))
                if "/events" in request.url
                else None
            ),
        )
        sign_in(page, student.email)
        ask(page, QUADRATIC)
        answer = last_assistant(page)
        expect(answer).to_have_attribute("data-message-id", MESSAGE_ID)
        assert page.evaluate("window.__dropped") == 1
        assert resumed, "no resume request"
        assert resumed[0], "the resume did not say where it stopped (Last-Event-ID)"
        shown = answer_text(answer)
        assert shown.count("답:") == 1
        page.reload()
        expect(messages(page)).to_have_count(2)
        # Nothing lost, nothing twice: what was shown is what was stored.
        assert answer_text(last_assistant(page)) == shown


def wait_for_partial_answer(page: Page) -> str:
    """Wait until some of the answer has streamed while it is still streaming."""
    expect(page.get_by_test_id("streaming")).to_have_count(1)
    answer = last_assistant(page)
    page.wait_for_function(
        """() => {
             const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
             const body = all[all.length - 1].querySelector('.message-body');
             const streaming = document.querySelector('[data-testid=streaming]');
             return body.textContent.length > 10 && streaming;
           }"""
    )
    return answer_text(answer)


class TestPacedAnswers:
    """With ANSWER_PIECE_DELAY_SECONDS the answer takes seconds: enough to watch and act."""

    def test_tokens_arrive_before_the_answer_is_done(
        self, slow_app: App, make_user: Callable[..., Any]
    ) -> None:
        page = slow_app.sign_in(make_user("student").email)
        texts: list[str] = []
        page.expose_function("recordAnswer", lambda text: texts.append(text))
        page.evaluate(RECORD_ANSWER_TEXTS)
        ask(page, QUADRATIC)
        partial = wait_for_partial_answer(page)
        answer = last_assistant(page)
        expect(page.get_by_test_id("streaming")).to_have_count(0, timeout=60_000)
        final = answer_text(answer)
        assert len(final) > len(partial)
        # The answer grew piece by piece on screen, not all at once at the end.
        assert len({text for text in texts if text}) >= 5
        expect(answer.locator(".katex").first).to_be_visible()

    def test_reload_mid_answer_finishes_it_once(
        self, slow_app: App, make_user: Callable[..., Any]
    ) -> None:
        page = slow_app.sign_in(make_user("student").email)
        ask(page, QUADRATIC)
        expect(page).to_have_url(re.compile(r"#/chat/\d+$"))
        partial = wait_for_partial_answer(page)
        page.reload()
        # The same answer resumes: still streaming after the reload, then done once.
        expect(page.get_by_test_id("streaming")).to_have_count(1)
        expect(page.get_by_test_id("streaming")).to_have_count(0, timeout=60_000)
        expect(messages(page)).to_have_count(2)
        final = answer_text(last_assistant(page))
        assert len(final) > len(partial)
        assert final.count("답:") == 1
        page.reload()
        expect(messages(page)).to_have_count(2)
        assert answer_text(last_assistant(page)) == final

    def test_stop_keeps_the_partial_answer(
        self, slow_app: App, make_user: Callable[..., Any]
    ) -> None:
        page = slow_app.sign_in(make_user("student").email)
        ask(page, QUADRATIC)
        wait_for_partial_answer(page)
        page.get_by_test_id("stop").click()
        expect(page.get_by_test_id("streaming")).to_have_count(0)
        answer = last_assistant(page)
        expect(answer).to_have_attribute("data-message-id", MESSAGE_ID)
        expect(answer.locator(".message-status")).to_contain_text("멈췄습니다")
        expect(page.get_by_test_id("stop")).to_be_hidden()
        expect(page.get_by_test_id("error-banner")).to_be_hidden()
        kept = answer_text(answer)
        assert kept
        assert "답:" not in kept  # stopped before the end
        page.reload()
        assert answer_text(last_assistant(page)) == kept

    def test_escape_stops_an_answer(self, slow_app: App, make_user: Callable[..., Any]) -> None:
        page = slow_app.sign_in(make_user("student").email)
        ask(page, QUADRATIC)
        wait_for_partial_answer(page)
        page.keyboard.press("Escape")
        expect(page.get_by_test_id("streaming")).to_have_count(0)
        expect(last_assistant(page).locator(".message-status")).to_contain_text("멈췄습니다")
