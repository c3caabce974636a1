"""Probabilities of events A and B from given values: unions, intersections,
complements, conditional probability, independence and mutually exclusive
events. Solved on the four atoms A∩B, A∩Bᶜ, Aᶜ∩B, Aᶜ∩Bᶜ; checked on a
concrete probability space built from them, with set operations."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .. import cues
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType

INDEPENDENT = cues.cue(r"독립|independent")
EXCLUSIVE = cues.cue(r"배반|mutually\s+exclusive|disjoint")
DECIDE = cues.cue(
    r"독립인지|독립인가|독립입니까|독립이야|판별|are\s+.*\s+independent\s*\?|whether|is\s+.*independent"
)
_LETTERS = ("a", "b")
_ATOMS: tuple[tuple[bool, bool], ...] = ((True, True), (True, False), (False, True), (False, False))


@dataclass(frozen=True)
class Event:
    """A Boolean formula over A and B: ``op`` in letter, not, and, or."""

    op: str
    args: tuple[Any, ...] = ()

    def holds(self, atom: tuple[bool, bool]) -> bool:
        if self.op == "letter":
            return atom[_LETTERS.index(self.args[0])]
        if self.op == "not":
            return not self.args[0].holds(atom)
        values = [a.holds(atom) for a in self.args]
        return all(values) if self.op == "and" else any(values)

    def as_set(
        self, space: dict[str, frozenset[int]], everything: frozenset[int]
    ) -> frozenset[int]:
        """The same event as a set of outcomes (the check's route)."""
        if self.op == "letter":
            return space[str(self.args[0])]
        if self.op == "not":
            inner: frozenset[int] = self.args[0].as_set(space, everything)
            return everything - inner
        sets: list[frozenset[int]] = [a.as_set(space, everything) for a in self.args]
        result = sets[0]
        for other in sets[1:]:
            result = result & other if self.op == "and" else result | other
        return result

    def latex(self) -> str:
        if self.op == "letter":
            return str(self.args[0]).upper()
        if self.op == "not":
            inner = self.args[0]
            shown = inner.latex() if inner.op == "letter" else f"({inner.latex()})"
            return f"{shown}^{{c}}"
        joiner = " \\cap " if self.op == "and" else " \\cup "
        return joiner.join(
            a.latex() if a.op in ("letter", "not") else f"({a.latex()})" for a in self.args
        )


class EventError(ValueError):
    pass


def parse_event(text: str) -> tuple[Event, Event | None]:
    """``a∩b``, ``a∪b^c``, ``(a∪b)'``, ``a and b``, ``agivenb`` → (event, condition)."""
    text = text.replace("and", "∩").replace("or", "∪").replace("∩", " ∩ ").replace("∪", " ∪ ")
    if "given" in text:
        event, condition = text.split("given", 1)
        return _parse(event), _parse(condition)
    return _parse(text), None


def _parse(text: str) -> Event:
    tokens = re.findall(r"\^\(?c\)?|'|∩|∪|\(|\)|[ab]|not|bar|overline|\S", text.replace(" ", ""))
    position = 0

    def peek() -> str:
        return tokens[position] if position < len(tokens) else ""

    def take() -> str:
        nonlocal position
        position += 1
        return str(tokens[position - 1])

    def union() -> Event:
        parts = [intersection()]
        while peek() == "∪":
            take()
            parts.append(intersection())
        return parts[0] if len(parts) == 1 else Event("or", tuple(parts))

    def intersection() -> Event:
        parts = [factor()]
        while peek() == "∩":
            take()
            parts.append(factor())
        return parts[0] if len(parts) == 1 else Event("and", tuple(parts))

    def factor() -> Event:
        token = take() if peek() else ""
        if token in ("not", "bar", "overline"):
            return Event("not", (factor(),))
        if token == "(":
            inner = union()
            if take() != ")":
                raise EventError(text)
            found = inner
        elif token in _LETTERS:
            found = Event("letter", (token,))
        else:
            raise EventError(text)
        while peek().startswith("^") or peek() == "'":
            take()
            found = Event("not", (found,))
        return found

    event = union()
    if position != len(tokens):
        raise EventError(text)
    return event


def _probability(event: Event, atoms: dict[tuple[bool, bool], Any]) -> Any:
    return sum((p for atom, p in atoms.items() if event.holds(atom)), sp.Integer(0))


def _shown(event: Event, condition: Event | None) -> str:
    return f"P({event.latex()} | {condition.latex()})" if condition else f"P({event.latex()})"


class EventProbability(TaskType):
    name = "event_probability"
    area = "probability"
    requires = ("the given probabilities P(A), P(B), …", "the probability asked")
    check_name = "probability_space"
    shadows = ("evaluate", "solve_equation", "system", "simplify")

    def detect(self, problem: Problem) -> Detection | None:
        chances = [c for c in problem.chances if not re.search(r"[xz]", c.event)]
        if not chances or len(chances) != len(problem.chances):
            return None
        try:
            given = [(parse_event(c.event), c.value) for c in chances if c.value is not None]
            asked = [parse_event(c.event) for c in chances if c.value is None]
        except EventError:
            return self.found(CERTAIN, "event_probability.ask_event")
        if any(not (0 <= v <= 1) for _, v in given):
            return self.found(CERTAIN, "event_probability.not_probability")
        independent = bool(INDEPENDENT.search(problem.text))
        exclusive = bool(EXCLUSIVE.search(problem.text))
        if not asked and independent and DECIDE.search(problem.text):
            return self.found(
                CERTAIN,
                given=given,
                asked=None,
                independent=False,
                exclusive=exclusive,
                decide=True,
            )
        if len(asked) != 1:
            return self.found(CERTAIN, "event_probability.ask_which")
        data = {
            "given": given,
            "asked": asked[0],
            "independent": independent,
            "exclusive": exclusive,
            "decide": False,
        }
        if not self._determined(data):  # ask for the missing condition instead of failing later
            return self.found(CERTAIN, "event_probability.not_determined")
        return Detection(self, CERTAIN, data)

    def _determined(self, data: dict[str, Any]) -> bool:
        solutions, atoms = self._atoms(data)
        possible = [s for s in solutions if _feasible(s, atoms)]
        if not possible:
            return True  # inconsistent values: said when solving
        event, condition = data["asked"]
        if condition is None:
            target = _probability(event, atoms)
        else:
            both = Event("and", (event, condition))
            target = _probability(both, atoms) / _probability(condition, atoms)
        values = {sp.simplify(target.subs(s)) for s in possible}
        return len(values) == 1 and not next(iter(values)).free_symbols

    def _atoms(
        self, data: dict[str, Any]
    ) -> tuple[list[dict[Any, Any]], dict[tuple[bool, bool], Any]]:
        symbols = sp.symbols("p_ab p_aB p_Ab p_AB", nonnegative=True)
        atoms: dict[tuple[bool, bool], Any] = dict(zip(_ATOMS, symbols, strict=True))
        equations = [sp.Eq(sum(symbols), 1)]
        for (event, condition), value in data["given"]:
            if condition is None:
                equations.append(sp.Eq(_probability(event, atoms), value))
            else:
                both = Event("and", (event, condition))
                equations.append(
                    sp.Eq(_probability(both, atoms), value * _probability(condition, atoms))
                )
        a, b = Event("letter", ("a",)), Event("letter", ("b",))
        if data["independent"]:
            equations.append(
                sp.Eq(
                    _probability(Event("and", (a, b)), atoms),
                    _probability(a, atoms) * _probability(b, atoms),
                )
            )
        if data["exclusive"]:
            equations.append(sp.Eq(_probability(Event("and", (a, b)), atoms), 0))
        solutions: list[dict[Any, Any]] = sp.solve(equations, list(symbols), dict=True)
        return solutions, atoms

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        solutions, atoms = self._atoms(data)
        possible = [s for s in solutions if _feasible(s, atoms)]
        if not possible:
            raise CannotCompute("event_probability.inconsistent")
        steps = [
            Step(
                "event_probability.given",
                {"expr": ", ".join(f"${_shown(e, c)} = {tex(v)}$" for (e, c), v in data["given"])},
            )
        ]
        if data["decide"]:
            return self._decide(problem, possible, atoms, steps)
        event, condition = data["asked"]
        if data["independent"]:
            steps.append(Step("event_probability.independent_rule", {}))
        if data["exclusive"]:
            steps.append(Step("event_probability.exclusive_rule", {}))
        if condition is None:
            target = _probability(event, atoms)
            steps.append(Step(_rule(event), {}))
        else:
            target = _probability(Event("and", (event, condition)), atoms) / _probability(
                condition, atoms
            )
            steps.append(Step("event_probability.conditional_rule", {}))
        values = {sp.nsimplify(sp.simplify(target.subs(s))) for s in possible}
        if len(values) != 1:
            raise CannotCompute("event_probability.not_determined")
        steps.append(Step("event_probability.known", {"expr": _known_parts(possible[0], atoms)}))
        (value,) = values
        if value.free_symbols or not value.is_finite:
            raise CannotCompute("event_probability.not_determined")
        steps.append(
            Step(
                "event_probability.value", {"expr": f"${_shown(event, condition)} = {tex(value)}$"}
            )
        )
        return Outcome(
            value,
            steps,
            Step("event_probability.answer", {"value": m(value)}),
            values=(value,),
            data={"solution": possible[0], "atoms": atoms},
        )

    def _decide(
        self,
        problem: Problem,
        possible: list[dict[Any, Any]],
        atoms: dict[Any, Any],
        steps: list[Step],
    ) -> Outcome:
        a, b = Event("letter", ("a",)), Event("letter", ("b",))
        products = {
            sp.simplify(
                (
                    _probability(a, atoms) * _probability(b, atoms)
                    - _probability(Event("and", (a, b)), atoms)
                ).subs(s)
            )
            for s in possible
        }
        if len(products) != 1 or next(iter(products)).free_symbols:
            raise CannotCompute("event_probability.not_determined")
        gap = next(iter(products))
        pa, pb, pab = (
            sp.simplify(_probability(e, atoms).subs(possible[0]))
            for e in (a, b, Event("and", (a, b)))
        )
        steps.append(
            Step(
                "event_probability.independence_test",
                {
                    "expr": f"$P(A)P(B) = {tex(pa)} \\cdot {tex(pb)} = {tex(pa * pb)}$"
                    f", $P(A \\cap B) = {tex(pab)}$"
                },
            )
        )
        verdict = "yes" if gap == 0 else "no"
        return Outcome(
            sp.true if gap == 0 else sp.false,
            steps,
            Step(f"event_probability.independent_{verdict}", {}),
            values=(),
            data={"solution": possible[0], "atoms": atoms, "decide": True},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        atoms, solution = outcome.data["atoms"], outcome.data["solution"]
        weights = _realise(atoms, solution)
        if weights is None:
            return False
        # A space of four outcomes 0..3 with these weights; A and B as sets of outcomes.
        space = {
            "a": frozenset(i for i, atom in enumerate(_ATOMS) if atom[0]),
            "b": frozenset(i for i, atom in enumerate(_ATOMS) if atom[1]),
        }
        everything = frozenset(range(4))

        def chance(event: Event) -> Any:
            return sum((weights[i] for i in event.as_set(space, everything)), sp.Integer(0))

        for (event, condition), value in data["given"]:
            got = (
                chance(event)
                if condition is None
                else chance(Event("and", (event, condition))) / chance(condition)
            )
            if sp.simplify(got - value) != 0:
                return False
        a, b = Event("letter", ("a",)), Event("letter", ("b",))
        product_gap = chance(a) * chance(b) - chance(Event("and", (a, b)))
        if data["independent"] and sp.simplify(product_gap) != 0:
            return False
        if data.get("decide"):
            return bool((sp.simplify(product_gap) == 0) == (outcome.result == sp.true))
        event, condition = data["asked"]
        got = (
            chance(event)
            if condition is None
            else chance(Event("and", (event, condition))) / chance(condition)
        )
        return bool(sp.simplify(got - outcome.result) == 0)


def _known_parts(solution: dict[Any, Any], atoms: dict[tuple[bool, bool], Any]) -> str:
    """P(A), P(B) and P(A ∩ B) as far as the given values fix them."""
    a, b = Event("letter", ("a",)), Event("letter", ("b",))
    shown = []
    for event in (a, b, Event("and", (a, b))):
        value = sp.simplify(_probability(event, atoms).subs(solution))
        if not value.free_symbols:
            shown.append(f"${_shown(event, None)} = {tex(value)}$")
    return ", ".join(shown)


def _feasible(solution: dict[Any, Any], atoms: dict[Any, Any]) -> bool:
    return _realise(atoms, solution) is not None


def _realise(atoms: dict[Any, Any], solution: dict[Any, Any]) -> list[Any] | None:
    """Atom weights in [0, 1] summing to 1 (free ones set to some value that works)."""
    values = [sp.sympify(atoms[a]).subs(solution) for a in _ATOMS]
    free = sorted(set().union(*(v.free_symbols for v in values)), key=str)
    trials = (
        [
            dict(zip(free, combo, strict=True))
            for combo in itertools.product(
                [sp.Rational(k, 20) for k in range(21)], repeat=len(free)
            )
        ]
        if free
        else [{}]
    )
    for trial in trials[:9261]:
        weights = [sp.nsimplify(v.subs(trial)) for v in values]
        if all(w.is_real and 0 <= w <= 1 for w in weights) and sum(weights) == 1:
            return weights
    return None


def _rule(event: Event) -> str:
    if event.op == "or":
        return "event_probability.union_rule"
    if event.op == "not":
        return "event_probability.complement_rule"
    if event.op == "and":
        return "event_probability.intersection_rule"
    return "event_probability.atoms_rule"
