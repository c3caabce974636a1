"""Stage 2b: find the objects of a normalised question.

Structured pieces are cut out first (integral bounds, limit points, sums,
intervals, points, percentages), then the rest of the sentence is split into
stretches that look like formulas, which are parsed one by one. A stretch
that looks like a formula but cannot be read is kept in ``unparsed`` so the
engine asks about it instead of guessing.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .guards import TooLarge, check_text
from .notation import language_of, normalise
from .parse import BUILTIN_NAMES, ParseError, Relation, parse_expression, parse_relation
from .problem import Bounds, Definition, Formula, Limit, Problem, SumSpec
from .sequence_notation import TERM_FUNCTIONS, SequenceFacts, collect, cut_listed, rewrite_terms
from .structures import cut_objects

NUM = (
    r"[-+]?\s*(?:\d+(?:\.\d+)?|pi|oo|e|\(\d+(?:\.\d+)?\*pi/180\))"  # (30*pi/180) is 30°
    r"(?:\s*/\s*\d+)?(?:\s*\*?\s*pi)?(?:\s*/\s*\d+)?"
)
_B = r"\(?\s*(" + NUM + r")\s*\)?"

_INTEGRAL_BOUNDS = (
    re.compile(rf"∫\s*_\s*{_B}\s*\^\s*{_B}"),
    re.compile(rf"\bfrom\s+(?:[a-z]\s*=\s*)?({NUM})\s+to\s+(?:[a-z]\s*=\s*)?({NUM})"),
    re.compile(rf"\bbetween\s+(?:[a-z]\s*=\s*)?({NUM})\s+and\s+(?:[a-z]\s*=\s*)?({NUM})"),
    re.compile(rf"(?:[a-z]\s*=\s*)?({NUM})\s*(?:부터|에서)\s*(?:[a-z]\s*=\s*)?({NUM})\s*까지"),
)
_CLOSED_INTERVAL = re.compile(rf"\[\s*({NUM})\s*,\s*({NUM})\s*\]")
_OPEN_INTERVAL = re.compile(
    rf"(?:구간|interval|on|over|in|범위)\s*\(\s*({NUM})\s*,\s*({NUM})\s*\)|\(\s*({NUM})\s*,\s*({NUM})\s*\)\s*(?:에서|구간|사이)"
)
_HALF_OPEN = (
    (re.compile(rf"\[\s*({NUM})\s*,\s*({NUM})\s*\)"), (True, False)),
    (re.compile(rf"(?<![a-z0-9_')])\(\s*({NUM})\s*,\s*({NUM})\s*\]"), (False, True)),
)
_CHAIN = re.compile(rf"({NUM})\s*(<=|<)\s*(theta|[a-z])\s*(<=|<)\s*({NUM})(?![\d*/^a-z(])")
# ``(단, 0 <= x < 2pi)`` after an equation: a condition, cut out of the formula.
_WRAPPED_CHAIN = re.compile(
    rf"\(\s*(?:단\s*,?\s*)?({NUM})\s*(<=|<)\s*(theta|[a-z])\s*(<=|<)\s*({NUM})\s*\)"
)
_LIMIT = (
    re.compile(rf"lim\s*_?\s*\(?\s*([a-z])\s*->\s*({NUM})\s*(\^?\s*[+-])?\s*\)?"),
    re.compile(rf"\b([a-z])\s*->\s*({NUM})\s*(\^?\s*[+-](?![\d(a-z]))?"),
    re.compile(
        rf"\bas\s+([a-z])\s+(?:approaches|goes\s+to|tends\s+to|->)\s+({NUM})\s*(\^?\s*[+-](?![\d(a-z]))?"
    ),
    re.compile(
        rf"([a-z])\s*(?:가|이)\s*({NUM})\s*(\^?\s*[+-](?![\d(a-z]))?\s*(?:으로|로|에)\s*(?:갈|가까|다가|수렴|접근|한없이)"
    ),
)
_SUM = (
    re.compile(rf"Σ\s*_\s*\(?\s*([a-z])\s*=\s*({NUM})\s*\)?\s*\^\s*\(?\s*({NUM}|[a-z])\s*\)?"),
    re.compile(rf"\b([a-z])\s*=\s*({NUM})\s*(?:부터|to|에서)\s*({NUM}|[a-z])\s*(?:까지)?"),
    # Σ(k=1~10): the range written with a tilde
    re.compile(rf"Σ\s*\(\s*([a-z])\s*=\s*({NUM})\s*~\s*({NUM}|[a-z])\s*\)"),
)
_POINT = re.compile(rf"(?<![a-z0-9_')])\(\s*({NUM})\s*,\s*({NUM})\s*\)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|퍼센트|프로|percent)")
_RATIO = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)(?:\s*:\s*(\d+(?:\.\d+)?))?")
_QUADRANT = re.compile(
    r"제\s*([1-4])\s*사분면|\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quadrant|"
    r"\bquadrant\s+(iv|iii|ii|i|[1-4])\b"
)
_WITH_RESPECT = (
    re.compile(r"\bd/d([a-z])\b"),
    re.compile(r"\bwith\s+respect\s+to\s+([a-z])\b"),
    re.compile(r"(?<![a-z])([a-z])\s*에\s*(?:대해|대하여|관해|관하여)"),
    re.compile(r"\bsolve\s+for\s+([a-z])\b|\bfor\s+([a-z])\s*$"),
)
_DIFFERENTIAL = re.compile(r"(?<![a-z])d([a-z])(?![a-z(])")
_GLUED_CHAIN = re.compile(r"(?:(?:sin|cos|tan|sec|csc|cot|ln|log)(?:theta|[xyzt])?|theta|[xyzt])+")
_DEFINITION = re.compile(r"^\s*([a-hk-z])\s*\(\s*([a-z])\s*\)\s*=(?!=)")
_GLUED_FUNCTIONS = frozenset(["sin", "cos", "tan", "sec", "csc", "cot", "ln", "log", "exp", "sqrt"])
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINALS["4th"] = 4

_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+|<=|>=|!=|->|[+\-*/^=<>!(),'÷|.\[\]_]|\s+|.", re.S)
_OPERATORS = set("+-*/^=<>!÷") | {"<=", ">=", "!="}
_PROSE = frozenset(
    [
        "is",
        "if",
        "at",
        "in",
        "on",
        "by",
        "as",
        "to",
        "of",
        "or",
        "do",
        "be",
        "an",
        "me",
        "my",
        "it",
        "we",
        "so",
        "up",
        "no",
        "and",
        "the",
        "for",
        "its",
        "are",
        "was",
        "all",
        "any",
        "can",
        "how",
        "use",
        "get",
        "has",
        "let",
        "out",
        "per",
        "off",
        "tip",
        "new",
        "old",
        "now",
        "one",
        "two",
        "six",
        "ten",
        "st",
        "nd",
        "rd",
        "th",
    ]
)


def number(text: str) -> Any:
    """A bound or point written as a number (``-1``, ``pi/2``, ``oo``)."""
    return parse_expression(text.replace(" ", ""))


def _cut(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " ; " + text[match.end() :]


def _is_math_word(word: str, before: str, after: str) -> bool:
    glued_letter = bool(
        re.fullmatch(r"[\d)(+\-*/^=<>,]", before) or re.fullmatch(r"[(+\-*/^=<>'),]", after)
    )
    if word in ("a", "i"):  # the article and the pronoun, unless written into a formula
        return glued_letter
    if word in BUILTIN_NAMES or len(word) == 1:
        return True
    if word in _PROSE:
        return False
    glued = bool(re.fullmatch(r"[\d)(+\-*/^=<>]", before) or re.fullmatch(r"[(+\-*/^=<>']", after))
    if word[-1] in "xyzt" and word[:-1] in _GLUED_FUNCTIONS and word not in ("cost", "sect"):
        return True  # sinx, lnx (not the English words)
    if any(word == f + g for f in _GLUED_FUNCTIONS for g in ("theta", "alpha", "beta")):
        return True  # sintheta
    if _GLUED_CHAIN.fullmatch(word):
        # sinxcosx, or xcos in 2sin2xcos2x: two functions, or one glued to a formula.
        functions = len(re.findall(r"sin|cos|tan|sec|csc|cot|ln|log", word))
        if functions:
            return functions >= 2 or glued
    return glued and len(word) <= 3  # xy = 3: letters glued to an operator


def formula_runs(text: str) -> list[str]:
    """Stretches of ``text`` that may be formulas, in order."""
    tokens = _TOKEN.findall(text)
    runs: list[str] = []
    current: list[str] = []
    depth = 0

    def neighbour(index: int, step: int) -> str:
        index += step
        return tokens[index] if 0 <= index < len(tokens) else ""

    def letters_before_operator(index: int) -> bool:
        """``xy = 4``, ``a + b = 5``: variables with an operator after a space (never prose:
        the article ``a`` is not followed by ``+`` or ``=``)."""
        after = next((t for t in tokens[index + 1 :] if not t.isspace()), "")
        token = tokens[index]
        short = token in ("a", "b") or (len(token) == 2 and set(token) <= set("xyzab"))
        return short and after in ("=", "+", "*", "/", "^", "<", ">", "<=", ">=")

    def flush() -> None:
        nonlocal depth
        piece = "".join(current)
        if depth > 0:  # ``5/13 (A is obtuse)``: the bracket opened prose, not a formula
            piece = piece[: _first_unclosed(piece)]
        piece = piece.strip().strip("=,.").strip()
        if piece:
            runs.append(piece)
        current.clear()
        depth = 0

    for index, token in enumerate(tokens):
        if token.isspace():
            current.append(" ")
        elif token == "," and depth == 0:
            flush()
        elif token.isascii() and token.isalpha():
            # ``sin A``, ``cos a``: a letter after a function is its argument, not the article.
            argument = token in ("a", "i") and "".join(current).split()[-1:] in (
                [f] for f in _GLUED_FUNCTIONS
            )
            if (
                argument
                or _is_math_word(token, neighbour(index, -1)[-1:], neighbour(index, 1)[:1])
                or letters_before_operator(index)
            ):
                current.append(token)
            else:
                flush()
        elif token[0].isdigit() or token in _OPERATORS or token in "(),'|.[]_":
            depth += token in "(["
            depth -= token in ")]"
            if token == "." and not (neighbour(index, -1)[-1:].isdigit()):
                flush()
                continue
            current.append(token)
        else:
            flush()
    flush()
    return runs


def _first_unclosed(piece: str) -> int:
    """The index of the first ``(`` or ``[`` that is never closed in ``piece``."""
    opened: list[int] = []
    for index, char in enumerate(piece):
        if char in "([":
            opened.append(index)
        elif char in ")]" and opened:
            opened.pop()
    return opened[0] if opened else len(piece)


def _looks_like_formula(piece: str) -> bool:
    has_operator = any(op in piece for op in _OPERATORS) or "(" in piece
    glued = bool(re.search(r"\d[a-z]|[a-z]\d", piece))
    return (has_operator or glued) and bool(re.search(r"[0-9a-z]", piece))


def _cut_structures(text: str, problem: Problem) -> str:
    text = cut_objects(text, problem)  # points, vectors, P(...), distributions
    match = _QUADRANT.search(text)
    if match:
        if match[3]:  # quadrant III
            roman = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
            problem.quadrant = roman.get(match[3]) or int(match[3])
        else:
            problem.quadrant = int(match[1]) if match[1] else _ORDINALS[match[2]]
        text = _cut(text, match)
    for pattern in _SUM:
        found = pattern.search(text)
        if found and (pattern is _SUM[0] or "Σ" in text or "sum" in text or "합" in text):
            index = sp.Symbol("k" if found[1] == "i" else found[1])
            rest = text[found.end() :]
            body_run = next(iter(formula_runs(rest)), "")
            body_text = re.sub(r"\bi\b", "k", body_run) if found[1] == "i" else body_run
            upper = sp.Symbol(found[3]) if found[3].isalpha() and len(found[3]) == 1 else None
            if body_text:
                body = parse_expression(body_text, TERM_FUNCTIONS)
                problem.sums.append(
                    SumSpec(index, number(found[2]), upper or number(found[3]), body)
                )
                text = text[: found.start()] + " ; " + rest.replace(body_run, " ; ", 1)
            break
    for pattern in _LIMIT:
        found = pattern.search(text)
        if found:
            side = (found[3] or "").replace("^", "").strip()
            direction = side if side in "+-" and side else "+-"
            if re.search(r"오른쪽|우극한|from\s+the\s+right|right-hand", text):
                direction = "+"
            elif re.search(r"왼쪽|좌극한|from\s+the\s+left|left-hand", text):
                direction = "-"
            problem.limit = Limit(sp.Symbol(found[1]), number(found[2]), direction)
            text = _cut(text, found)
            break
    if "∫" in text or "integra" in text or "적분" in text:
        problem.integral_sign = "∫" in text
    for pattern in _INTEGRAL_BOUNDS:
        found = pattern.search(text)
        if found:
            problem.bounds = Bounds(number(found[1]), number(found[2]))
            text = _cut(text, found)
            break
    intervals = ((_CLOSED_INTERVAL, (True, True)), *_HALF_OPEN, (_OPEN_INTERVAL, (False, False)))
    for pattern, closed in intervals:
        found = pattern.search(text)
        if found and problem.bounds is None:
            low, high = [g for g in found.groups() if g is not None][:2]
            problem.bounds = Bounds(number(low), number(high), closed, explicit_interval=True)
            text = _cut(text, found)
    found = _WRAPPED_CHAIN.search(text)
    if found and problem.bounds is None:
        closed = (found[2] == "<=", found[4] == "<=")
        problem.bounds = Bounds(
            number(found[1]), number(found[5]), closed, sp.Symbol(found[3]), True
        )
        text = _cut(text, found)
    found = _CHAIN.search(text)
    if found and problem.bounds is None:
        closed = (found[2] == "<=", found[4] == "<=")
        problem.bounds = Bounds(
            number(found[1]), number(found[5]), closed, sp.Symbol(found[3]), True
        )
        if re.search(r"[0-9a-z)]\s*$", text[: found.start()]):
            text = _cut(text, found)  # ``sin2x = 1/2 0<x<pi``: glued to a formula, a condition
    for pattern in _WITH_RESPECT:
        found = pattern.search(text)
        if found:
            problem.variable = sp.Symbol(found[1] or found[2])
            if pattern is _WITH_RESPECT[0]:
                problem.derivative_marks += 1
                text = _cut(text, found)
    if "∫" in text or re.search(r"integra|적분|antiderivative|넓이|area", text):
        found = _DIFFERENTIAL.search(text)
        if found:
            problem.variable = problem.variable or sp.Symbol(found[1])
            text = _cut(text, found)
    text = text.replace("∫", " ; ")
    for found in _PERCENT.finditer(text):
        problem.percents.append(number(found[1]))
    text = _PERCENT.sub(" ; ", text)
    for found in _RATIO.finditer(text):
        problem.ratios.append(tuple(number(g) for g in found.groups() if g))
    text = _RATIO.sub(" ; ", text)
    for found in _POINT.finditer(text):
        problem.points.append((number(found[1]), number(found[2])))
    return _POINT.sub(" ; ", text)


def _add_run(problem: Problem, run: str, line: int, functions: dict[str, Any]) -> None:
    definition = _DEFINITION.match(run)
    if definition:
        name, var = definition[1], sp.Symbol(definition[2])
        body_text = run[definition.end() :]
        if not body_text.strip():
            return
        body = parse_expression(body_text, functions)
        problem.definitions[name] = Definition(name, var, body, run)
        functions[name] = sp.Lambda(var, body)
        functions[name + "p"] = sp.Lambda(var, sp.diff(body, var))
        functions[name + "pp"] = sp.Lambda(var, sp.diff(body, var, 2))
        return
    if re.fullmatch(r"\s*[a-z]\s*", run):
        return
    if re.fullmatch(r"\s*[-+]?\d+(?:\.\d+)?\s*", run):
        problem.numbers.append(number(run))
        return
    relation = parse_relation(run, functions)
    if _is_curve(relation):
        problem.curves.append(Definition("y", _curve_var(relation.rhs), relation.rhs, run))
        return
    if relation.is_equation and relation.lhs.is_Symbol and not relation.rhs.free_symbols:
        problem.assignments[relation.lhs] = relation.rhs
    problem.formulas.append(Formula(run, relation, line))


def _is_curve(relation: Relation) -> bool:
    return (
        relation.is_equation
        and relation.lhs == sp.Symbol("y")
        and sp.Symbol("y") not in relation.rhs.free_symbols
        and bool(relation.rhs.free_symbols)
    )


def _curve_var(body: Any) -> Any:
    symbols = sorted(body.free_symbols, key=str)
    x = sp.Symbol("x")
    return x if x in symbols or not symbols else symbols[0]


def extract(raw: str, lang: str | None = None) -> Problem:
    """Every object of the question ``raw``; raises TooLarge for hostile input."""
    check_text(raw)
    problem = Problem(raw=raw, lang=lang or language_of(raw), text=rewrite_terms(normalise(raw)))
    functions: dict[str, Any] = dict(TERM_FUNCTIONS)
    facts = SequenceFacts()
    lines = problem.text.split("\n")
    pending: list[tuple[str, int]] = []
    for line_number, line in enumerate(lines):
        try:
            rest = cut_listed(_cut_structures(line, problem), facts)
        except ParseError:
            problem.unparsed.append(line)
            continue
        pending.extend((run, line_number) for run in formula_runs(rest))
    # Definitions first, so that f(2) and f'(3) can use them wherever they are.
    pending.sort(key=lambda item: not _DEFINITION.match(item[0]))
    for run, line_number in pending:
        try:
            _add_run(problem, run, line_number, functions)
        except TooLarge:
            raise
        except ParseError:
            if _looks_like_formula(run):
                problem.unparsed.append(run)
    collect(problem, facts)
    problem.derivative_marks += len(re.findall(r"[a-z]'\s*\(|y'", problem.text))
    last = max((f.line for f in problem.formulas), default=-1)
    if problem.unparsed and last > 0:
        # A later clarification that parses replaces a formula that did not.
        problem.unparsed = [u for u in problem.unparsed if u not in lines[last]]
    return problem
