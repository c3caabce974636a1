"""The objects of a question: what the recogniser and the task types work on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .parse import Relation


@dataclass(frozen=True)
class Formula:
    """One parsed formula and the text it was read from."""

    source: str
    relation: Relation
    line: int = 0

    @property
    def expr(self) -> Any:
        return self.relation.lhs


@dataclass(frozen=True)
class Definition:
    """``f(x) = body`` (name ``f``) or ``y = body`` (name ``y``)."""

    name: str
    var: Any
    body: Any
    source: str


@dataclass(frozen=True)
class Limit:
    var: Any
    point: Any
    direction: str  # "+", "-" or "+-"


@dataclass(frozen=True)
class Bounds:
    """``from a to b``, ``∫_a^b``, ``[a, b]``, ``a ≤ x ≤ b``."""

    lower: Any
    upper: Any
    closed: tuple[bool, bool] = (True, True)
    var: Any = None
    explicit_interval: bool = False  # written as an interval, not as integral bounds


@dataclass(frozen=True)
class SumSpec:
    index: Any
    lower: Any
    upper: Any
    body: Any


@dataclass(frozen=True)
class Tup:
    """A point or vector written as a tuple: ``A(1, 2)``, ``a = (1, -2, 3)``, ``(1, k)``.

    ``start`` is its place in the normalised text, for reading what is said
    next to it ("중심이 (1, 2)", "(3, 4)를 지나는").
    """

    label: str  # "a" for A(1, 2) or a = (1, 2); "" when unlabelled
    coords: tuple[Any, ...]
    start: int = 0
    point: bool = False  # a named point (A(1, 2), 점 A, OA = (1, 2)), not a vector


@dataclass(frozen=True)
class Chance:
    """``P(A∩B) = 1/4`` (value given) or ``P(A|B)`` (asked: value None)."""

    event: str  # the text inside P( ), normalised
    value: Any = None


@dataclass(frozen=True)
class Distribution:
    """``B(n, p)`` or ``N(m, σ²)`` (``second`` is p, or the variance σ²)."""

    kind: str  # "binomial" or "normal"
    first: Any
    second: Any


@dataclass(frozen=True)
class Moment:
    """``E(2X+1)``, ``V(X) = 4``, ``σ(X)``: kind "E", "V" or "SD" of a linear ``expr`` in x."""

    kind: str
    expr: Any
    value: Any = None


@dataclass
class Problem:
    """A normalised question and every object found in it."""

    raw: str
    lang: str
    text: str
    formulas: list[Formula] = field(default_factory=list)
    definitions: dict[str, Definition] = field(default_factory=dict)
    curves: list[Definition] = field(default_factory=list)
    assignments: dict[Any, Any] = field(default_factory=dict)
    points: list[tuple[Any, Any]] = field(default_factory=list)
    numbers: list[Any] = field(default_factory=list)
    percents: list[Any] = field(default_factory=list)
    ratios: list[tuple[Any, ...]] = field(default_factory=list)
    bounds: Bounds | None = None
    limit: Limit | None = None
    sums: list[SumSpec] = field(default_factory=list)
    variable: Any = None
    quadrant: int | None = None
    integral_sign: bool = False
    derivative_marks: int = 0  # d/dx or f'(x) written
    sequence: Any = None  # sequence_notation.SequenceFacts: a_n, S_n, listed terms
    unparsed: list[str] = field(default_factory=list)
    too_large: str = ""
    tuples: list[Tup] = field(default_factory=list)  # points and vectors, in order
    chances: list[Chance] = field(default_factory=list)
    distribution: Distribution | None = None
    moments: list[Moment] = field(default_factory=list)

    @property
    def words(self) -> str:
        """The normalised text, for cue matching."""
        return self.text

    def equations(self) -> list[Formula]:
        return [f for f in self.formulas if f.relation.is_equation]

    def inequalities(self) -> list[Formula]:
        return [f for f in self.formulas if f.relation.is_inequality]

    def expressions(self) -> list[Formula]:
        return [f for f in self.formulas if f.relation.is_expression]

    def functions(self) -> list[Definition]:
        """Named functions first (f, g, ...), then curves ``y = ...``."""
        return [*self.definitions.values(), *self.curves]

    def function(self) -> Definition | None:
        """The first function the question is about (f(x) = ... or y = ...)."""
        found = self.functions()
        return found[0] if found else None
