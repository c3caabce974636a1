"""Checking a stated answer against results made of points, equations and numbers,
and the shape of the worked answers in the geometry, probability and vector tables."""

from __future__ import annotations

import pytest

from agents.engine.claims import same_curve
from agents.engine.engine import check_claim, solve_question
from tests.support.grading import load

TABLES = ("questions_geometry.yaml", "questions_probability.yaml", "questions_vectors.yaml")


def test_a_line_stated_in_either_form_agrees() -> None:
    solution = solve_question("두 점 (1, 2), (3, 6)을 지나는 직선의 방정식")
    assert check_claim(solution, "**Answer:** $y = 2x$") is True
    assert check_claim(solution, "**Answer:** $2x - y = 0$") is True
    assert check_claim(solution, "**Answer:** $y = 2x + 1$") is False
    assert check_claim(solution, "Let's think about the slope first.") is None


def test_focus_and_directrix_are_compared_as_a_point_and_a_line() -> None:
    solution = solve_question("y^2 = 8x의 초점과 준선")
    assert check_claim(solution, "**답:** 초점 $(2, 0)$, 준선 $x = -2$") is True
    assert check_claim(solution, "**답:** 초점 $(2, 0)$, 준선 $x = 2$") is False
    assert check_claim(solution, "**답:** 초점 $(0, 2)$, 준선 $x = -2$") is False


def test_a_circle_equation_agrees_when_expanded() -> None:
    solution = solve_question("중심이 (1,-2)이고 반지름이 3인 원의 방정식")
    assert check_claim(solution, "**Answer:** $(x-1)^2 + (y+2)^2 = 9$") is True
    assert check_claim(solution, "**Answer:** $x^2 + y^2 - 2x + 4y - 4 = 0$") is True
    assert check_claim(solution, "**Answer:** $(x-1)^2 + (y+2)^2 = 3$") is False


def test_vectors_and_extra_parts() -> None:
    solution = solve_question("a=(1,2), b=(3,-1)일 때 2a-3b")
    assert check_claim(solution, "**답:** $(-7, 7)$") is True
    assert check_claim(solution, "**답:** $(-7, 7)$ 또는 $(7, -7)$") is False


def test_same_curve() -> None:
    import sympy as sp

    x, y = sp.symbols("x y")
    assert same_curve(y - 2 * x - 1, 4 * x - 2 * y + 2)
    assert not same_curve(y - 2 * x - 1, y - 2 * x)


@pytest.mark.parametrize(
    "row",
    [row for name in TABLES for row in load(name) if row["kind"] == "K3"],
    ids=lambda r: r["q"][:40],
)
def test_worked_answers_are_well_formed(row: dict[str, str]) -> None:
    solution = solve_question(row["q"])
    assert "$$" not in solution.markdown  # an inline formula never touches another
    assert solution.markdown.count("$") % 2 == 0
    if solution.status == "solved":
        assert ("**답:**" if solution.lang == "ko" else "**Answer:**") in solution.markdown
        assert "✔" in solution.markdown
