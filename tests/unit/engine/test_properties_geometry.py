"""Generated geometry and vector problems are answered right or not at all."""

from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.engine.engine import check_claim, solve_question

x, y = sp.symbols("x y")
SMALL = st.integers(min_value=-9, max_value=9)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _point(a: int, b: int) -> str:
    return f"({a}, {b})"


@SETTINGS
@given(SMALL, SMALL, SMALL, SMALL)
def test_distance_between_two_points(a: int, b: int, c: int, d: int) -> None:
    solution = solve_question(f"두 점 {_point(a, b)}, {_point(c, d)} 사이의 거리")
    if solution.status == "solved":
        assert sp.simplify(solution.values[0] ** 2 - ((c - a) ** 2 + (d - b) ** 2)) == 0


@SETTINGS
@given(SMALL, SMALL, SMALL, SMALL, st.integers(1, 5), st.integers(1, 5))
def test_internal_division(a: int, b: int, c: int, d: int, m: int, n: int) -> None:
    solution = solve_question(f"A{_point(a, b)}, B{_point(c, d)}를 {m}:{n}으로 내분하는 점")
    if solution.status == "solved":
        assert tuple(solution.values[0]) == (
            sp.Rational(m * c + n * a, m + n),
            sp.Rational(m * d + n * b, m + n),
        )


@SETTINGS
@given(SMALL, SMALL, SMALL, SMALL)
def test_line_through_two_points_passes_through_both(a: int, b: int, c: int, d: int) -> None:
    solution = solve_question(f"두 점 {_point(a, b)}, {_point(c, d)}를 지나는 직선의 방정식")
    if solution.status == "solved":
        (line,) = solution.values
        zero = line.lhs - line.rhs
        assert zero.subs({x: a, y: b}) == 0
        assert zero.subs({x: c, y: d}) == 0
    else:
        assert (a, b) == (c, d)


@SETTINGS
@given(SMALL, SMALL, st.integers(1, 9))
def test_centre_and_radius_of_an_expanded_circle(h: int, k: int, r: int) -> None:
    zero = sp.expand((x - h) ** 2 + (y - k) ** 2 - r**2)
    text = str(zero).replace("**", "^")
    solution = solve_question(f"원 {text} = 0의 중심과 반지름")
    if solution.status == "solved":
        centre, radius = solution.values
        assert tuple(centre) == (h, k)
        assert radius == r
        assert check_claim(solution, f"**Answer:** centre $({h}, {k})$, radius ${r}$") is True
        assert check_claim(solution, f"**Answer:** centre $({h + 1}, {k})$, radius ${r}$") is False


@SETTINGS
@given(SMALL, SMALL, SMALL, SMALL)
def test_dot_product(a: int, b: int, c: int, d: int) -> None:
    solution = solve_question(f"a=({a},{b}), b=({c},{d}) 일 때 a·b")
    if solution.status == "solved":
        assert solution.values[0] == a * c + b * d


@SETTINGS
@given(SMALL, SMALL, SMALL)
def test_perpendicular_unknown(a: int, c: int, d: int) -> None:
    solution = solve_question(f"두 벡터 ({a}, k), ({c}, {d})가 수직일 때 k")
    if solution.status == "solved":
        for value in solution.values:
            assert a * c + value * d == 0
