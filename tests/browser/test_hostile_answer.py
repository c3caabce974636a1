"""Model output is untrusted: a hostile answer renders as harmless text and runs nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.fakes.openai_server import FakeOpenAI, ok, running_fake_openai, stream
from tests.support.browser import App, start_stack
from tests.support.pages import ask, last_assistant
from tests.support.processes import Stack

pytestmark = [pytest.mark.browser, pytest.mark.stack]

VERDICT = json.dumps({"knowledge_type": "K2", "gate": "answerable", "reasons": "asks why"})
HOSTILE = (
    "함수는 **대응 관계**입니다. ",
    '<img src=x onerror="window.__pwned=1;alert(1)"> ',
    "[자세히 보기](javascript:window.__pwned=2) ",
    '<a href="javascript:alert(3)">raw link</a> ',
    "<script>window.__pwned=3</script>",
    '<svg onload="window.__pwned=4"><circle r="5"/></svg> ',
    '<iframe src="javascript:alert(6)"></iframe>',
    '<p style="position:fixed;inset:0" onclick="window.__pwned=5">cover</p> ',
    "$\\href{javascript:alert(7)}{x}$ 그리고 $y = f(x)$ ",
    "[ok](https://example.com/)",
)


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as fake:
        yield fake


@pytest.fixture(scope="module")
def openai_stack(test_services: dict[str, str], fake_llm: FakeOpenAI) -> Iterator[Stack]:
    stack = start_stack(
        test_services,
        LLM_PROVIDER="openai",
        LLM_BASE_URL=fake_llm.url,
        LLM_API_KEY="test-key",
        LLM_MODEL="fake-model",
    )
    try:
        yield stack
    finally:
        stack.stop()


def test_hostile_answer_runs_no_script(
    openai_stack: Stack,
    fake_llm: FakeOpenAI,
    browser: Browser,
    make_user: Callable[..., Any],
) -> None:
    fake_llm.reset()
    fake_llm.script(ok(VERDICT), stream(*HOSTILE))
    app = App(browser, openai_stack.url)
    try:
        page = app.sign_in(make_user("student").email)
        ask(page, "함수가 뭐예요?")
        answer = last_assistant(page)
        expect(page.get_by_test_id("streaming")).to_have_count(0)
        expect(answer).to_have_attribute("data-kind", "answer")
        body = answer.locator(".message-body")
        expect(body.locator("strong")).to_have_text("대응 관계")  # Markdown still renders
        expect(body.locator(".katex")).to_have_count(2)
        for tag in ("img", "script", "svg:not(.katex *)", "iframe", "[style]:not(.katex *)"):
            assert body.locator(tag).count() == 0, tag
        assert body.locator("[onclick], [onerror], [onload]").count() == 0
        hrefs = body.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert all(not (href or "").lower().startswith("javascript") for href in hrefs), hrefs
        assert "https://example.com/" in hrefs
        # Raw HTML is shown as the text it is.
        expect(body).to_contain_text('<img src=x onerror="window.__pwned=1;alert(1)">')
        body.get_by_text("자세히 보기").click()
        body.get_by_text("cover", exact=False).click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        # And after a reload, from what was stored.
        page.reload()
        expect(last_assistant(page).locator(".katex")).to_have_count(2)
        assert last_assistant(page).locator("img, script, iframe").count() == 0
        assert page.evaluate("window.__pwned") is None
    finally:
        app.check_and_close()  # no dialog opened, no CSP refusal, no page error
