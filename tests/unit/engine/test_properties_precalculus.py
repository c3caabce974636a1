"""Generated exponent, log, trigonometry, triangle and sequence problems are
answered right or not at all — never a wrong stated result."""

from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.engine.checks import close
from agents.engine.engine import check_claim, solve_question

x, n = sp.symbols("x n")
SMALL = st.integers(min_value=-9, max_value=9)
POSITIVE = st.integers(min_value=1, max_value=9)
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.sampled_from([2, 3, 5]), SMALL, st.integers(min_value=0, max_value=5))
def test_exponential_equation_with_one_base(base: int, shift: int, power: int) -> None:
    solution = solve_question(f"{base}^(x + {shift}) = {base**power} 풀어줘".replace("+ -", "- "))
    if solution.status == "solved":
        assert list(solution.values) == [power - shift]


@SETTINGS
@given(st.sampled_from([2, 3, 10]), SMALL, st.integers(min_value=-2, max_value=3))
def test_log_equation_respects_the_domain(base: int, shift: int, value: int) -> None:
    solution = solve_question(f"log_{base} (x - {shift}) = {value}".replace("- -", "+ "))
    if solution.status == "solved":
        assert list(solution.values) == [sp.Integer(base) ** value + shift]


@SETTINGS
@given(st.integers(min_value=-24, max_value=48), st.sampled_from(["sin", "cos", "tan"]))
def test_trig_value_at_multiples_of_15_degrees(k: int, name: str) -> None:
    angle = k * sp.pi / 12
    exact = getattr(sp, name)(angle)
    solution = solve_question(f"{name} {15 * k}°")
    if solution.status == "solved":
        assert exact.is_finite
        assert close(solution.values[0], exact)


@SETTINGS
@given(POSITIVE, POSITIVE, st.sampled_from([30, 45, 60, 90, 120, 135, 150]))
def test_law_of_cosines_with_two_sides_and_the_angle(a: int, b: int, degrees: int) -> None:
    solution = solve_question(f"삼각형 ABC에서 a={a}, b={b}, C={degrees}°일 때 c의 길이")
    if solution.status == "solved":
        expected = sp.sqrt(a**2 + b**2 - 2 * a * b * sp.cos(sp.pi * degrees / 180))
        assert close(solution.values[0], expected)


@SETTINGS
@given(SMALL, SMALL, st.integers(min_value=1, max_value=40))
def test_arithmetic_sequence_term(first: int, difference: int, index: int) -> None:
    solution = solve_question(f"첫째항 {first}, 공차 {difference}인 등차수열의 제{index}항")
    if solution.status == "solved":
        assert solution.values[0] == first + (index - 1) * difference


@SETTINGS
@given(SMALL, st.integers(min_value=-3, max_value=3), st.integers(min_value=1, max_value=12))
def test_recurrence_term(first: int, ratio: int, index: int) -> None:
    solution = solve_question(f"a_1 = {first}, a_(n+1) = {ratio}a_n + 1 일 때 a_{index}")
    if solution.status == "solved":
        term = sp.Integer(first)
        for _ in range(index - 1):
            term = ratio * term + 1
        assert solution.values[0] == term


@SETTINGS
@given(st.integers(min_value=1, max_value=9), st.integers(min_value=-9, max_value=9))
def test_infinite_geometric_series(first: int, ratio_tenths: int) -> None:
    ratio = sp.Rational(ratio_tenths, 10)
    solution = solve_question(f"첫째항 {first}, 공비 {ratio}인 무한등비급수의 합")
    if solution.status == "solved":
        assert solution.values[0] == first / (1 - ratio)


def test_check_claim_on_a_log_equation_and_a_trig_equation() -> None:
    solution = solve_question("log_2 x + log_2 (x-2) = 3 풀어줘")
    assert check_claim(solution, "**답:** $x = 4$") is True
    assert check_claim(solution, "**답:** $x = 4$ 또는 $x = -2$") is False
    trig = solve_question("2sinx - 1 = 0, 0 ≤ x < 2π")
    assert check_claim(trig, "**Answer:** $x = \\frac{\\pi}{6}$ or $x = \\frac{5\\pi}{6}$") is True
    assert check_claim(trig, "**Answer:** $x = \\frac{\\pi}{6}$") is False
