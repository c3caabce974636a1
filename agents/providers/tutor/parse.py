"""Safe parsing of students' math notation into SymPy objects.

``parse_expr`` evaluates Python code, so the text is first reduced to a small
alphabet and every identifier is checked against an allow-list; nothing else
reaches SymPy. Size guards keep a question like ``9^9^9^9`` from hanging the
worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

_TRANSFORMS = (*standard_transformations, implicit_multiplication_application, convert_xor)


def _log10(arg: Any, **_options: Any) -> Any:
    # Korean high-school notation: an unmarked ``log`` is the common logarithm.
    return sp.log(arg, 10)


FUNCTIONS: dict[str, Any] = {
    "arcsin": sp.asin,
    "arccos": sp.acos,
    "arctan": sp.atan,
    "asin": sp.asin,
    "acos": sp.acos,
    "atan": sp.atan,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "sec": sp.sec,
    "csc": sp.csc,
    "cot": sp.cot,
    "sqrt": sp.sqrt,
    "exp": sp.exp,
    "abs": sp.Abs,
    "log": _log10,
    "ln": sp.log,
}
CONSTANTS: dict[str, Any] = {
    "pi": sp.pi,
    "infinity": sp.oo,
    "inf": sp.oo,
    "oo": sp.oo,
    "e": sp.E,
}
GREEK = ("theta", "alpha", "beta")
# Longest first, so ``sinh`` wins over ``sin`` when splitting ``sinhx``.
KNOWN_NAMES = tuple(sorted((*FUNCTIONS, *CONSTANTS, *GREEK), key=len, reverse=True))
FUNCTION_NAMES = tuple(name for name in KNOWN_NAMES if name in FUNCTIONS)

_ALLOWED = re.compile(r"^[0-9a-z+\-*/^().\s]*$")
_MAX_LEN = 160
_MAX_DIGITS = 30
_MAX_EXPONENT = 200

_GLOBALS: dict[str, Any] = {
    "__builtins__": {},
    "Integer": sp.Integer,
    "Float": sp.Float,
    "Rational": sp.Rational,
    "Symbol": sp.Symbol,
    "Add": sp.Add,
    "Mul": sp.Mul,
    "Pow": sp.Pow,
}


class MathParseError(ValueError):
    """The text is not an expression this tutor can read safely."""


@dataclass(frozen=True)
class Relation:
    """A parsed expression, equation (``op == "="``) or inequality."""

    lhs: Any
    op: str = ""
    rhs: Any = None

    @property
    def is_equation(self) -> bool:
        return self.op == "="

    @property
    def is_inequality(self) -> bool:
        return self.op in ("<", ">", "<=", ">=")

    def as_zero(self) -> Any:
        """``lhs - rhs`` for an equation, the expression itself otherwise."""
        return self.lhs - self.rhs if self.is_equation else self.lhs

    def as_sympy(self) -> Any:
        if not self.op:
            return self.lhs
        if self.op == "=":
            return sp.Eq(self.lhs, self.rhs, evaluate=False)
        return sp.Rel(self.lhs, self.rhs, self.op)

    @property
    def free_symbols(self) -> set[Any]:
        found = set(self.lhs.free_symbols)
        if self.rhs is not None:
            found |= set(self.rhs.free_symbols)
        return found


def split_identifier(word: str) -> list[str] | None:
    """Split ``sinx`` into ``sin x`` and ``xy`` into ``x y``; None if impossible."""
    parts: list[str] = []
    rest = word
    while rest:
        name = next((n for n in KNOWN_NAMES if rest.startswith(n)), None)
        if name is None:
            name = rest[0]
        parts.append(name)
        rest = rest[len(name) :]
    return parts


def _spaced(text: str) -> str:
    """Rewrite every identifier as allowed names separated by spaces."""

    def repl(match: re.Match[str]) -> str:
        parts = split_identifier(match.group(0)) or []
        return " " + " ".join(parts) + " "

    return re.sub(r"[a-z]+", repl, text)


def _symbols() -> dict[str, Any]:
    # Every name the text may use; ``e`` is Euler's number, as in class.
    local: dict[str, Any] = {**FUNCTIONS, **CONSTANTS}
    for name in GREEK:
        local[name] = sp.Symbol(name)
    for letter in "abcdfghijklmnopqrstuvwxyz":
        local[letter] = sp.Symbol(letter)
    return local


def _check_size(expr: Any) -> None:
    for node in sp.preorder_traversal(expr):
        if node.is_Integer and len(str(abs(int(node)))) > _MAX_DIGITS:
            raise MathParseError("number too large")
        if node.is_Pow:
            exponent = node.exp
            if exponent.is_Number and abs(exponent) > _MAX_EXPONENT:
                raise MathParseError("exponent too large")
            if exponent.has(sp.Pow) and not exponent.free_symbols:
                raise MathParseError("power tower")


def parse_math(text: str, *, evaluate: bool = True) -> Any:
    """One expression (no relation) as a SymPy object, or MathParseError."""
    source = text.strip().lower()
    if not source or len(source) > _MAX_LEN or not _ALLOWED.match(source):
        raise MathParseError(f"unsupported characters in {text!r}")
    if re.search(r"\d\s*\.\s*[a-z(]|\.\.|\*\*\*", source):
        raise MathParseError("malformed number")
    spaced = _spaced(source)
    # Check sizes on the unevaluated tree first: evaluating is what could hang.
    raw = _run_parser(spaced, evaluate=False)
    _check_size(raw)
    return _run_parser(spaced, evaluate=True) if evaluate else raw


def _run_parser(spaced: str, *, evaluate: bool) -> Any:
    try:
        expr = parse_expr(
            spaced,
            local_dict=_symbols(),
            global_dict=dict(_GLOBALS),
            transformations=_TRANSFORMS,
            evaluate=evaluate,
        )
    except Exception as exc:  # SymPy raises many types (SyntaxError, TypeError, ...)
        raise MathParseError(str(exc)) from exc
    if not isinstance(expr, sp.Expr):
        raise MathParseError("not an expression")
    if evaluate and expr.has(sp.Float):
        # Decimals typed by a student are exact values: 0.5x = 2 gives x = 4, not 4.0.
        expr = sp.nsimplify(expr, rational=True)
    return expr


_RELATION = re.compile(r"<=|>=|=|<|>")


def parse_relation(text: str) -> Relation:
    """An expression, equation or inequality with one relation symbol at most."""
    parts = _RELATION.split(text)
    ops = _RELATION.findall(text)
    if len(ops) > 1:
        raise MathParseError("more than one relation symbol")
    if not ops:
        return Relation(parse_math(text))
    lhs, rhs = (parse_math(part) for part in parts)
    return Relation(lhs, ops[0], rhs)


def unevaluated(text: str) -> Any:
    """The expression as written (for showing ``12 \\cdot 7 + 3`` before ``87``)."""
    return parse_math(text, evaluate=False)
