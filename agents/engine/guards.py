# ruff: noqa: SIM108, SIM113
"""Bounds that reject a blow-up before SymPy evaluates anything.

The deadline of the worker pool is the last line of defence; these guards are
the first: a question longer than a page, parentheses nested thousands deep,
``2^(99999*99999)``, ``9^9^9^9``, ``(10^9)!`` or a precision argument never
reach an evaluating SymPy call. Sizes are estimated on the *unevaluated* tree,
in decimal digits, evaluating an exponent only once it is known to be small.
"""

from __future__ import annotations

import math
from typing import Any

import sympy as sp

MAX_QUESTION_CHARS = 1500
MAX_FORMULA_CHARS = 400
MAX_NESTING = 30
MAX_NODES = 1500
MAX_DIGITS = 3000  # of any number the engine would compute
MAX_SYMBOLIC_EXPONENT = 200  # (x + 1)^200 still expands quickly
MAX_FACTORIAL = 2000


class TooLarge(ValueError):
    """The input would take too long or too much memory to compute."""


def check_text(text: str) -> None:
    """Length and nesting of the raw question."""
    if len(text) > MAX_QUESTION_CHARS:
        raise TooLarge(f"question longer than {MAX_QUESTION_CHARS} characters")
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        raise TooLarge(f"brackets nested {deepest} deep")


def check_formula_text(text: str) -> None:
    if len(text) > MAX_FORMULA_CHARS:
        raise TooLarge(f"formula longer than {MAX_FORMULA_CHARS} characters")
    check_text(text)


def _integer_value(node: Any) -> int | None:
    """The value of a small constant subtree, or None when it is not an integer."""
    value = node.doit() if not node.is_Number else node
    if value.is_Integer:
        return int(value)
    if value.is_Rational:
        return None
    return None


def _digits(number: Any) -> float:
    if number.is_Integer:
        return float(len(str(abs(int(number)))))
    if number.is_Rational:
        return float(len(str(abs(int(number.p)))) + len(str(int(number.q))))
    if number.is_Float:
        return float(max(1.0, abs(math.log10(abs(float(number)) or 1.0))))
    return 1.0


def size(node: Any) -> float:
    """An upper bound on the decimal digits of a constant subtree's value.

    Raises TooLarge for anything that could not be computed quickly; a
    subtree with free symbols is checked for large symbolic exponents.
    """
    nodes = 0
    for _ in sp.preorder_traversal(node):
        nodes += 1
        if nodes > MAX_NODES:
            raise TooLarge("expression too long")
    return _size(node)


def _size(node: Any) -> float:
    if node.is_Number:
        return _digits(node)
    if node.is_Symbol or node in (sp.pi, sp.E, sp.I, sp.oo, -sp.oo, sp.zoo, sp.nan):
        return 1.0
    if node.is_Pow:
        return _power_size(node)
    if isinstance(node, sp.factorial):
        return _factorial_size(node.args[0])
    if isinstance(node, sp.binomial | sp.FallingFactorial | sp.RisingFactorial):
        sizes = [_size(arg) for arg in node.args]
        if not node.free_symbols:
            top = _integer_value(node.args[0])
            if top is None or abs(top) > MAX_FACTORIAL:
                raise TooLarge("counting argument too large")
        return sum(sizes) + 1.0 + (_factorial_size(node.args[0]) if not node.free_symbols else 0)
    sizes = [_size(arg) for arg in node.args]
    if not sizes:
        return 1.0
    if node.is_Add or node.is_Mul:
        total = sum(sizes) + 1.0
    else:  # sin, log, sqrt, Abs...: no bigger than the argument
        total = max(sizes) + 1.0
    if total > MAX_DIGITS and not node.free_symbols:
        raise TooLarge("number too large")
    return total


def _power_size(node: Any) -> float:
    base, exponent = node.args
    base_size = _size(base)
    exponent_size = _size(exponent)
    if exponent.free_symbols:
        return base_size + exponent_size  # 2^x: nothing is computed
    if exponent_size > 8:
        raise TooLarge("exponent too large")
    value = exponent.doit() if not exponent.is_Number else exponent
    if not value.is_Number:
        value = sp.N(value, 15)
    magnitude = abs(float(value)) if value.is_real else 1.0
    if base.free_symbols:
        if magnitude > MAX_SYMBOLIC_EXPONENT:
            raise TooLarge("exponent too large")
        return base_size * max(1.0, magnitude)
    if base in (sp.Integer(1), sp.Integer(-1), sp.I, -sp.I, sp.Integer(0)):
        return 1.0
    if base.is_Integer:
        total = magnitude * math.log10(abs(int(base))) + 1.0
    else:
        total = base_size * max(1.0, magnitude)
    if total > MAX_DIGITS:
        raise TooLarge("number too large")
    return total


def _factorial_size(argument: Any) -> float:
    if argument.free_symbols:
        return _size(argument)
    _size(argument)
    value = _integer_value(argument)
    if value is None or value > MAX_FACTORIAL:
        raise TooLarge("factorial argument too large")
    return max(1.0, value * math.log10(max(value, 2)))
