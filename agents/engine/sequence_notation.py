"""Sequence notation: ``a_n``, ``a_{n+1}``, ``a_10``, ``S_n`` and listed terms.

The normalised text is rewritten so that a term is a call of a SymPy
function the parser knows (``a_{n+1}`` → ``sqa(n+1)``, read as ``a(n + 1)``);
after the formulas are parsed, every formula with a term is moved out of
``problem.formulas`` into ``problem.sequence`` (a :class:`SequenceFacts`), so
no other task mistakes ``a_3 = 7`` for an equation in a variable. Listed
terms with an ellipsis (``1 + 1/2 + 1/4 + ...``, ``2, 5, 8, ...``) are cut out
of the text first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .parse import ParseError, parse_expression

A = sp.Function("a")
B = sp.Function("b")
S = sp.Function("S")
TERM_FUNCTIONS: dict[str, Any] = {"sqa": A, "sqb": B, "sqs": S}
SEQUENCES = (A, B, S)

_CONTEXT = re.compile(
    r"수열|등차|등비|공차|공비|항|점화|급수|sequence|series|term|recurrence|progression|Σ|\bsum\b"
    r"|(?<![a-z])[ab]n\s*\+\s*1\s*="
)
_BRACKETED = re.compile(r"(?<![a-z])([abs])\s*_\s*\(\s*([0-9nkm+\-* ]{1,15})\s*\)")
_PLAIN = re.compile(r"(?<![a-z])([abs])\s*_\s*(\d+|[nkm])(?![a-z0-9(])")
_GLUED = re.compile(r"(?<![a-z_^.])([abs])(\d{1,3})(?![\d.a-z(])")
# ``an+1 = an + n``: written without underscores, next to an operator (never the article "an").
_GLUED_NEXT = re.compile(r"(?<![a-z_^.])([ab])n\s*\+\s*(\d)(?=\s*=)")
_GLUED_N = re.compile(
    r"(?<=[=+\-*/(])(\s*\d*)([ab])n(?![a-z(])|(?<![a-z_^.])([ab])n(?=\s*[=+\-*/])"
)
_NUMBER = r"\d+(?:\.\d+)?(?:\s*/\s*\d+)?"
_DOTS = r"(?:\.{2,}|⋯|…)"
# 1 + 1/2 + 1/4 + ...,  6 - 3 + 3/2 - ...,  2, 5, 8, ...,  3 + 7 + ... + 99
_SERIES = re.compile(
    rf"([-+]?\s*{_NUMBER}(?:\s*[-+]\s*{_NUMBER}){{2,}})\s*[-+]?\s*{_DOTS}(?:\s*([-+])\s*({_NUMBER}))?"
)
_LIST = re.compile(rf"([-+]?\s*{_NUMBER}(?:\s*,\s*[-+]?\s*{_NUMBER}){{2,}})\s*,?\s*{_DOTS}")
_SIGNED = re.compile(rf"([-+]?)\s*({_NUMBER})")


def rewrite_terms(text: str) -> str:
    """``a_n``, ``a_(n+1)``, ``s_10`` (and ``a10`` in a question about sequences) as calls."""
    if "_" not in text and not _CONTEXT.search(text):
        return text
    text = _BRACKETED.sub(lambda m: f"sq{m[1]}({m[2]})", text)
    text = _PLAIN.sub(lambda m: f"sq{m[1]}({m[2]})", text)
    if _CONTEXT.search(text):
        text = _GLUED.sub(lambda m: f"sq{m[1]}({m[2]})", text)
        text = _GLUED_NEXT.sub(lambda m: f"sq{m[1]}(n+{m[2]})", text)
        text = _GLUED_N.sub(lambda m: f"{m[1]}sq{m[2]}(n)" if m[2] else f"sq{m[3]}(n)", text)
    return text


@dataclass
class SequenceFacts:
    """What a question says about its sequences."""

    equations: list[Any] = field(default_factory=list)  # Eq(a(3), 7), Eq(a(n+1), a(n)+3)
    conditions: list[Any] = field(default_factory=list)  # inequalities: a(n) > 0
    asked: list[Any] = field(default_factory=list)  # a(10), S(n), a(1) + a(10)
    listed: tuple[tuple[Any, ...], str, Any] | None = None  # (terms, "+" or ",", last or None)

    def __bool__(self) -> bool:
        return bool(self.equations or self.conditions or self.asked or self.listed)


def cut_listed(text: str, facts: SequenceFacts) -> str:
    """Cut ``t1 + t2 + t3 + ... (+ tN)`` or ``t1, t2, t3, ...`` out of ``text``."""
    found = _SERIES.search(text)
    kind = "+"
    if not found:
        found, kind = _LIST.search(text), ","
    if not found:
        return text
    try:
        terms = tuple(
            parse_expression(f"{sign}{number}".replace(" ", ""))
            for sign, number in _SIGNED.findall(found[1])
        )
        last = None
        if kind == "+" and found[3]:
            last = parse_expression(f"{found[2]}{found[3]}".replace(" ", ""))
    except ParseError:
        return text
    facts.listed = (terms, kind, last)
    return text[: found.start()] + " ; " + text[found.end() :]


def has_terms(expr: Any) -> bool:
    return any(
        isinstance(f, sp.core.function.AppliedUndef) and f.func in SEQUENCES
        for f in sp.preorder_traversal(expr)
    )


def collect(problem: Any, facts: SequenceFacts) -> None:
    """Move the formulas with sequence terms out of ``problem.formulas``."""
    kept = []
    for formula in problem.formulas:
        relation = formula.relation
        if not any(has_terms(part) for part in relation.parts):
            kept.append(formula)
        elif relation.is_expression:
            facts.asked.append(relation.lhs)
        elif relation.is_equation:
            facts.equations.append(sp.Eq(relation.lhs, relation.rhs, evaluate=False))
        else:
            facts.conditions.append(relation.as_sympy())
    problem.formulas = kept
    for name in [k for k, v in problem.assignments.items() if has_terms(v)]:
        del problem.assignments[name]
    problem.sequence = facts if facts else None
