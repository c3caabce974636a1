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
    unparsed: list[str] = field(default_factory=list)
    too_large: str = ""

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
