"""Arithmetic and geometric sequences from given data (first term, common
difference or ratio, given terms and sums), and sequences given by a formula
for a_n or S_n.

The unknowns a₁ and d (or r) are solved from every given fact; each asked
term or sum comes from the nth-term or sum formula. The check generates the
terms one by one by repeated addition (multiplication), confirms every given
fact against them, and recomputes each asked value by direct counting.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

from ..explain import m, tex
from ..problem import Problem
from ..sequence_notation import A, S
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .sequence_data import N, SequenceData, read, term_tex

A1, STEP = sp.symbols("a_1 d")
_MAX_BRUTE = 5000


def _kind_from_listed(data: SequenceData) -> None:
    """``2, 5, 8, 11, ...``: the kind, first term and step from the listed terms."""
    if data.listed is None or data.listed[1] != ",":
        return
    terms = data.listed[0]
    differences = {b - a for a, b in itertools.pairwise(terms)}
    ratios = {b / a for a, b in itertools.pairwise(terms)} if 0 not in terms else set()
    if len(terms) >= 3 and len(differences) == 1 and data.kind in (None, "arithmetic"):
        data.kind, data.first, data.step = "arithmetic", terms[0], differences.pop()
    elif len(terms) >= 3 and len(ratios) == 1 and data.kind in (None, "geometric"):
        data.kind, data.first, data.step = "geometric", terms[0], ratios.pop()


def nth(kind: str, first: Any, step: Any, index: Any) -> Any:
    if kind == "arithmetic":
        return first + (index - 1) * step
    return first * step ** (index - 1)


def partial_sum(kind: str, first: Any, step: Any, count: Any) -> Any:
    if kind == "arithmetic":
        return count * (2 * first + (count - 1) * step) / 2
    if step == 1:
        return count * first
    return first * (step**count - 1) / (step - 1)


def _substitute(expr: Any, kind: str, first: Any, step: Any) -> Any:
    return expr.replace(
        lambda e: getattr(e, "func", None) in (A, S) and len(e.args) == 1,
        lambda e: (nth if e.func == A else partial_sum)(kind, first, step, e.args[0]),
    )


def _equations(data: SequenceData, kind: str) -> list[Any]:
    equations = []
    if data.first is not None:
        equations.append(sp.Eq(A1, data.first))
    if data.step is not None:
        equations.append(sp.Eq(STEP, data.step))
    for index, value in data.terms.items():
        equations.append(sp.Eq(nth(kind, A1, STEP, index), value))
    for count, value in data.sums.items():
        equations.append(sp.Eq(partial_sum(kind, A1, STEP, count), value))
    for relation in data.relations:
        equations.append(
            sp.Eq(
                _substitute(relation.lhs, kind, A1, STEP), _substitute(relation.rhs, kind, A1, STEP)
            )
        )
    return equations


def _answers(data: SequenceData, kind: str, first: Any, step: Any) -> list[Any]:
    values = []
    for what, index in data.asked:
        if what == "term":
            values.append(
                sp.expand(nth(kind, first, step, index))
                if index == N
                else nth(kind, first, step, index)
            )
        elif what == "sum":
            values.append(
                sp.factor(partial_sum(kind, first, step, index))
                if index == N
                else partial_sum(kind, first, step, index)
            )
        elif what == "step":
            values.append(step)
        elif what == "first":
            values.append(first)
        elif what == "first_sign":
            values.append(_first_with_sign(kind, first, step, index))
        elif what == "which":
            found = [
                k
                for k in sp.solve(sp.Eq(nth(kind, first, step, N), index), N)
                if k.is_Integer and k >= 1
            ]
            values.append(found[0] if len(found) == 1 else None)
        else:
            values.append(sp.simplify(_substitute(index, kind, first, step)))
    return [sp.nsimplify(v) if isinstance(v, sp.Float) else v for v in values]


class Progression(TaskType):
    name = "progression"
    area = "sequences"
    requires = (
        "an arithmetic or geometric sequence",
        "enough data to fix a₁ and d (or r)",
        "what to find",
    )
    check_name = "term_by_term"
    shadows = (
        "evaluate",
        "solve_equation",
        "system",
        "function_value",
        "gcd_lcm",
        "simplify",
        "expand",
        "factor",
    )

    def detect(self, problem: Problem) -> Detection | None:
        data = read(problem)
        _kind_from_listed(data)
        if (
            data.general is not None
            or data.sum_general is not None
            or data.recurrences
            or problem.sums
        ):
            return None
        if data.listed is not None and data.listed[1] == "+":
            return None
        if data.kind is None:
            if data.terms or data.relations or data.sums or (data.listed and data.listed[1] == ","):
                return self.found(CERTAIN, "progression.ask_kind")
            return None
        if not data.given_anything:
            return None
        if not data.asked:
            return self.found(CERTAIN, "progression.ask_target")
        solutions = _solve_unknowns(data, data.kind)
        if solutions is None:
            return self.found(CERTAIN, "progression.ask_data")
        answers = [_answers(data, data.kind, s[A1], s[STEP]) for s in solutions]
        if not answers or any(v is None for row in answers for v in row):
            return self.found(CERTAIN, data=data, solutions=[], answers=[])
        if len({tuple(row) for row in answers}) > 1:
            return self.found(CERTAIN, "progression.ask_ratio_sign")
        return self.found(CERTAIN, data=data, solutions=solutions, answers=answers[0])

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data: SequenceData = detection.data["data"]
        if not detection.data["solutions"]:
            raise CannotCompute("progression.no_sequence")
        kind = data.kind or "arithmetic"
        solution = detection.data["solutions"][0]
        first, step = solution[A1], solution[STEP]
        letter = "d" if kind == "arithmetic" else "r"
        steps = [Step(f"progression.{kind}_formula", {})]
        unknowns_given = data.first is not None and data.step is not None
        if not unknowns_given:
            shown = ", ".join(f"${tex(_show(e, letter))}$" for e in _equations(data, kind))
            steps.append(
                Step(
                    "progression.system",
                    {"eqs": shown, "first": m(first), "step": f"${letter} = {tex(step)}$"},
                )
            )
        answers = detection.data["answers"]
        parts = []
        for (what, index), value in zip(data.asked, answers, strict=True):
            label = _label(what, index, letter)
            steps.append(Step("progression.value", {"expr": f"${label} = {tex(value)}$"}))
            parts.append(f"${label} = {tex(value)}$")
        detection.data["kind"] = kind
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

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data: SequenceData = detection.data["data"]
        kind = detection.data["kind"]
        solution = detection.data["solutions"][0]
        return brute_check(data, kind, solution[A1], solution[STEP], list(outcome.values))


def _show(equation: Any, letter: str) -> Any:
    return equation.subs(STEP, sp.Symbol(letter))


def _first_with_sign(kind: str, first: Any, step: Any, sign: Any) -> Any | None:
    """The first n with a_n < 0 (sign -1) or a_n > 0 (sign 1), from the nth-term inequality."""
    condition = sign * nth(kind, first, step, N) > 0
    if kind != "arithmetic" or step == 0:
        return None
    found = sp.solveset(condition, N, sp.Interval(1, sp.oo))
    if not isinstance(found, sp.Interval):
        return None
    start = found.inf
    n = int(sp.floor(start)) + 1 if found.left_open or not start.is_Integer else int(start)
    return sp.Integer(max(n, 1))


def _label(what: str, index: Any, letter: str) -> str:
    if what in ("term", "sum"):
        return term_tex(what, index)
    if what == "step":
        return letter
    if what == "first":
        return "a_1"
    if what in ("which", "first_sign"):
        return "n"
    return tex(index).replace("a{\\left(", "a_{").replace("\\right)}", "}")


def _solve_unknowns(data: SequenceData, kind: str) -> list[dict[Any, Any]] | None:
    equations = _equations(data, kind)
    if not equations:
        return None
    try:
        found = sp.solve(equations, [A1, STEP], dict=True)
    except (NotImplementedError, ValueError):
        return None
    found = [s for s in found if A1 in s and STEP in s and all(v.is_real for v in s.values())]
    found = [s for s in found if not s[A1].free_symbols and not s[STEP].free_symbols]
    if kind == "geometric":
        found = [s for s in found if s[STEP] != 0 and s[A1] != 0]
        if data.positive_ratio:
            found = [s for s in found if s[STEP] > 0]
    if not found:
        return None if len(equations) < 2 else []
    return found


def brute_check(data: SequenceData, kind: str, first: Any, step: Any, values: list[Any]) -> bool:
    """Generate the terms one by one and test every given fact and every answer."""
    needed = [1, 8, *data.terms, *data.sums]
    needed += [int(i) for w, i in data.asked if w in ("term", "sum") and i != N]
    needed += [
        int(v)
        for (w, _), v in zip(data.asked, values, strict=False)
        if w in ("which", "first_sign") and v is not None
    ]
    for relation in data.relations:
        needed += [
            int(f.args[0])
            for f in sp.preorder_traversal(relation)
            if getattr(f, "func", None) in (A, S)
        ]
    top = max(needed)
    if top > _MAX_BRUTE:
        return False
    terms = [first]
    for _ in range(top - 1):
        terms.append(terms[-1] + step if kind == "arithmetic" else terms[-1] * step)
    sums = [sum(terms[:k]) for k in range(top + 1)]

    def at(e: Any) -> Any:
        return e.replace(
            lambda f: getattr(f, "func", None) in (A, S) and len(f.args) == 1,
            lambda f: terms[int(f.args[0]) - 1] if f.func == A else sums[int(f.args[0])],
        )

    facts_hold = all(sp.simplify(terms[k - 1] - v) == 0 for k, v in data.terms.items())
    facts_hold &= all(sp.simplify(sums[k] - v) == 0 for k, v in data.sums.items())
    facts_hold &= all(sp.simplify(at(r.lhs) - at(r.rhs)) == 0 for r in data.relations)
    if not facts_hold:
        return False
    for (what, index), value in zip(data.asked, values, strict=True):
        if what == "term" and index == N:
            ok = all(sp.simplify(value.subs(N, k) - terms[k - 1]) == 0 for k in range(1, 8))
        elif what == "sum" and index == N:
            ok = all(sp.simplify(value.subs(N, k) - sums[k]) == 0 for k in range(1, 8))
        elif what == "term":
            ok = sp.simplify(terms[int(index) - 1] - value) == 0
        elif what == "sum":
            ok = sp.simplify(sums[int(index)] - value) == 0
        elif what == "step":
            ok = (
                sp.simplify(
                    (terms[1] - terms[0] if kind == "arithmetic" else terms[1] / terms[0]) - value
                )
                == 0
            )
        elif what == "first":
            ok = sp.simplify(terms[0] - value) == 0
        elif what == "which":
            ok = sp.simplify(terms[int(value) - 1] - index) == 0
        elif what == "first_sign":
            n = int(value)
            ok = bool(index * terms[n - 1] > 0) and all(not (index * t > 0) for t in terms[: n - 1])
        else:
            ok = sp.simplify(at(index) - value) == 0
        if not ok:
            return False
    return True


class SequenceFormula(TaskType):
    """A sequence given by ``a_n = ...`` or ``S_n = ...``: a term, a sum, the general term."""

    name = "sequence_formula"
    area = "sequences"
    requires = ("a formula for a_n or S_n", "what to find")
    check_name = "term_by_term"
    shadows = (
        "evaluate",
        "solve_equation",
        "system",
        "function_value",
        "simplify",
        "expand",
        "factor",
        "progression",
    )

    def detect(self, problem: Problem) -> Detection | None:
        data = read(problem)
        if (data.general is None) == (data.sum_general is None) or data.recurrences or problem.sums:
            return None
        if not data.asked:
            return self.found(CERTAIN, "progression.ask_target")
        if any(what in ("step", "which", "first") for what, _ in data.asked):
            return None
        return self.found(CERTAIN, data=data)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data: SequenceData = detection.data["data"]
        steps: list[Step] = []
        if data.general is not None:
            term = data.general
            steps.append(Step("sequence_formula.general", {"expr": f"$a_n = {tex(term)}$"}))
            first_rule = None
        else:
            total = data.sum_general
            term = sp.expand(total - total.subs(N, N - 1))
            first_value = total.subs(N, 1)
            first_rule = first_value if sp.simplify(term.subs(N, 1) - first_value) != 0 else None
            steps.append(
                Step(
                    "sequence_formula.from_sums",
                    {
                        "expr": f"$a_n = S_n - S_{{n-1}} = {tex(term)}$ $(n \\ge 2)$",
                        "first": f"$a_1 = S_1 = {tex(first_value)}$",
                    },
                )
            )
            if first_rule is not None:
                steps.append(Step("sequence_formula.first_differs", {"first": m(first_value)}))
        k = sp.Symbol("k", integer=True, positive=True)

        def value_of(what: str, index: Any) -> Any:
            if what == "term":
                if first_rule is not None and index == 1:
                    return first_rule
                return sp.expand(term.subs(N, index)) if index == N else term.subs(N, index)
            if what == "sum":
                if data.sum_general is not None:
                    return data.sum_general.subs(N, index)
                return sp.factor(sp.summation(term.subs(N, k), (k, 1, index)))
            return sp.simplify(_formula_substitute(index, term, data))

        answers = [value_of(w, i) for w, i in data.asked]
        parts = []
        for (what, index), value in zip(data.asked, answers, strict=True):
            label = _label(what, index, "d")
            if first_rule is not None and what == "term" and index == N:
                shown = f"$a_1 = {tex(first_rule)}$, $a_n = {tex(value)}$ $(n \\ge 2)$"
            else:
                shown = f"${label} = {tex(value)}$"
            parts.append(shown)
            steps.append(Step("progression.value", {"expr": shown}))
        if first_rule is not None and any(w == "term" and i == N for w, i in data.asked):
            answers = [first_rule, *answers] if len(answers) == 1 else answers
        detection.data.update(term=term, first_rule=first_rule)
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

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data: SequenceData = detection.data["data"]
        top = max([8, *[int(i) for w, i in data.asked if w in ("term", "sum") and i != N]])
        for what, index in data.asked:
            if what == "expr":
                top = max(
                    [
                        top,
                        *[
                            int(f.args[0])
                            for f in sp.preorder_traversal(index)
                            if getattr(f, "func", None) in (A, S)
                        ],
                    ]
                )
        if top > _MAX_BRUTE:
            return False
        if data.general is not None:
            terms = [data.general.subs(N, j) for j in range(1, top + 1)]
        else:
            totals = [data.sum_general.subs(N, j) for j in range(0, top + 1)]
            totals[0] = 0  # S_0 is the empty sum
            terms = [totals[j] - totals[j - 1] for j in range(1, top + 1)]
        sums = [sum(terms[:j]) for j in range(top + 1)]
        if data.sum_general is not None and any(
            sp.simplify(sums[j] - data.sum_general.subs(N, j)) != 0 for j in range(1, top + 1)
        ):
            return False
        values = list(outcome.values)
        first_rule = detection.data["first_rule"]
        piecewise = first_rule is not None and len(values) == len(data.asked) + 1
        if piecewise and sp.simplify(terms[0] - values.pop(0)) != 0:
            return False
        for (what, index), value in zip(data.asked, values, strict=True):
            if index == N:
                table = terms if what == "term" else sums[1:]
                start = 2 if first_rule is not None and what == "term" else 1
                if any(sp.simplify(value.subs(N, j) - table[j - 1]) != 0 for j in range(start, 8)):
                    return False
            elif (what == "term" and sp.simplify(terms[int(index) - 1] - value) != 0) or (
                what == "sum" and sp.simplify(sums[int(index)] - value) != 0
            ):
                return False
            elif what == "expr":
                counted = index.replace(
                    lambda e: getattr(e, "func", None) in (A, S) and len(e.args) == 1,
                    lambda e: terms[int(e.args[0]) - 1] if e.func == A else sums[int(e.args[0])],
                )
                if sp.simplify(counted - value) != 0:
                    return False
        return True


def _formula_substitute(expr: Any, term: Any, data: SequenceData) -> Any:
    return expr.replace(
        lambda e: getattr(e, "func", None) in (A, S) and len(e.args) == 1,
        lambda e: (
            term.subs(N, e.args[0])
            if e.func == A
            else sp.summation(term.subs(N, sp.Symbol("k")), (sp.Symbol("k"), 1, e.args[0]))
        ),
    )
