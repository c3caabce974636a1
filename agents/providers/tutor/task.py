"""What computation a question asks for, and on which parsed formulas.

``detect_task`` reads the normalised text: integral bounds, a limit point and
the differentiation variable are cut out first, the remaining formulas are
parsed, and keywords (Korean and English) pick the operation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import sympy as sp

from .normalize import candidates, looks_like_formula, normalize
from .parse import FUNCTION_NAMES, MathParseError, Relation, parse_math, parse_relation

TaskKind = Literal[
    "solve",
    "system",
    "inequality",
    "factor",
    "expand",
    "simplify",
    "vertex",
    "derivative",
    "integral",
    "limit",
    "evaluate",
    "expression",
    "unparsed",
]

_NUM = r"[-+]?\s*(?:\d+(?:\.\d+)?|pi|oo|inf|e)(?:\s*/\s*\d+)?"
_POINT = r"[-+]?\s*(?:\d+(?:\.\d+)?|pi|oo|infinity|inf)(?:\s*/\s*\d+)?"

_INTEGRAL_BOUNDS = (
    re.compile(rf"∫\s*_\s*\{{?\s*({_NUM})\s*\}}?\s*\^\s*\{{?\s*({_NUM})\s*\}}?"),
    re.compile(rf"∫\s*({_NUM})\s*\^\s*\{{?\s*({_NUM})\s*\}}?"),
    re.compile(rf"\bfrom\s+({_NUM})\s+to\s+({_NUM})"),
    re.compile(rf"\bbetween\s+({_NUM})\s+and\s+({_NUM})"),
    re.compile(rf"({_NUM})\s*(?:부터|에서)\s*({_NUM})\s*까지"),
)
_LIMIT_POINT = (
    re.compile(rf"([a-z])\s*->\s*({_POINT})"),
    re.compile(rf"\bas\s+([a-z])\s+(?:approaches|goes\s+to|tends\s+to)\s+({_POINT})"),
    re.compile(rf"([a-z])\s*(?:가|이)\s*({_POINT})\s*(?:으로|로|에)\s*(?:갈|가까|다가|수렴|접근)"),
)
_WITH_RESPECT = (
    re.compile(r"d\s*/\s*d([a-z])"),
    re.compile(r"with\s+respect\s+to\s+([a-z])\b"),
    re.compile(r"(?<![a-z])([a-z])\s*에\s*(?:대해|대하여|관해)"),
)
_DIFFERENTIAL = re.compile(r"(?<![a-z])d([a-z])(?![a-z(])")
_DEFINITION = re.compile(r"(?<![a-z])[a-z]\s*\(\s*([a-z])\s*\)\s*=")

_KEYWORDS: dict[str, tuple[str, ...]] = {
    "integral": ("∫", "적분", "integra", "antiderivative"),
    "limit": ("극한", "lim"),
    "derivative": ("미분", "도함수", "derivative", "differentiat", "d/d"),
    "factor": ("인수분해", "factoris", "factoriz", "factor "),
    "expand": ("전개", "expand"),
    "simplify": ("간단히", "정리", "simplif"),
    "vertex": ("꼭짓점", "꼭지점", "vertex"),
}
SOLVE_WORDS = ("풀어", "풀이해", "구해", "구하", "해를", "근을", "solve", "find", "root", "zeros")


@dataclass(frozen=True)
class Task:
    """A computation to carry out; ``notes`` name assumptions to tell the student."""

    kind: TaskKind
    relations: tuple[Relation, ...] = ()
    sources: tuple[str, ...] = ()
    var: Any = None
    lower: Any = None
    upper: Any = None
    point: Any = None
    failed: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def main(self) -> Relation:
        return self.relations[0]


def _has_function(piece: str) -> bool:
    """``cos x``: a function applied without brackets is a formula too."""
    return any(word in FUNCTION_NAMES for word in re.findall(r"[a-z]+", piece))


def _keyword_kind(text: str) -> str | None:
    padded = text + " "
    for kind, words in _KEYWORDS.items():
        if kind == "factor" and "factorial" in padded:
            continue
        if any(word in padded for word in words):
            return kind
    return None


def _cut(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str] | None, str]:
    match = pattern.search(text)
    if match is None:
        return None, text
    return match, text[: match.start()] + " ; " + text[match.end() :]


def _number(text: str) -> Any:
    return parse_math(text.replace("infinity", "oo").replace("inf", "oo"))


@dataclass
class _Extras:
    var: Any = None
    lower: Any = None
    upper: Any = None
    point: Any = None
    notes: list[str] = field(default_factory=list)


def _strip_calculus(kind: str | None, text: str, extras: _Extras) -> str:
    """Remove bounds, limit points and ``dx`` so only the formula is left."""
    if kind == "integral":
        for pattern in _INTEGRAL_BOUNDS:
            match, text = _cut(pattern, text)
            if match:
                extras.lower, extras.upper = _number(match[1]), _number(match[2])
                break
        match = _DIFFERENTIAL.search(text)
        if match:
            extras.var = sp.Symbol(match[1])
            text = text[: match.start()] + " ; " + text[match.end() :]
    for pattern in _LIMIT_POINT:
        match, text = _cut(pattern, text)
        if match:
            extras.var, extras.point = sp.Symbol(match[1]), _number(match[2])
            break
    for pattern in _WITH_RESPECT:
        match, text = _cut(pattern, text)
        if match:
            extras.var = sp.Symbol(match[1])
    definition = _DEFINITION.search(text)
    if definition:
        # ``f(x) = x^2`` names a function of x; keep the right-hand side.
        extras.var = extras.var or sp.Symbol(definition[1])
        text = text[: definition.start()] + text[definition.end() :]
    return text


def _function_body(relation: Relation) -> Relation:
    """``y = x^2 + 1`` as a function: the right-hand side."""
    if (
        relation.is_equation
        and relation.lhs.is_Symbol
        and relation.lhs not in relation.rhs.free_symbols
        and relation.rhs.free_symbols
    ):
        return Relation(relation.rhs)
    return relation


def detect_task(raw_text: str) -> Task | None:
    """The computation asked for, or None when the text holds no formula."""
    text = normalize(raw_text)
    kind = _keyword_kind(text)
    if kind is None and "->" in text:
        kind = "limit"
    extras = _Extras()
    try:
        text = _strip_calculus(kind, text, extras)
    except MathParseError:
        return Task("unparsed", failed=(text,))
    parsed: list[Relation] = []
    sources: list[str] = []
    symbols_only: list[Relation] = []
    failed: list[str] = []
    for piece in candidates(text):
        try:
            relation = parse_relation(piece)
        except MathParseError:
            if looks_like_formula(piece):
                failed.append(piece)
            continue
        if looks_like_formula(piece) or "(" in piece or _has_function(piece):
            parsed.append(relation)
            sources.append(piece)
        elif relation.lhs.is_Symbol:
            symbols_only.append(relation)
    if failed:
        # A formula we misread could change the answer; ask instead of guessing.
        return Task("unparsed", failed=tuple(failed))
    calculus = kind in ("integral", "derivative", "limit")
    if not parsed and calculus and symbols_only and extras.var is not None:
        parsed = [symbols_only[0]]
        sources = [str(symbols_only[0].lhs)]
    if not parsed:
        return None
    return _choose(kind, text, tuple(parsed), tuple(sources), extras)


def _choose(
    kind: str | None,
    text: str,
    parsed: tuple[Relation, ...],
    sources: tuple[str, ...],
    extras: _Extras,
) -> Task:
    equations = tuple(r for r in parsed if r.is_equation)
    inequalities = tuple(r for r in parsed if r.is_inequality)

    def task(kind: TaskKind, relations: tuple[Relation, ...], *notes: str) -> Task:
        return Task(
            kind,
            relations,
            sources,
            var=extras.var,
            lower=extras.lower,
            upper=extras.upper,
            point=extras.point,
            notes=(*extras.notes, *notes),
        )

    if "log" in text and "ln(" not in text:
        extras.notes.append("log10")
    if kind in ("integral", "derivative", "limit", "vertex"):
        body = _function_body(parsed[0])
        if body.op:
            return task("unparsed", ())
        if kind == "limit" and extras.point is None:
            return task("unparsed", (), "no_point")
        return task(kind, (body,))  # type: ignore[arg-type]
    if len(equations) >= 2:
        return task("system", equations)
    if inequalities:
        return task("inequality", inequalities[:1])
    if equations:
        note = ("by_factoring",) if kind == "factor" else ()
        return task("solve", equations[:1], *note)
    main = parsed[0]
    if kind in ("factor", "expand", "simplify"):
        return task(kind, (main,))  # type: ignore[arg-type]
    if not main.free_symbols:
        return task("evaluate", (main,))
    if any(word in text for word in SOLVE_WORDS):
        return task("solve", (Relation(main.lhs, "=", sp.Integer(0)),), "as_zero")
    return task("expression", (main,))
