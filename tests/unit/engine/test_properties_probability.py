"""Generated counting and probability problems are answered right or not at all."""

from __future__ import annotations

import itertools
import math

import mpmath
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.engine.engine import solve_question

x = sp.Symbol("x")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.integers(2, 12))
def test_sum_of_two_dice(total: int) -> None:
    solution = solve_question(f"주사위 두 개를 던질 때 두 눈의 수의 합이 {total}일 확률")
    count = sum(1 for a, b in itertools.product(range(1, 7), repeat=2) if a + b == total)
    if solution.status == "solved":
        assert solution.values[0] == sp.Rational(count, 36)


@SETTINGS
@given(st.integers(1, 8), st.integers(0, 8))
def test_heads_of_n_coins(n: int, k: int) -> None:
    solution = solve_question(f"동전 {n}개를 던질 때 앞면이 {k}개 나올 확률")
    if solution.status == "solved":
        assert solution.values[0] == sp.Rational(math.comb(n, k), 2**n)


@SETTINGS
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 3))
def test_all_drawn_balls_one_colour(white: int, black: int, draws: int) -> None:
    question = (
        f"주머니에 흰 공 {white}개, 검은 공 {black}개가 있다. "
        f"{draws}개를 동시에 꺼낼 때 모두 흰 공일 확률"
    )
    solution = solve_question(question)
    if solution.status == "solved":
        expected = sp.Rational(math.comb(white, draws), math.comb(white + black, draws))
        assert solution.values[0] == expected


@SETTINGS
@given(st.integers(-5, 5), st.integers(2, 9), st.integers(0, 9))
def test_binomial_coefficient(a: int, n: int, r: int) -> None:
    solution = solve_question(f"(x + {a})^{n}의 전개식에서 x^{r}의 계수".replace("+ -", "- "))
    if solution.status == "solved":
        assert solution.values[0] == sp.expand((x + a) ** n).coeff(x, r)


@SETTINGS
@given(st.integers(2, 9), st.sampled_from(["원형으로 배열하는", "일렬로 배열하는"]))
def test_circle_and_row(n: int, how: str) -> None:
    solution = solve_question(f"{n}명을 {how} 방법의 수")
    if solution.status == "solved":
        expected = math.factorial(n - 1) if "원형" in how else math.factorial(n)
        assert solution.values[0] == expected


@SETTINGS
@given(st.integers(20, 80), st.integers(1, 10), st.sampled_from([0.5, 1, 1.5, 2, 2.5, 3]))
def test_normal_table_value_is_within_rounding(mean: int, sd: int, z: float) -> None:
    bound = mean + z * sd
    shown = int(bound) if float(bound).is_integer() else bound
    solution = solve_question(f"X ~ N({mean}, {sd}^2), P(X ≤ {shown})")
    if solution.status == "solved":
        assert abs(float(solution.values[0]) - float(mpmath.ncdf(z))) <= 1e-4


@SETTINGS
@given(st.integers(1, 9), st.integers(1, 9))
def test_independent_union(p: int, q: int) -> None:
    a, b = sp.Rational(p, 10), sp.Rational(q, 10)
    solution = solve_question(f"A와 B가 서로 독립이고 P(A)={a}, P(B)={b}일 때 P(A∪B)")
    if solution.status == "solved":
        assert solution.values[0] == a + b - a * b
