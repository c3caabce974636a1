"""Generated problems are answered right or not at all — never a wrong stated result."""

from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.engine.checks import close
from agents.engine.engine import check_claim, solve_question

x = sp.Symbol("x")
SMALL = st.integers(min_value=-9, max_value=9)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _poly_text(expr: sp.Expr) -> str:
    return str(sp.expand(expr)).replace("**", "^")


@SETTINGS
@given(st.lists(SMALL, min_size=1, max_size=3))
def test_polynomial_with_chosen_roots(roots: list[int]) -> None:
    expr = sp.Integer(1)
    for r in roots:
        expr *= x - r
    solution = solve_question(f"solve {_poly_text(expr)} = 0")
    if solution.status == "solved":
        assert set(solution.values) == set(roots)


@SETTINGS
@given(SMALL, SMALL, SMALL, SMALL)
def test_linear_system(a: int, b: int, p: int, q: int) -> None:
    # x + a y = p, b x - y = q: unique unless 1*(-1) - a*b == 0
    solution = solve_question(f"solve x + {a}y = {p}, {b}x - y = {q}".replace("+ -", "- "))
    if solution.status == "solved" and solution.values:
        xs, ys = solution.values
        assert close(xs + a * ys, p)
        assert close(b * xs - ys, q)


@SETTINGS
@given(SMALL, SMALL, SMALL)
def test_derivative_value_at_a_point(a: int, b: int, point: int) -> None:
    expr = x**3 + a * x**2 + b * x
    solution = solve_question(f"f(x) = {_poly_text(expr)}, f'({point})의 값")
    if solution.status == "solved":
        assert solution.values[0] == sp.diff(expr, x).subs(x, point)


@SETTINGS
@given(SMALL, st.integers(min_value=1, max_value=6))
def test_definite_integral_on_random_interval(low: int, width: int) -> None:
    solution = solve_question(f"integrate x^2 from {low} to {low + width}")
    if solution.status == "solved":
        assert solution.values[0] == sp.integrate(x**2, (x, low, low + width))


@SETTINGS
@given(SMALL, SMALL)
def test_tangent_line_at_random_point(a: int, point: int) -> None:
    expr = x**2 + a * x
    solution = solve_question(f"tangent line to y = {_poly_text(expr)} at x = {point}")
    if solution.status == "solved":
        slope = sp.diff(expr, x).subs(x, point)
        assert sp.expand(solution.values[0] - (slope * (x - point) + expr.subs(x, point))) == 0


def test_check_claim_compares_a_free_text_answer() -> None:
    solution = solve_question("x^2-5x+6=0 풀어줘")
    assert check_claim(solution, "So the roots are...\n**Answer:** $x = 2$ or $x = 3$") is True
    assert check_claim(solution, "**Answer:** $x = 1$ or $x = 6$") is False
    assert check_claim(solution, "Let's think about it together.") is None
    derivative = solve_question("differentiate x^3 + 2x")
    assert check_claim(derivative, "**Answer:** $f'(x) = 3x^2 + 2$") is True
    assert check_claim(derivative, "**Answer:** $f'(x) = 3x^2$") is False
