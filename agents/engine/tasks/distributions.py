"""Random variables: the mean, variance and standard deviation of a binomial
distribution B(n, p) and of aX + b; binomial probabilities P(X = k); and
normal probabilities with the standard normal table (N(m, σ²), standardised),
checked with the exact normal distribution function."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import mpmath
import sympy as sp

from .. import cues
from ..checks import close
from ..explain import m, tex
from ..parse import ParseError, parse_relation
from ..problem import Moment, Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType

MEAN = cues.cue(r"평균|기댓값|기대값|\bmean\b|expected|expectation")
VARIANCE = cues.cue(r"분산|variance")
DEVIATION = cues.cue(r"표준\s*편차|standard\s+deviation")
APPROXIMATE = cues.cue(r"근사|approximat|정규분포를\s*이용|normal\s+approximation")
STANDARD_NORMAL = cues.cue(r"표준\s*정규\s*분포|standard\s+normal")
X = sp.Symbol("x")
Z = sp.Symbol("z")


@cache
def table() -> dict[sp.Rational, sp.Rational]:
    """The standard normal table students use: P(0 ≤ Z ≤ z) to 4 places, z = 0.00 … 3.09.

    Printed tables are the exact values rounded to four decimals, so the table is
    generated that way (P(0 ≤ Z ≤ 1) = 0.3413, 2 → 0.4772, 1.5 → 0.4332 …).
    """
    rows: dict[sp.Rational, sp.Rational] = {}
    with mpmath.workdps(30):
        for hundredths in range(310):
            z = mpmath.mpf(hundredths) / 100
            exact = mpmath.ncdf(z) - mpmath.mpf(1) / 2
            rows[sp.Rational(hundredths, 100)] = sp.Rational(round(exact * 10000), 10000)
    return rows


def _exact_cdf(value: Any) -> Any:
    with mpmath.workdps(30):
        return sp.Float(mpmath.ncdf(mpmath.mpf(str(sp.N(value, 30)))), 30)


def _moment_value(kind: str, expr: Any, mean: Any, variance: Any) -> Any:
    """E, V or σ of a X + b from E(X) and V(X)."""
    a, b = (
        sp.Poly(expr, X).all_coeffs() if sp.degree(expr, X) == 1 else (sp.Integer(1), sp.Integer(0))
    )
    if kind == "E":
        return a * mean + b
    if kind == "V":
        return a**2 * variance
    return sp.Abs(a) * sp.sqrt(variance)


def _asked_moments(problem: Problem) -> list[Moment]:
    asked = [mo for mo in problem.moments if mo.value is None]
    if asked:
        return asked
    text = problem.text
    words = [("E", MEAN), ("V", VARIANCE), ("SD", DEVIATION)]
    return [Moment(kind, X) for kind, cue in words if cue.search(text)]


def _interval(event: str) -> tuple[Any, Any, bool, bool, bool] | None:
    """``x<=60`` → (-oo, 60, …); ``50<x<=70`` → (50, 70, strict, not strict); ``x=3`` → a point.

    Returns ``(low, high, low_strict, high_strict, is_point)``.
    """
    try:
        relation = parse_relation(event)
    except ParseError:
        return None
    var = relation.free_symbols
    if len(var) != 1 or not var <= {X, Z}:
        return None
    parts, ops = relation.parts, relation.ops
    (symbol,) = var
    if any(p.free_symbols for p in parts if p != symbol):
        return None
    if ops == ("=",):
        other = parts[1] if parts[0] == symbol else parts[0]
        return other, other, False, False, True
    if len(ops) == 1:
        left, right = parts
        strict = ops[0] in ("<", ">")
        below = ops[0] in ("<", "<=")  # left < right
        if left == symbol:
            return (
                (-sp.oo, right, False, strict, False)
                if below
                else (right, sp.oo, strict, False, False)
            )
        if right == symbol:
            return (
                (left, sp.oo, strict, False, False)
                if below
                else (-sp.oo, left, False, strict, False)
            )
        return None
    if len(ops) == 2 and parts[1] == symbol and all(op in ("<", "<=") for op in ops):
        return parts[0], parts[2], ops[0] == "<", ops[1] == "<", False
    if len(ops) == 2 and parts[1] == symbol and all(op in (">", ">=") for op in ops):
        return parts[2], parts[0], ops[1] == ">", ops[0] == ">", False
    return None


class Moments(TaskType):
    """E(X), V(X), σ(X) of B(n, p), or of aX + b from given E(X) and V(X)."""

    name = "moments"
    area = "probability"
    requires = ("a distribution B(n, p), or E(X) and V(X)", "the moment asked")
    check_name = "direct_sum"
    shadows = ("evaluate", "solve_equation", "simplify")

    def detect(self, problem: Problem) -> Detection | None:
        dist = problem.distribution
        asked = _asked_moments(problem)
        if problem.chances and not asked:
            return None
        if dist is not None and dist.kind == "binomial":
            n, p = dist.first, dist.second
            if not (n.is_Integer and 0 < n <= 10**6 and 0 <= p <= 1):
                return self.found(CERTAIN, "moments.bad_binomial")
            if not asked:
                return None
            return self.found(CERTAIN, mode="binomial", n=n, p=p, asked=asked)
        if dist is not None and dist.kind == "normal" and asked and not problem.chances:
            return self.found(
                CERTAIN, mode="normal", mean=dist.first, variance=dist.second, asked=asked
            )
        given = {
            mo.kind: mo.value for mo in problem.moments if mo.value is not None and mo.expr == X
        }
        if (
            "E" in given
            and ("V" in given or "SD" in given)
            and [mo for mo in problem.moments if mo.value is None]
        ):
            variance = given["V"] if "V" in given else given["SD"] ** 2
            return self.found(
                CERTAIN,
                mode="given",
                mean=given["E"],
                variance=variance,
                asked=[mo for mo in problem.moments if mo.value is None],
            )
        return None

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        steps: list[Step] = []
        if data["mode"] == "binomial":
            n, p = data["n"], data["p"]
            mean, variance = n * p, n * p * (1 - p)
            steps.append(Step("moments.binomial_rule", {"n": tex(n), "p": tex(p)}))
            steps.append(
                Step(
                    "moments.binomial_values",
                    {
                        "expr": f"$E(X) = {tex(n)} \\cdot {tex(p)} = {tex(mean)}$"
                        f", $V(X) = {tex(n)} \\cdot {tex(p)} \\cdot {tex(1 - p)} = {tex(variance)}$"
                    },
                )
            )
        else:
            mean, variance = data["mean"], data["variance"]
            steps.append(
                Step("moments.given", {"expr": f"$E(X) = {tex(mean)}$, $V(X) = {tex(variance)}$"})
            )
        if any(mo.expr != X for mo in data["asked"]):
            steps.append(Step("moments.linear_rule", {}))
        values, shown = [], []
        for mo in data["asked"]:
            value = sp.nsimplify(sp.radsimp(_moment_value(mo.kind, mo.expr, mean, variance)))
            label = {"E": "E", "V": "V", "SD": "\\sigma"}[mo.kind]
            values.append(value)
            shown.append(
                f"${label}({tex(mo.expr).upper() if mo.expr == X else _upper(mo.expr)})"
                f" = {tex(value)}$"
            )
        result = values[0] if len(values) == 1 else sp.Tuple(*values)
        return Outcome(
            result,
            steps,
            Step("moments.answer", {"value": ", ".join(shown)}),
            values=tuple(values),
            data={"mean": mean, "variance": variance},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        if data["mode"] == "binomial" and data["n"] <= 3000:
            n, p = int(data["n"]), data["p"]
            weights = [(k, sp.binomial(n, k) * p**k * (1 - p) ** (n - k)) for k in range(n + 1)]
        else:
            # a two-point distribution with this mean and variance: m ± σ with probability ½ each
            mean, variance = outcome.data["mean"], outcome.data["variance"]
            weights = [
                (mean - sp.sqrt(variance), sp.Rational(1, 2)),
                (mean + sp.sqrt(variance), sp.Rational(1, 2)),
            ]
        for mo, value in zip(data["asked"], outcome.values, strict=True):
            ys = [(mo.expr.subs(X, k), w) for k, w in weights]
            mean_y = sum(y * w for y, w in ys)
            variance_y = sum((y - mean_y) ** 2 * w for y, w in ys)
            expected = {"E": mean_y, "V": variance_y, "SD": sp.sqrt(variance_y)}[mo.kind]
            if not close(expected, value):
                return False
        return True


def _upper(expr: Any) -> str:
    return tex(expr).replace("x", "X")


class BinomialProbability(TaskType):
    name = "binomial_probability"
    area = "probability"
    requires = ("B(n, p)", "the event P(X = k), P(X ≥ k)…")
    check_name = "complement_sum"
    shadows = ("evaluate", "solve_equation", "simplify")

    def detect(self, problem: Problem) -> Detection | None:
        dist = problem.distribution
        if dist is None or dist.kind != "binomial" or not problem.chances:
            return None
        asked = [c for c in problem.chances if c.value is None]
        if len(asked) != 1 or (
            _asked_moments(problem) and [mo for mo in problem.moments if mo.value is None]
        ):
            return self.found(CERTAIN, "moments.ask_one")
        n, p = dist.first, dist.second
        if APPROXIMATE.search(problem.text):
            return None  # the normal approximation: NormalProbability's
        if not (n.is_Integer and 0 < n <= 60 and 0 <= p <= 1):
            return self.found(CERTAIN, "binomial_probability.ask_approximation")
        found = _interval(asked[0].event)
        if found is None:
            return self.found(CERTAIN, "binomial_probability.ask_event")
        low, high, low_strict, high_strict, _ = found
        return self.found(
            CERTAIN, n=int(n), p=p, low=low, high=high, strict=(low_strict, high_strict)
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        n, p = data["n"], data["p"]
        ks = _ks(data, n)
        value = sum((sp.binomial(n, k) * p**k * (1 - p) ** (n - k) for k in ks), sp.Integer(0))
        steps = [Step("binomial_probability.rule", {"n": tex(n), "p": tex(p)})]
        if len(ks) <= 4:
            terms = (
                " + ".join(
                    f"{{}}_{{{n}}}C_{{{k}}} \\left({tex(p)}\\right)^{{{k}}}"
                    f" \\left({tex(1 - p)}\\right)^{{{n - k}}}"
                    for k in ks
                )
                or "0"
            )
            steps.append(Step("binomial_probability.value", {"expr": f"${terms} = {tex(value)}$"}))
        else:
            rest = [k for k in range(n + 1) if k not in ks]
            steps.append(
                Step(
                    "binomial_probability.complement",
                    {
                        "expr": f"$1 - \\sum_{{k \\in \\{{{', '.join(map(str, rest))}\\}}}}"
                        f" P(X = k) = {tex(value)}$"
                    },
                )
            )
        return Outcome(
            value,
            steps,
            Step("binomial_probability.answer", {"value": _show_probability(value)}),
            values=(value,),
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        n, p = data["n"], data["p"]
        ks = set(_ks(data, n))
        others = sum(
            (math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1) if k not in ks),
            sp.Integer(0),
        )
        return bool(sp.simplify(1 - others - outcome.result) == 0)


def _ks(data: dict[str, Any], n: int) -> list[int]:
    low, high = data["low"], data["high"]
    low_strict, high_strict = data["strict"]
    return [
        k
        for k in range(n + 1)
        if (k > low if low_strict else k >= low) and (k < high if high_strict else k <= high)
    ]


def _show_probability(value: Any) -> str:
    if value.is_Rational and not value.is_Integer:
        q = int(value.q)
        for prime in (2, 5):
            while q % prime == 0:
                q //= prime
        if q == 1:
            return f"${tex(value)} = {format(float(value), 'g')}$"
    return m(value)


class NormalProbability(TaskType):
    """P(X ≤ a), P(X ≥ a), P(a ≤ X ≤ b) for X ~ N(m, σ²), by standardising and the table."""

    name = "normal_probability"
    area = "probability"
    requires = ("N(m, σ²) (or B(n, p) to approximate)", "the event")
    check_name = "normal_cdf"
    shadows = ("evaluate", "solve_equation", "simplify", "binomial_probability")

    def detect(self, problem: Problem) -> Detection | None:
        dist = problem.distribution
        text = problem.text
        asked = [c for c in problem.chances if c.value is None]
        given_rows = {
            c.event: c.value for c in problem.chances if c.value is not None and "z" in c.event
        }
        if dist is None and not (STANDARD_NORMAL.search(text) and asked):
            return None
        if dist is not None and dist.kind == "binomial":
            if not APPROXIMATE.search(text):
                return None
            n, p = dist.first, dist.second
            mean, variance = n * p, n * p * (1 - p)
        elif dist is not None:
            mean, variance = dist.first, dist.second
        else:
            mean, variance = sp.Integer(0), sp.Integer(1)
        if len(asked) != 1:
            return None
        found = _interval(asked[0].event)
        if found is None:
            return self.found(CERTAIN, "binomial_probability.ask_event")
        if variance <= 0:
            return self.found(CERTAIN, "normal_probability.bad_variance")
        low, high, _, _, point = found
        return self.found(
            CERTAIN,
            mean=mean,
            variance=variance,
            low=low,
            high=high,
            point=point,
            rows=given_rows,
            standard="z" in asked[0].event,
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        mean, variance = data["mean"], data["variance"]
        sd = sp.sqrt(variance)
        steps: list[Step] = []
        if data["point"]:
            steps.append(Step("normal_probability.point", {}))
            value = sp.Integer(0)
            return Outcome(
                value,
                steps,
                Step("normal_probability.answer", {"value": m(value)}),
                values=(value,),
                data={"used": []},
            )
        if not data["standard"]:
            steps.append(
                Step(
                    "normal_probability.standardise",
                    {"expr": f"$Z = \\frac{{X - {tex(mean)}}}{{{tex(sd)}}}$"},
                )
            )
        zs = []
        for bound in (data["low"], data["high"]):
            if bound in (sp.oo, -sp.oo):
                zs.append(bound)
                continue
            z = sp.nsimplify((bound - mean) / sd) if not data["standard"] else bound
            zs.append(z)
        rows = _rows(data["rows"])
        used: list[tuple[Any, Any]] = []

        def half(z: Any) -> Any:
            """P(0 ≤ Z ≤ |z|) from the question's table or the standard one."""
            size = abs(z)
            if size == 0:
                return sp.Integer(0)
            if size in rows:
                value = rows[size]
            elif size.is_Rational and size <= sp.Rational(309, 100) and (size * 100).is_Integer:
                value = table()[size]
            else:
                raise CannotCompute("normal_probability.not_in_table")
            used.append((size, value))
            return value

        low, high = zs
        if low == -sp.oo:
            value = sp.Rational(1, 2) + half(high) if high >= 0 else sp.Rational(1, 2) - half(high)
        elif high == sp.oo:
            value = sp.Rational(1, 2) - half(low) if low >= 0 else sp.Rational(1, 2) + half(low)
        elif low <= 0 <= high:
            value = half(low) + half(high)
        elif low > 0:
            value = half(high) - half(low)
        else:
            value = half(low) - half(high)
        if low != -sp.oo and high != sp.oo and low > high:
            raise CannotCompute("binomial_probability.ask_event")
        shown_event = _event_z(low, high)
        steps.append(Step("normal_probability.event", {"expr": f"${shown_event}$"}))
        rows_used = ", ".join(
            f"$P(0 \\le Z \\le {tex(z)}) = {_decimal(v)}$" for z, v in dict.fromkeys(used)
        )
        steps.append(
            Step(
                "normal_probability.table",
                {"rows": rows_used or "—", "source": _source(problem.lang, bool(data["rows"]))},
            )
        )
        steps.append(
            Step("normal_probability.value", {"expr": f"${shown_event} = {_decimal(value)}$"})
        )
        return Outcome(
            value,
            steps,
            Step("normal_probability.answer", {"value": f"${_decimal(value)}$"}),
            values=(value,),
            data={"used": used, "zs": zs},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        if data["point"]:
            return True
        mean, variance = data["mean"], data["variance"]
        sd = sp.sqrt(variance)
        low, high = data["low"], data["high"]
        if data["standard"]:
            mean, sd = sp.Integer(0), sp.Integer(1)

        def cdf(bound: Any) -> Any:
            if bound == sp.oo:
                return sp.Integer(1)
            if bound == -sp.oo:
                return sp.Integer(0)
            return _exact_cdf((bound - mean) / sd)

        exact = cdf(high) - cdf(low)
        rounding = sp.Rational(1, 10000) * max(1, len(outcome.data["used"]))
        if data["rows"]:
            # the question's own table values may be rounded differently: allow for it
            rounding *= 2
        return bool(abs(sp.N(exact, 30) - outcome.result) <= rounding)


def _rows(given: dict[str, Any]) -> dict[Any, Any]:
    """``(단, P(0 ≤ Z ≤ 1) = 0.3413)`` rows written in the question."""
    rows = {}
    for event, value in given.items():
        found = _interval(event)
        if found and found[0] == 0 and found[1] not in (sp.oo, -sp.oo):
            rows[sp.nsimplify(found[1])] = value
    return rows


def _event_z(low: Any, high: Any) -> str:
    if low == -sp.oo:
        return f"P(Z \\le {tex(high)})"
    if high == sp.oo:
        return f"P(Z \\ge {tex(low)})"
    return f"P({tex(low)} \\le Z \\le {tex(high)})"


def _decimal(value: Any) -> str:
    return format(float(value), ".4f").rstrip("0").rstrip(".") if value != 0 else "0"


def _source(lang: str, given: bool) -> str:
    if lang == "ko":
        return "문제에 주어진 표" if given else "표준정규분포표"
    return "the table given in the question" if given else "the standard normal table"
