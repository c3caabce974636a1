"""What a question gives and asks about a sequence, in one place.

Read from the sequence notation (``a_3 = 7``, ``a_{n+1} = 2a_n``, ``S_10``)
and from the words students use (``첫째항 3``, ``공차 4``, ``제10항``,
``the sum of the first 10 terms``, ``common ratio 1/2``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from ..parse import ParseError, parse_expression
from ..problem import Problem
from ..sequence_notation import A, S, has_terms

N = sp.Symbol("n")
_NUM = r"\(?\s*([-+]?\s*(?:\d+(?:\.\d+)?(?:\s*/\s*\d+)?|sqrt\(\d+\)))\s*\)?"
ARITHMETIC = re.compile(r"등차|arithmetic|공차|common\s+difference")
GEOMETRIC = re.compile(r"등비|geometric|공비|common\s+ratio")
_FIRST = (
    re.compile(rf"첫\s*째?\s*항\s*(?:이|은|는|:|=)?\s*{_NUM}(?!\s*항)"),
    re.compile(rf"first\s+term\s*(?:is|of|=|:)?\s*(?:a\s*=\s*)?{_NUM}"),
)
_DIFFERENCE = (
    re.compile(rf"공차\s*(?:가|는|:|=)?\s*(?:d\s*=\s*)?{_NUM}"),
    re.compile(rf"(?:common\s+)?difference\s*(?:is|of|=|:)?\s*(?:d\s*=\s*)?{_NUM}"),
)
_RATIO = (
    re.compile(rf"공비\s*(?:가|는|:|=)?\s*(?:r\s*=\s*)?{_NUM}"),
    re.compile(rf"(?:common\s+)?ratio\s*(?:is|of|=|:)?\s*(?:r\s*=\s*)?{_NUM}"),
)
_TERM_ASKED = (
    re.compile(r"제\s*(\d+)\s*항(?!\s*까지|\s*부터|의\s*합)"),
    re.compile(r"(\d+)\s*번\s*째\s*항(?!\s*까지|\s*부터)"),
    re.compile(r"(\d+)\s*(?:st|nd|rd|th)\s+term"),
    re.compile(r"\bterm\s+number\s+(\d+)"),
)
_SUM_ASKED = (
    re.compile(r"제?\s*(\d+)\s*항\s*까지의?\s*합"),
    re.compile(r"sum\s+of\s+the\s+first\s+(\d+)\s+terms"),
    re.compile(r"first\s+(\d+)\s+terms"),
)
_GENERAL_ASKED = re.compile(
    r"일반항|general\s+term|제\s*n\s*항(?!\s*까지)|n\s*번\s*째\s*항|\bnth\s+term|n-th\s+term"
)
_SUM_N_ASKED = re.compile(r"제\s*n\s*항\s*까지의?\s*합|first\s+n\s+terms")
_WHICH = (
    re.compile(rf"{_NUM}\s*(?:은|는|이|가)?\s*(?:제\s*몇\s*항|몇\s*번\s*째\s*항)"),
    re.compile(rf"which\s+term\s+(?:is|equals)\s*{_NUM}|{_NUM}\s+is\s+which\s+term"),
)
_FIRST_SIGN = (
    (
        -1,
        re.compile(
            r"처음으로\s*음수|처음\s*음수|first\s+negative\s+term|first\s+term\s+(?:that\s+is\s+)?negative"
        ),
    ),
    (
        1,
        re.compile(
            r"처음으로\s*양수|처음\s*양수|first\s+positive\s+term|first\s+term\s+(?:that\s+is\s+)?positive"
        ),
    ),
)
_ASK_STEP = re.compile(
    r"공차를|공차는\s*(?:\?|얼마|무엇)|공비를|공비는\s*(?:\?|얼마|무엇)|find\s+the\s+common|what\s+is\s+the\s+common"
)
_ASK_FIRST = re.compile(
    r"첫째\s*항을|첫째\s*항은\s*(?:\?|얼마)|find\s+the\s+first\s+term|what\s+is\s+the\s+first\s+term"
)
POSITIVE_RATIO = re.compile(
    r"공비(?:가|는)?\s*양수|공비\s*r\s*>\s*0|r\s*>\s*0|positive\s+(?:common\s+)?ratio|모든\s*항이\s*양수|all\s+terms\s+(?:are\s+)?positive"
)


def _number(text: str) -> Any:
    return parse_expression(text.replace(" ", ""))


def _first_match(patterns: tuple[re.Pattern[str], ...], text: str) -> Any | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            groups = [g for g in found.groups() if g]
            try:
                return _number(groups[0])
            except ParseError:
                return None
    return None


@dataclass
class SequenceData:
    kind: str | None = None  # "arithmetic" or "geometric"
    first: Any = None
    step: Any = None  # d or r
    terms: dict[int, Any] = field(default_factory=dict)
    sums: dict[int, Any] = field(default_factory=dict)
    relations: list[Any] = field(default_factory=list)  # a_2 + a_5 = 20
    general: Any = None  # a_n as an expression in n
    sum_general: Any = None  # S_n as an expression in n
    recurrences: list[Any] = field(default_factory=list)
    asked: list[tuple[str, Any]] = field(default_factory=list)
    listed: tuple[tuple[Any, ...], str, Any] | None = None
    positive_ratio: bool = False

    @property
    def given_anything(self) -> bool:
        return bool(
            self.first is not None or self.step is not None or self.terms or self.sums
            or self.relations or self.general is not None or self.sum_general is not None
            or self.recurrences or self.listed
        )  # fmt: skip


def _index(term: Any) -> Any:
    return term.args[0]


def _classify(data: SequenceData, equation: Any) -> None:
    lhs, rhs = equation.lhs, equation.rhs
    if has_terms(rhs) and not has_terms(lhs):
        lhs, rhs = rhs, lhs
    calls = [f for f in sp.preorder_traversal(equation) if getattr(f, "func", None) in (A, S)]
    indices = {_index(c) for c in calls}
    if any(not i.is_Integer for i in indices):
        if lhs.func == A and lhs.args[0].is_Symbol and not has_terms(rhs):
            data.general = rhs.subs(lhs.args[0], N)
        elif lhs.func == S and lhs.args[0].is_Symbol and not has_terms(rhs):
            data.sum_general = rhs.subs(lhs.args[0], N)
        else:
            data.recurrences.append(equation)
        return
    if getattr(lhs, "func", None) == A and not rhs.free_symbols and not has_terms(rhs):
        data.terms[int(lhs.args[0])] = rhs
    elif getattr(lhs, "func", None) == S and not rhs.free_symbols and not has_terms(rhs):
        data.sums[int(lhs.args[0])] = rhs
    else:
        data.relations.append(sp.Eq(lhs, rhs))


def read(problem: Problem) -> SequenceData:
    """Everything the question gives and asks about its sequence."""
    text = problem.text
    data = SequenceData()
    arithmetic, geometric = bool(ARITHMETIC.search(text)), bool(GEOMETRIC.search(text))
    if not (arithmetic or geometric):
        # d is the common difference, r the common ratio, when nothing else is said.
        letters = {s.name for s in problem.assignments} & {"d", "r"}
        arithmetic, geometric = letters == {"d"}, letters == {"r"}
    if arithmetic != geometric:
        data.kind = "arithmetic" if arithmetic else "geometric"
    facts = problem.sequence
    if facts is not None:
        for equation in facts.equations:
            _classify(data, equation)
        for expr in _asked_terms(facts.asked, text):
            if getattr(expr, "func", None) in (A, S) and len(expr.args) == 1:
                what = "term" if expr.func == A else "sum"
                index = expr.args[0]
                data.asked.append((what, index if index.is_Integer else N))
            else:
                data.asked.append(("expr", expr))
        data.listed = facts.listed
    data.first = _first_match(_FIRST, text)
    if data.first is None and 1 in data.terms:
        data.first = data.terms[1]
    step_patterns = (
        _DIFFERENCE if data.kind == "arithmetic" else _RATIO if data.kind == "geometric" else ()
    )
    data.step = _first_match(step_patterns, text) if step_patterns else None
    letter = {"arithmetic": sp.Symbol("d"), "geometric": sp.Symbol("r")}.get(data.kind or "")
    if data.step is None and letter in problem.assignments:
        data.step = problem.assignments[letter]
    if data.first is None and sp.Symbol("a") in problem.assignments and data.kind:
        data.first = problem.assignments[sp.Symbol("a")]
    _asked_words(data, text)
    data.positive_ratio = bool(POSITIVE_RATIO.search(text))
    return data


_NAMING = re.compile(r"[{(]\s*sq[ab]\(n\)\s*[})]|sq[ab]\(n\)\s*에서|sequence\s+sq[ab]\(n\)")


def _asked_terms(asked: list[Any], text: str) -> list[Any]:
    """The terms mentioned bare, without ``{a_n}``, which names the sequence."""
    if not _NAMING.search(text):
        return asked
    named = text.count("sqa(n)") + text.count("sqb(n)") - len(_NAMING.findall(text))
    return [e for e in asked if not (getattr(e, "func", None) == A and e.args == (N,)) or named > 0]


def _asked_words(data: SequenceData, text: str) -> None:
    for pattern in _SUM_ASKED:
        for found in pattern.finditer(text):
            data.asked.append(("sum", sp.Integer(found[1])))
    if _SUM_N_ASKED.search(text):
        data.asked.append(("sum", N))
    for pattern in _TERM_ASKED:
        for found in pattern.finditer(text):
            data.asked.append(("term", sp.Integer(found[1])))
    if _GENERAL_ASKED.search(text):
        data.asked.append(("term", N))
    for sign, pattern in _FIRST_SIGN:
        if pattern.search(text):
            data.asked.append(("first_sign", sp.Integer(sign)))
    value = _first_match(_WHICH, text)
    if value is not None:
        data.asked.append(("which", value))
    if _ASK_STEP.search(text) and data.step is None:
        data.asked.append(("step", None))
    if _ASK_FIRST.search(text) and data.first is None:
        data.asked.append(("first", None))
    data.asked = list(dict.fromkeys(data.asked))


def term_tex(what: str, index: Any) -> str:
    """``a_{10}``, ``S_n``."""
    letter = "a" if what == "term" else "S"
    return f"{letter}_{{{sp.latex(index)}}}"
