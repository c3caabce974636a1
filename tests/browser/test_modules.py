"""The app's own browser modules, run in Chromium: math splitting, rendering, event ids."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.support.browser import App

pytestmark = [pytest.mark.browser, pytest.mark.stack]


def split(page: Page, text: str) -> list[Any]:
    result: list[Any] = page.evaluate(
        """async (text) => (await import('/js/render.js')).splitMath(text)
             .map(p => p.type === 'math' ? ['math', p.value, p.display] : ['text', p.value])""",
        text,
    )
    return result


@pytest.fixture
def page(app: App) -> Page:
    return app.open()


class TestSplitMath:
    def test_inline_and_display_delimiters(self, page: Page) -> None:
        assert split(page, "a $x^2$ b") == [["text", "a "], ["math", "x^2", False], ["text", " b"]]
        assert split(page, "$$\\frac12$$") == [["math", "\\frac12", True]]
        assert split(page, "\\(a\\) and \\[b\\]") == [
            ["math", "a", False],
            ["text", " and "],
            ["math", "b", True],
        ]

    def test_dollars_that_are_money_or_escaped_stay_text(self, page: Page) -> None:
        assert split(page, "costs $5 and $10") == [["text", "costs $5 and $10"]]
        assert split(page, "\\$x\\$") == [["text", "\\$x\\$"]]
        assert split(page, "$ x $") == [["text", "$ x $"]]
        assert split(page, "a $x\nb$") == [["text", "a $x\nb$"]]

    def test_nothing_in_code_is_math(self, page: Page) -> None:
        assert split(page, "`$x$` and $y$") == [["text", "`$x$` and "], ["math", "y", False]]
        fenced = "```\n$a$\n```\n$b$"
        assert split(page, fenced) == [["text", "```\n$a$\n```\n"], ["math", "b", False]]
        assert split(page, "``a ` $x$``") == [["text", "``a ` $x$``"]]

    def test_unclosed_math_stays_text(self, page: Page) -> None:
        # A streaming answer is often cut in the middle of a formula.
        assert split(page, "so $x^2 + ") == [["text", "so $x^2 + "]]
        assert split(page, "so $$x") == [["text", "so $$x"]]


class TestRenderMarkdown:
    def render(self, page: Page, source: str) -> str:
        html: str = page.evaluate(
            """async (source) => {
                 const { renderMarkdown } = await import('/js/render.js');
                 const div = document.createElement('div');
                 div.append(renderMarkdown(source));
                 return div.innerHTML;
               }""",
            source,
        )
        return html

    def test_math_in_code_is_shown_as_written(self, page: Page) -> None:
        html = self.render(page, "`$x$` then $y$\n\n```\n$$z$$\n```")
        assert "<code>$x$</code>" in html
        assert "$$z$$" in html
        assert html.count('class="katex"') == 1

    def test_markdown_does_not_mangle_math(self, page: Page) -> None:
        html = self.render(page, "$a_1 * b_2 * c$ and **bold**")
        assert "<strong>bold</strong>" in html
        assert "<em>" not in html  # the underscores and stars stayed in the formula
        assert html.count('class="katex"') == 1

    def test_display_math_alone_is_not_wrapped_in_a_paragraph(self, page: Page) -> None:
        html = self.render(page, "before\n\n$$x = 1$$\n\nafter")
        assert '<div class="math-display">' in html
        assert '<p><div class="math-display">' not in html

    def test_links_open_apart_and_bad_schemes_go(self, page: Page) -> None:
        html = self.render(page, "[a](https://example.com) [b](javascript:alert(1)) [c](data:x)")
        assert 'href="https://example.com"' in html
        assert 'rel="noopener noreferrer nofollow"' in html
        assert "javascript:" not in html
        assert "data:" not in html

    def test_a_bad_formula_is_shown_not_thrown(self, page: Page) -> None:
        html = self.render(page, "$\\frac{$ and $\\href{javascript:alert(1)}{x}$ and $y$")
        assert 'class="math-inline math-error"' in html
        assert "href=" not in html  # KaTeX trusts no \\href
        assert html.count('class="katex"') == 2


class TestEventIds:
    def test_ids_compare_by_time_then_sequence(self, page: Page) -> None:
        result = page.evaluate(
            """async () => {
                 const { compareEventIds } = await import('/js/stream.js');
                 return [compareEventIds('10-0', '9-5') > 0, compareEventIds('10-2', '10-10') < 0,
                         compareEventIds('10-3', '10-3') === 0];
               }"""
        )
        assert result == [True, True, True]
