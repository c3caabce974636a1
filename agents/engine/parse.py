"""Stage 2: one formula of plain notation to a SymPy object, safely.

``parse_expr`` evaluates Python code, so the text is first reduced to a small
alphabet and every identifier is checked against a whitelist held in
``local_dict``/``global_dict``; ``eval`` and ``sympify`` never see raw text.
The tree is first built unevaluated and measured by the guards; only then is
it evaluated.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.parsing.sympy_parser import (
    auto_number,
    convert_xor,
    factorial_notation,
    implicit_multiplication_application,
    parse_expr,
)

from .guards import TooLarge, check_formula_text, size

_TRANSFORMS = (auto_number, factorial_notation, convert_xor, implicit_multiplication_application)


def _log(arg: Any, base: Any = 10, **_options: Any) -> Any:
    # Korean high-school notation: an unmarked ``log`` is the common logarithm.
    return sp.log(arg, base)


def _root(arg: Any, degree: Any = 2, **_options: Any) -> Any:
    return sp.root(arg, degree) if degree != 2 else sp.sqrt(arg)


def _perm(n: Any, r: Any, **_options: Any) -> Any:
    return sp.FallingFactorial(n, r)


def _multichoose(n: Any, r: Any, **_options: Any) -> Any:
    return sp.binomial(n + r - 1, r)


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
    "root3": lambda arg, **_: sp.root(arg, 3),
    "cbrt": lambda arg, **_: sp.root(arg, 3),
    "root": _root,
    "exp": sp.exp,
    "abs": sp.Abs,
    "log": _log,
    "ln": sp.log,
    "gcd": lambda *args, **_: sp.gcd(list(args)),  # gcd(6, 8, 10): all of them, not a generator
    "lcm": lambda *args, **_: sp.lcm(list(args)),
    "binomial": sp.binomial,
    "perm": _perm,
    "multichoose": _multichoose,
    "factorial": sp.factorial,
    "conjugate": sp.conjugate,
}
CONSTANTS: dict[str, Any] = {
    "pi": sp.pi,
    "oo": sp.oo,
    "infinity": sp.oo,
    "inf": sp.oo,
    "e": sp.E,
    "i": sp.I,
}
GREEK = ("theta", "alpha", "beta", "gamma")
LETTERS = "abcdfghjklmnopqrstuvwxyz"  # e and i are constants
BUILTIN_NAMES = frozenset((*FUNCTIONS, *CONSTANTS, *GREEK))

_GLOBALS: dict[str, Any] = {
    "__builtins__": {},
    "Integer": sp.Integer,
    "Float": sp.Float,
    "Rational": sp.Rational,
    "Symbol": sp.Symbol,
    "Add": sp.Add,
    "Mul": sp.Mul,
    "Pow": sp.Pow,
    "factorial": sp.factorial,
}
_ALLOWED = re.compile(r"^[0-9a-z+\-*/^().,!'\s÷]*$")
_RELATION = re.compile(r"<=|>=|!=|=|<|>")
_APPLIED = "arcsin|arccos|arctan|sinh|cosh|tanh|sin|cos|tan|sec|csc|cot|ln|log|exp"


class ParseError(ValueError):
    """The text is not a formula the engine can read safely."""


def symbol(name: str) -> Any:
    return sp.Symbol(name)


def _split_identifier(word: str, names: tuple[str, ...]) -> list[str]:
    """``sinx`` → ``sin x``, ``xy`` → ``x y``: longest known name first."""
    parts: list[str] = []
    rest = word
    while rest:
        name = next((n for n in names if rest.startswith(n)), rest[0])
        parts.append(name)
        rest = rest[len(name) :]
    return parts


def _balanced(source: str, start: int) -> int:
    """The index after the bracket group opening at ``start`` (or -1)."""
    depth = 0
    for index in range(start, len(source)):
        depth += {"(": 1, ")": -1}.get(source[index], 0)
        if depth == 0:
            return index + 1
    return -1


_LOG_HEAD = re.compile(r"(?<![a-z])log(?:_\s*(?=[(0-9a-z.])|(?=\d+(?:\s*\(|\s+[0-9a-z(])))")
_LOG_ATOM = re.compile(r"[0-9a-z.]+(?:\^\d+)?")
_GLUED_BASE = re.compile(r"\d+")


def _log_operand(source: str, cursor: int, atom: re.Pattern[str]) -> tuple[str, int] | None:
    """A bracketed group or a bare atom at ``cursor``, and the index after it."""
    while cursor < len(source) and source[cursor] == " ":
        cursor += 1
    if cursor < len(source) and source[cursor] == "(":
        end = _balanced(source, cursor)
        return (source[cursor + 1 : end - 1], end) if end > 0 else None
    found = atom.match(source, cursor)
    if found and found[0].isalpha() and source[found.end() : found.end() + 1] == "(":
        end = _balanced(source, found.end())  # log_3 sqrt(27): the call is the argument
        return (source[cursor:end], end) if end > 0 else None
    return (found[0], found.end()) if found else None


_AMBIGUOUS_LOG = re.compile(r"(?<![a-z])log\d+[a-z]")


def _log_bases(source: str) -> str:
    """``log_2 8``, ``log_(1/2) x``, ``log_2(x(x-1))`` and ``log2 8`` as ``log(arg, base)``.

    A base glued to ``log`` (``log2 8``, ``log3(x+1)``) is read as a base only
    when an argument follows; ``log2`` alone is the common logarithm of 2.
    """
    if _AMBIGUOUS_LOG.search(source):
        # ``log2x``: base 2 of x, or the common log of 2x? Ask rather than guess.
        raise ParseError(f"ambiguous logarithm in {source!r}")
    out: list[str] = []
    index = 0
    while (head := _LOG_HEAD.search(source, index)) is not None:
        out.append(source[index : head.start()])
        base = _log_operand(source, head.end(), _LOG_ATOM if "_" in head[0] else _GLUED_BASE)
        argument = _log_operand(source, base[1], _LOG_ATOM) if base else None
        if base is None or argument is None:
            out.append(head[0])
            index = head.end()
            continue
        out.append(f"log(({argument[0]}),({base[0]}))")
        index = argument[1]
    out.append(source[index:])
    return "".join(out)


def _prime(name: str, functions: Mapping[str, Any]) -> str:
    """``f'(3)``: the derivative of a defined ``f``; with no ``f`` given it cannot be read."""
    if name not in functions:
        raise ParseError(f"the derivative {name!r} of a function that is not given")
    return name + "("


def _prepare(text: str, functions: Mapping[str, Any]) -> str:
    source = text.strip().lower().replace("÷", "/")
    source = _log_bases(source)
    source = re.sub(r"([a-z])''\s*\(", lambda m: _prime(m[1] + "pp", functions), source)
    source = re.sub(r"([a-z])'\s*\(", lambda m: _prime(m[1] + "p", functions), source)
    if not source or not _ALLOWED.match(source) or "'" in source:
        raise ParseError(f"unsupported characters in {text!r}")
    if re.search(r"\.\s*[a-z_(]|\.\.|\*\*|\d\.(?!\d)|[+\-*/^]\s*$|^\s*[*/^]", source):
        raise ParseError(f"malformed formula {text!r}")
    # Decimals are exact: 0.5x = 2 gives x = 4, not 4.0.
    source = re.sub(r"(\d+)\.(\d+)", lambda m: f"({int(m[1] + m[2])}/1{'0' * len(m[2])})", source)
    # ``sinxcosx`` is sin(x)·cos(x): a bare argument glued to the next function.
    source = re.sub(
        r"(?<![a-z])(sin|cos|tan|sec|csc|cot)(\d*(?:theta|[xyzt]))(?=sin|cos|tan|sec|csc|cot)",
        r"\1(\2)",
        source,
    )
    # ``sin pi/6`` and ``cos 2pi/3`` are angles, not sin(pi)/6.
    source = re.sub(
        r"(?<![a-z])(sin|cos|tan|sec|csc|cot)\s*(\d*\s*pi\s*/\s*\d+)", r"\1(\2)", source
    )
    # ``sin x cos x`` is sin(x)·cos(x), ``sin 2x`` is sin(2x): bracket a bare argument.
    source = re.sub(
        rf"(?<![a-z])({_APPLIED})\s*((?:\d+)?(?:pi|theta|alpha|beta|[a-z])(?:\^\d+)?|\d+)(?![\w(^.])",
        r"\1(\2)",
        source,
    )
    names = tuple(sorted((*BUILTIN_NAMES, *functions), key=len, reverse=True))

    def spaced(match: re.Match[str]) -> str:
        return " " + " ".join(_split_identifier(match.group(0), names)) + " "

    return re.sub(r"[a-z]+", spaced, source)


def _names(functions: Mapping[str, Any]) -> dict[str, Any]:
    local: dict[str, Any] = {**FUNCTIONS, **CONSTANTS}
    for name in (*GREEK, *LETTERS):
        local[name] = sp.Symbol(name)
    local.update(functions)
    return local


def _run(source: str, functions: Mapping[str, Any], *, evaluate: bool) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expr = parse_expr(
                source,
                local_dict=_names(functions),
                global_dict=dict(_GLOBALS),
                transformations=_TRANSFORMS,
                evaluate=evaluate,
            )
    except TooLarge:
        raise
    except Exception as error:  # SymPy raises many types (SyntaxError, TypeError, ...)
        raise ParseError(str(error)) from error
    if not isinstance(expr, sp.Expr):
        raise ParseError("not an expression")
    return expr


def parse_expression(text: str, functions: Mapping[str, Any] | None = None) -> Any:
    """One expression (no relation symbol) as an evaluated SymPy object.

    ``functions`` maps the names a student defined (``f``, ``g``, ``fp`` for
    ``f'``) to SymPy Lambdas. Raises ParseError or TooLarge.
    """
    check_formula_text(text)
    functions = functions or {}
    source = _prepare(text, functions)
    # Measure the tree as written first: evaluating is what could hang.
    raw = _run(source, {name: sp.Function(name) for name in functions}, evaluate=False)
    size(raw)
    expr = _run(source, functions, evaluate=True)
    size(expr)
    return expr


def parse_unevaluated(text: str, functions: Mapping[str, Any] | None = None) -> Any:
    """The expression as written (``12 \\cdot 7 + 3``), for showing and checking."""
    check_formula_text(text)
    functions = functions or {}
    raw = _run(_prepare(text, functions), functions, evaluate=False)
    size(raw)
    return raw


@dataclass(frozen=True)
class Relation:
    """A parsed chain ``e0 op0 e1 op1 e2``: an expression, equation or inequality."""

    parts: tuple[Any, ...]
    ops: tuple[str, ...] = ()

    @property
    def lhs(self) -> Any:
        return self.parts[0]

    @property
    def rhs(self) -> Any:
        return self.parts[-1]

    @property
    def is_expression(self) -> bool:
        return not self.ops

    @property
    def is_equation(self) -> bool:
        return self.ops == ("=",)

    @property
    def is_inequality(self) -> bool:
        return bool(self.ops) and all(op in ("<", ">", "<=", ">=") for op in self.ops)

    @property
    def free_symbols(self) -> set[Any]:
        found: set[Any] = set()
        for part in self.parts:
            found |= set(part.free_symbols)
        return found

    def as_zero(self) -> Any:
        """``lhs - rhs`` of an equation."""
        return self.lhs - self.rhs

    def as_sympy(self) -> Any:
        if not self.ops:
            return self.lhs
        if len(self.ops) == 1:
            if self.ops[0] == "=":
                return sp.Eq(self.lhs, self.rhs, evaluate=False)
            if self.ops[0] == "!=":
                return sp.Ne(self.lhs, self.rhs, evaluate=False)
            return sp.Rel(self.lhs, self.rhs, self.ops[0], evaluate=False)
        return sp.And(
            *(
                sp.Rel(a, b, op, evaluate=False)
                for a, b, op in zip(self.parts, self.parts[1:], self.ops, strict=False)
            ),
            evaluate=False,
        )


def parse_relation(text: str, functions: Mapping[str, Any] | None = None) -> Relation:
    """An expression, equation or (chained) inequality."""
    ops = tuple(_RELATION.findall(text))
    pieces = _RELATION.split(text)
    if len(ops) > 2 or any(not piece.strip() for piece in pieces):
        raise ParseError(f"cannot read the relation {text!r}")
    if len(ops) == 2 and ("=" in ops or "!=" in ops):
        raise ParseError(f"cannot read the relation {text!r}")
    parts = tuple(parse_expression(piece, functions) for piece in pieces)
    return Relation(parts, ops)
