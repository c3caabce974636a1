"""Sequences defined by a recurrence (``a_1 = 1, a_{n+1} = a_n + 3``) and
series written out (``1 + 1/2 + 1/4 + ...``, ``3 + 7 + 11 + ... + 99``) or
named (``첫째항 3, 공비 1/3인 무한등비급수``).

A recurrence is computed term by term from its first terms; the general
term comes from SymPy's ``rsolve`` and is checked against those terms. A
written-out series is recognised as arithmetic or geometric from its terms;
an infinite geometric series converges exactly when |r| < 1.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

from ..explain import m, tex
from ..problem import Problem
from ..sequence_notation import A
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .progressions import nth, partial_sum
from .sequence_data import GEOMETRIC, N, SequenceData, read, term_tex

_MAX_TERMS = 2000
_INFINITE = ("무한", "infinite", "∞", "oo", "forever")


def _shifts(equation: Any) -> dict[int, Any]:
    """The terms a(n + k) in a recurrence, by shift k."""
    found = {}
    for f in sp.preorder_traversal(equation):
        if getattr(f, "func", None) == A:
            shift = sp.simplify(f.args[0] - N)
            if not shift.is_Integer:
                return {}
            found[int(shift)] = f
    return found


def _kind(step: Any) -> str:
    """The textbook name of ``a_{n+1} = step(a_n, n)``."""
    a = sp.Symbol("_a")
    expr = sp.expand(step.subs(A(N), a))
    if sp.degree(expr, a) != 1:
        return "other"
    slope, rest = expr.coeff(a, 1), expr.coeff(a, 0)
    if slope == 1 and not rest.has(N):
        return "arithmetic"
    if rest == 0 and not slope.has(N):
        return "geometric"
    if slope == 1:
        return "sum_of_f"
    if not slope.has(N) and not rest.has(N):
        return "linear"
    return "other"


class Recurrence(TaskType):
    name = "recurrence"
    area = "sequences"
    requires = ("a recurrence relation", "its first term(s)", "what to find")
    check_name = "term_by_term"
    shadows = (
        "evaluate",
        "solve_equation",
        "system",
        "function_value",
        "simplify",
        "progression",
        "sequence_formula",
    )

    def detect(self, problem: Problem) -> Detection | None:
        data = read(problem)
        if len(data.recurrences) != 1:
            return None
        equation = data.recurrences[0]
        shifts = _shifts(equation)
        if not shifts or min(shifts) != 0 or max(shifts) not in (1, 2):
            return self.found(CERTAIN, "recurrence.ask_form")
        order = max(shifts)
        try:
            solved = sp.solve(equation, shifts[order])
        except NotImplementedError:
            solved = []
        if len(solved) != 1:
            return self.found(CERTAIN, "recurrence.ask_form")
        start = min(data.terms) if data.terms else None
        if start is None or any(start + j not in data.terms for j in range(order)):
            return self.found(CERTAIN, "recurrence.ask_first")
        if not data.asked:
            return self.found(CERTAIN, "progression.ask_target")
        if any(w not in ("term", "sum") for w, _ in data.asked):
            return None
        return self.found(CERTAIN, data=data, step=solved[0], order=order, start=start)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data: SequenceData = detection.data["data"]
        step, order, start = (
            detection.data["step"],
            detection.data["order"],
            detection.data["start"],
        )
        wanted = [int(i) for w, i in data.asked if i != N]
        top = max([start + 5, *wanted])
        if top > _MAX_TERMS:
            raise CannotCompute()
        terms = _iterate(step, order, start, data.terms, top)
        low = min([start, *wanted])
        if low < start:  # a term before the given one: run the recurrence backwards
            if order != 1 or low < 1:
                raise CannotCompute()
            terms.update(_backwards(step, start, terms[start], low))
        kind = _kind(step) if order == 1 else "second_order"
        rule = step.subs(A(N), sp.Symbol("a_n")).subs(A(N + 1), sp.Symbol("a_{n+1}"))
        shown = f"$a_{{n+{order}}} = {tex(rule)}$"
        steps = [Step(f"recurrence.{kind}", {"expr": shown})]
        first = min(terms)
        listed = ", ".join(f"$a_{{{k}}} = {tex(terms[k])}$" for k in range(first, first + 5))
        steps.append(Step("recurrence.first_terms", {"terms": listed}))
        closed = self._closed(step, order, start, data.terms)
        if closed is not None:
            steps.append(Step("recurrence.closed", {"expr": f"$a_n = {tex(closed)}$"}))
        answers = []
        parts = []
        for what, index in data.asked:
            if what == "term" and index == N:
                if closed is None:
                    raise CannotCompute("recurrence.no_closed_form")
                value = closed
            elif what == "term":
                value = terms[int(index)]
            elif index == N:
                if closed is None:
                    raise CannotCompute("recurrence.no_closed_form")
                k = sp.Symbol("k", integer=True, positive=True)
                value = sp.factor(sp.summation(closed.subs(N, k), (k, start, N)))
            else:
                value = sum(terms[j] for j in range(start, int(index) + 1))
            answers.append(value)
            parts.append(f"${term_tex(what, index)} = {tex(value)}$")
        detection.data.update(terms=terms, closed=closed)
        return Outcome(
            answers[0] if len(answers) == 1 else sp.Tuple(*answers),
            steps,
            Step("progression.answer", {"value": ", ".join(parts)}),
            values=tuple(answers),
            data={
                "kind": "function"
                if any(getattr(v, "free_symbols", None) for v in answers)
                else "value"
            },
        )

    def _closed(self, step: Any, order: int, start: int, given: dict[int, Any]) -> Any | None:
        equation = A(N + order) - step
        initial = {A(start + j): given[start + j] for j in range(order)}
        try:
            closed = sp.rsolve(equation, A(N), initial)
        except (ValueError, NotImplementedError, TypeError):
            return None
        return sp.simplify(closed) if closed is not None else None

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data: SequenceData = detection.data["data"]
        terms, closed, step = (
            detection.data["terms"],
            detection.data["closed"],
            detection.data["step"],
        )
        order, start = detection.data["order"], detection.data["start"]
        # The recurrence holds between consecutive computed terms (exact arithmetic) ...
        for k in range(min(terms), max(terms) - order + 1):
            subs = {A(N + j): terms[k + j] for j in range(order)}
            if sp.simplify(step.subs(subs).subs(N, k) - terms[k + order]) != 0:
                return False
        # ... and the closed form, when there is one, agrees with every computed term.
        if closed is not None:
            for k in [*list(range(start, start + 8)), max(terms)]:
                if k in terms and sp.simplify(closed.subs(N, k) - terms[k]) != 0:
                    return False
        for (what, index), value in zip(data.asked, outcome.values, strict=True):
            if index == N:
                if closed is None:
                    return False
                for k in range(start, start + 6):
                    expected = (
                        terms[k] if what == "term" else sum(terms[j] for j in range(start, k + 1))
                    )
                    if sp.simplify(value.subs(N, k) - expected) != 0:
                        return False
        return True


def _backwards(step: Any, start: int, value: Any, low: int) -> dict[int, Any]:
    """a_k from a_{k+1} by solving ``a_{k+1} = step(a_k, k)`` for a_k, down to ``low``."""
    a = sp.Symbol("_a")
    found: dict[int, Any] = {}
    following = value
    for k in range(start - 1, low - 1, -1):
        solved = sp.solve(sp.Eq(step.subs(A(N), a).subs(N, k), following), a)
        if len(solved) != 1:
            raise CannotCompute()
        following = found[k] = sp.nsimplify(solved[0])
    return found


def _iterate(step: Any, order: int, start: int, given: dict[int, Any], top: int) -> dict[int, Any]:
    terms = {start + j: given[start + j] for j in range(order)}
    for k in range(start, top - order + 1):
        subs = {A(N + j): terms[k + j] for j in range(order)}
        value = sp.nsimplify(step.subs(subs).subs(N, k))
        if len(str(value)) > 3000:
            raise CannotCompute()
        terms[k + order] = value
    return terms


class Series(TaskType):
    """A written-out series (finite or infinite) or a named infinite geometric series."""

    name = "series"
    area = "sequences"
    requires = ("the terms of a series (or its first term and ratio)",)
    check_name = "partial_sums"
    shadows = ("evaluate", "progression", "simplify")

    def detect(self, problem: Problem) -> Detection | None:
        data = read(problem)
        infinite = any(w in problem.text for w in _INFINITE)
        if data.listed is not None and data.listed[1] == "+":
            terms, _, last = data.listed
            kind, first, step = _progression_of(terms)
            if kind is None:
                return self.found(CERTAIN, "series.ask_kind")
            return self.found(
                CERTAIN, kind=kind, first=first, step=step, last=last, infinite=last is None
            )
        if (
            infinite
            and GEOMETRIC.search(problem.text)
            and data.first is not None
            and data.step is not None
        ):
            return self.found(
                CERTAIN,
                kind="geometric",
                first=data.first,
                step=data.step,
                last=None,
                infinite=True,
            )
        return None

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        kind, first, step, last = data["kind"], data["first"], data["step"], data["last"]
        letter = "d" if kind == "arithmetic" else "r"
        steps = [Step(f"series.{kind}", {"first": m(first), "step": f"${letter} = {tex(step)}$"})]
        if data["infinite"]:
            if kind == "arithmetic" or abs(step) >= 1:
                if first == 0:
                    raise CannotCompute()
                reason = (
                    "series.diverges_arithmetic"
                    if kind == "arithmetic"
                    else "series.diverges_ratio"
                )
                steps.append(Step(reason, {"step": f"${letter} = {tex(step)}$"}))
                return Outcome(
                    sp.oo, steps, Step("series.diverges", {}), values=(), data={"kind": "diverges"}
                )
            value = sp.simplify(first / (1 - step))
            steps.append(
                Step(
                    "series.infinite_sum",
                    {"expr": f"$\\frac{{a}}{{1 - r}} = {_fraction(first, step)} = {tex(value)}$"},
                )
            )
            return Outcome(
                value, steps, Step("series.answer", {"value": m(value)}), values=(value,)
            )
        count = _count(kind, first, step, last)
        if count is None:
            raise CannotCompute("series.not_a_term")
        value = sp.simplify(partial_sum(kind, first, step, count))
        steps.append(Step("series.count", {"last": m(last), "count": m(count)}))
        steps.append(Step("series.finite_sum", {"expr": f"$S_{{{count}}} = {tex(value)}$"}))
        data["count"] = count
        return Outcome(value, steps, Step("series.answer", {"value": m(value)}), values=(value,))

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        kind, first, step = data["kind"], data["first"], data["step"]
        if data["infinite"]:
            if not outcome.values:
                # Divergent by the term test: the terms do not tend to 0.
                if kind == "geometric":
                    return first != 0 and abs(float(sp.N(step))) >= 1
                return bool(first != 0 or step != 0)
            partial, term = sp.Integer(0), first
            for _ in range(400):
                partial += term
                term *= step
            return abs(float(sp.N(partial - outcome.result))) < 1e-9 * max(
                1.0, abs(float(sp.N(outcome.result)))
            )
        count = data["count"]
        if count > _MAX_TERMS:
            # Too long to add term by term: the closed forms, confirmed on the first terms.
            if kind != "arithmetic" or count > 10**9:
                return False
            m = sp.Symbol("m", integer=True, positive=True)
            total = sp.summation(first + (N - 1) * step, (N, 1, m))
            prefix = [first + j * step for j in range(8)]
            if any(sp.simplify(total.subs(m, j) - sum(prefix[:j])) != 0 for j in range(1, 8)):
                return False
            last_ok = sp.simplify(first + (count - 1) * step - data["last"]) == 0
            return bool(last_ok and sp.simplify(total.subs(m, count) - outcome.result) == 0)
        terms = [first]
        for _ in range(count - 1):
            terms.append(terms[-1] + step if kind == "arithmetic" else terms[-1] * step)
        return bool(
            sp.simplify(terms[-1] - data["last"]) == 0
            and sp.simplify(sum(terms) - outcome.result) == 0
        )


def _fraction(first: Any, step: Any) -> str:
    return f"\\frac{{{tex(first)}}}{{1 - \\left({tex(step)}\\right)}}"


def _progression_of(terms: tuple[Any, ...]) -> tuple[str | None, Any, Any]:
    if len(terms) < 3:
        return None, None, None
    differences = {b - a for a, b in itertools.pairwise(terms)}
    if len(differences) == 1:
        return "arithmetic", terms[0], differences.pop()
    if 0 not in terms:
        ratios = {b / a for a, b in itertools.pairwise(terms)}
        if len(ratios) == 1:
            return "geometric", terms[0], ratios.pop()
    return None, None, None


def _count(kind: str, first: Any, step: Any, last: Any) -> int | None:
    """The number of terms from ``first`` to ``last``."""
    found = [
        k for k in sp.solve(sp.Eq(nth(kind, first, step, N), last), N) if k.is_Integer and k >= 1
    ]
    return int(found[0]) if len(found) == 1 else None
