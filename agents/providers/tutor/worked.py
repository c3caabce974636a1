"""Shared pieces of a worked solution: the result type and LaTeX helpers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

# Functions a high-school student knows; an antiderivative outside this set
# (erf, Si, ...) is not an answer we should present.
ELEMENTARY = (
    sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan,
    sp.exp, sp.log, sp.Abs, sp.sinh, sp.cosh, sp.tanh,
)  # fmt: skip
_MAX_OPS = 40


class CannotCompute(Exception):
    """The tutor cannot give a trustworthy result; ``key`` names the reason text."""

    def __init__(self, key: str = "cannot_compute") -> None:
        super().__init__(key)
        self.key = key


@dataclass
class Worked:
    """Steps (Markdown, already in the student's language) and the final answer."""

    steps: list[str] = field(default_factory=list)
    answer: str = ""
    notes: list[str] = field(default_factory=list)


def tex(expr: Any) -> str:
    # ``\\ln``: in Korean classrooms a bare ``\\log`` means base 10.
    return str(sp.latex(expr, ln_notation=True))


def inline(expr: Any) -> str:
    """``$...$`` around the LaTeX of ``expr``."""
    return f"${tex(expr)}$"


def eq(lhs: Any, rhs: Any) -> str:
    return f"${tex(lhs)} = {tex(rhs)}$"


def join_terms(terms: Iterable[Any]) -> str:
    """LaTeX of a sum in the order given (SymPy would re-order it)."""
    out = ""
    for index, term in enumerate(terms):
        text = tex(term)
        if index == 0:
            out = text
        elif text.startswith("-"):
            out += " - " + text[1:].lstrip()
        else:
            out += " + " + text
    return out


def pick_var(symbols: Iterable[Any], preferred: Any = None) -> Any:
    """The variable to work in: the one named, else x, else the first letter."""
    pool = sorted(symbols, key=lambda s: str(s))
    if preferred is not None:
        return preferred
    for name in ("x", "t", "y"):
        for symbol in pool:
            if str(symbol) == name:
                return symbol
    if not pool:
        raise CannotCompute("no_variable")
    return pool[0]


def is_presentable(expr: Any) -> bool:
    """Small, closed-form and elementary: safe to show as a result."""
    if expr.has(sp.CRootOf, sp.Integral, sp.Limit, sp.Derivative, sp.AccumBounds):
        return False
    if expr.has(sp.nan, sp.zoo):
        return False
    for function in expr.atoms(sp.Function):
        if not isinstance(function, ELEMENTARY):
            return False
    return int(sp.count_ops(expr)) <= _MAX_OPS


def is_zero(expr: Any) -> bool:
    """A check by substitution; False when SymPy cannot decide."""
    try:
        value = sp.simplify(expr)
    except Exception:
        return False
    return bool(value == 0)
