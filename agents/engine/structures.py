"""Stage 2a: the structured objects of geometry, vectors and probability.

They are cut out of the normalised text before anything else reads it, so
that no later stage mistakes them for formulas:

- distributions ``B(100, 1/5)``, ``N(50, 10^2)`` (or "평균 50, 표준편차 10인 정규분포");
- probabilities ``P(A) = 0.3``, ``P(A∩B)``, ``P(X <= 60)`` and moments ``E(2X+1)``;
- tuples: points and vectors ``(1, 2)``, ``A(1, -2)``, ``a = (1, 2, 3)``,
  ``<3, 4>``, ``(1, k)``; ``(±5, 0)`` is two points. A pair that reads as an
  open interval (``구간 (0, 1)``, ``(0, 1)에서``) is left for the interval reader.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .parse import ParseError, parse_expression
from .problem import Chance, Distribution, Moment, Problem, Tup

_BINOMIAL_WORDS = re.compile(
    r"이항|binomial|~|따르|follows|distribut|평균|분산|기댓값|표준\s*편차|mean|variance|expect|(?<![a-z])[pev]\s*\("
)
_NORMAL_WORDS = re.compile(
    r"정규|normal|~|따르|follows|distribut|(?<![a-z])p\s*\(|확률|probability"
)
_RANDOM_VARIABLE = re.compile(
    r"확률\s*변수|random\s+variable|기댓값|기대값|분산|표준\s*편차|expect|variance|standard\s+deviation|"
    r"이항|정규|binomial|normal"
)
_NUMBER = r"[-+]?\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?"
_MEAN = re.compile(rf"(?:평균|mean|μ|mu)\s*(?:이|은|는|=|:|of|is)?\s*({_NUMBER})")
_SD = re.compile(
    rf"(?:표준\s*편차|standard\s+deviation|Σ|sigma)\s*(?:가|이|은|는|=|:|of|is)?\s*({_NUMBER})"
)
_VARIANCE = re.compile(rf"(?:분산|variance)\s*(?:이|은|는|=|:|of|is)?\s*({_NUMBER})")
_TRIALS = re.compile(r"(?<![a-z])n\s*=\s*(\d+)")
_SUCCESS = re.compile(rf"(?<![a-z])p\s*=\s*({_NUMBER})")
_MOMENT = re.compile(r"(?<![a-z])(e|v|Σ|sigma|sd)\s*\(")
_CHANCE = re.compile(r"(?<![a-z])p\s*\(")
_VALUE_AFTER = re.compile(rf"\s*=\s*({_NUMBER})(?![\d/]|\.\d)")
_TUPLE_START = re.compile(r"[(<⟨]")
_LABEL = re.compile(
    r"(?:(?<![a-z])vec\s*\(\s*([a-z]{1,2})\s*\)|overrightarrow\s*\(\s*([a-z]{1,2})\s*\)|"
    r"(?<![a-z])([a-z])(?:\s*->)?)\s*(=\s*)?$"
)
_POINT_WORD = re.compile(r"(?:점|point|vector|벡터|좌표|coordinates?)\s*$")
_INTERVAL_BEFORE = re.compile(r"(?:구간|interval|\bon|\bover|\bin|범위)\s*$")
_INTERVAL_AFTER = re.compile(r"\s*(?:에서|구간)")
_BETWEEN_AFTER = re.compile(r"\s*사이")
_CLOSERS = {"(": ")", "<": ">", "⟨": "⟩"}


def _closing(text: str, start: int) -> int:
    """Index of the bracket closing the one at ``start`` (-1 if none nearby)."""
    if text[start] != "(":
        end = text.find(_CLOSERS[text[start]], start, start + 60)
        inner = text[start + 1 : end] if end > 0 else "<"
        return end if not re.search(r"[<>⟨=]", inner) else -1
    depth = 0
    for index in range(start, min(len(text), start + 80)):
        depth += text[index] == "("
        depth -= text[index] == ")"
        if depth == 0:
            return index
    return -1


def _top_level_split(content: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in content:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts]


def _component(text: str) -> Any:
    if not text or len(text) > 30 or not re.fullmatch(r"[0-9a-z+\-*/^().\s√]+", text):
        raise ParseError(text)
    value = parse_expression(text)
    if value.free_symbols - {sp.Symbol(n) for n in "abcdkmnpqrst"} or value.has(sp.zoo, sp.nan):
        raise ParseError(text)  # (x, y) is a generic point, not an object
    return value


def _components(content: str) -> list[tuple[Any, ...]] | None:
    """The tuples written by ``content`` (two for one ``±``), or None."""
    parts = _top_level_split(content)
    if len(parts) not in (2, 3):
        return None
    signed = [i for i, p in enumerate(parts) if p.startswith("±")]
    if len(signed) > 1:
        return None
    try:
        if not signed:
            return [tuple(_component(p) for p in parts)]
        i = signed[0]
        plus = [_component(p[1:] if k == i else p) for k, p in enumerate(parts)]
        minus = [(-c if k == i else c) for k, c in enumerate(plus)]
        return [tuple(plus), tuple(minus)]
    except (ParseError, ValueError, TypeError):
        return None


def _cut(text: str, start: int, end: int) -> str:
    return text[:start] + " ; " + text[end:]


def _cut_distribution(text: str, problem: Problem) -> str:
    for match in re.finditer(r"(?<![a-z])([bn])\s*\(", text):
        words = _BINOMIAL_WORDS if match[1] == "b" else _NORMAL_WORDS
        if not words.search(text):
            continue
        close = _closing(text, match.end() - 1)
        parts = _top_level_split(text[match.end() : close]) if close > 0 else []
        if len(parts) != 2:
            continue
        try:
            first, second = (parse_expression(p) for p in parts)
        except ParseError:
            continue
        if first.free_symbols or second.free_symbols:
            continue
        kind = "binomial" if match[1] == "b" else "normal"
        problem.distribution = Distribution(kind, first, second)
        return _cut(text, match.start(), close + 1)
    if re.search(r"정규\s*분포|normal(?:ly)?\s+distribut", text):
        mean, sd, variance = _MEAN.search(text), _SD.search(text), _VARIANCE.search(text)
        if mean and (sd or variance):
            spread = parse_expression(sd[1]) ** 2 if sd else parse_expression(variance[1])  # type: ignore[index]
            problem.distribution = Distribution("normal", parse_expression(mean[1]), spread)
    elif re.search(r"이항\s*분포|binomial", text):
        trials, success = _TRIALS.search(text), _SUCCESS.search(text)
        if trials and success:
            problem.distribution = Distribution(
                "binomial", parse_expression(trials[1]), parse_expression(success[1])
            )
    return text


def _call_at(text: str, index: int, moments_allowed: bool) -> tuple[int, Any] | None:
    """The end and the object of a ``P(...)`` or moment call starting at ``index``."""
    if index and text[index - 1].isascii() and text[index - 1].isalpha():
        return None
    chance = _CHANCE.match(text, index)
    moment = _MOMENT.match(text, index) if moments_allowed else None
    found = chance or moment
    if found is None:
        return None
    close = _closing(text, found.end() - 1)
    inner = text[found.end() : close] if close > 0 else ""
    if not inner.strip() or "," in inner:
        return None
    value_match = _VALUE_AFTER.match(text, close + 1)
    value = parse_expression(value_match[1]) if value_match else None
    end = value_match.end() if value_match else close + 1
    if chance:
        if not _is_event(inner, text):
            # P(exactly 2 white): the event in words, for the dice, coin and urn readers
            return (close + 1, f" probability {inner} ") if re.search(r"[a-z]{3,}", inner) else None
        return end, Chance(re.sub(r"\s+", "", inner), value)
    assert moment is not None
    try:
        expr = parse_expression(inner)
    except ParseError:
        return None
    if expr.free_symbols != {sp.Symbol("x")} or not expr.is_polynomial() or sp.degree(expr) != 1:
        return None
    return end, Moment({"e": "E", "v": "V"}.get(moment[1], "SD"), expr, value)


def _cut_calls(text: str, problem: Problem) -> str:
    """``P(...)`` (with ``= value`` when given) and ``E(...)``, ``V(...)``, ``σ(...)``."""
    moments_allowed = bool(
        _RANDOM_VARIABLE.search(text) or re.search(r"\b[EV]\s*\(\s*[^()]*X", problem.raw)
    )
    out: list[str] = []
    index = 0
    while index < len(text):
        call = _call_at(text, index, moments_allowed) if text[index] in "pevsΣ" else None
        if call is None:
            out.append(text[index])
            index += 1
            continue
        end, found = call
        if isinstance(found, str):
            out.append(found)
        else:
            (problem.chances if isinstance(found, Chance) else problem.moments).append(found)
            out.append(" ; ")
        index = end
    return "".join(out)


def _is_event(inner: str, text: str) -> bool:
    """``A∩B``, ``B|A``, ``A^c`` or ``X <= 60``; not ``P(x)`` (a polynomial) or ``P(1)``."""
    squeezed = re.sub(r"\s+", "", inner)
    if re.search(r"[xz]", squeezed) and re.search(r"[<>=]", squeezed):
        return True
    if re.search(r"(?<![a-z])p\s*\(\s*x\s*\)", text):
        return False
    words = re.sub(r"given|and|or|not|bar|overline", " ", squeezed)
    return bool(re.fullmatch(r"[a-d\s∩∪|^'()c]+", words)) and bool(re.search(r"[abd]", words))


def _looks_like_interval(text: str, start: int, end: int, labelled: bool, others: int) -> bool:
    if labelled or _POINT_WORD.search(text[max(0, start - 12) : start]):
        return False
    if _INTERVAL_BEFORE.search(text[max(0, start - 12) : start]):
        return True
    after = text[end + 1 : end + 8]
    return bool(_INTERVAL_AFTER.match(after)) or (bool(_BETWEEN_AFTER.match(after)) and not others)


def _candidates(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _TUPLE_START.finditer(text):
        start = match.start()
        before = text[start - 1] if start else ""
        if text[start] == "(" and re.fullmatch(r"[0-9_')]", before):
            continue
        two_letters = start >= 2 and text[start - 2].isascii() and text[start - 2].isalpha()
        if text[start] == "(" and before.isascii() and before.isalpha() and two_letters:
            continue  # a label (A(1, 2)) is one letter; gcd(12, 18) or log(8, 2) is not
        close = _closing(text, start)
        if close > 0 and "," in text[start:close]:
            found.append((start, close))
    return found


def _cut_tuples(text: str, problem: Problem) -> str:
    candidates = _candidates(text)
    pieces: list[tuple[int, int]] = []
    for start, close in candidates:
        read = _components(text[start + 1 : close])
        if read is None:
            continue
        window = max(0, start - 24)
        label_match = _LABEL.search(text[window:start])
        label, label_start = "", start
        if label_match:
            label = label_match[1] or label_match[2] or label_match[3] or ""
            label_start = window + label_match.start()
        numeric = all(not c.free_symbols for c in read[0])
        if (
            len(read[0]) == 2
            and numeric
            and len(read) == 1
            and _looks_like_interval(text, start, close, bool(label), len(candidates) - 1)
        ):
            continue
        capital = label and re.search(rf"(?<![A-Za-z]){label.upper()}\s*=?\s*\(", problem.raw)
        point = bool(label) and bool(
            capital or re.search(r"점\s*[a-z]\s*=?\s*$", text[window:start])
        )
        for coords in read:
            problem.tuples.append(Tup(label, coords, start, point))
            if len(coords) == 2 and numeric:
                problem.points.append(coords)
        pieces.append((label_start, close + 1))
    for start, end in reversed(pieces):
        text = _cut(text, start, end)
    return text


def cut_objects(text: str, problem: Problem) -> str:
    """Record the distributions, probabilities, moments and tuples of ``text``; cut them out."""
    text = re.sub("[\u20d0-\u20ff]", "", text)  # a⃗: the combining arrow
    text = re.sub(r"(\d)\s*-\s*(digit|자리)", r"\1 \2", text)  # 3-digit
    text = re.sub(r"(?<![a-z])vec\s*\(\s*([a-z])\s*\)", r" \1 ", text)
    # OA = (1, 2): the position vector of the point A
    text = re.sub(
        r"(?:overrightarrow\s*\(\s*|벡터\s*|vector\s+)o([a-z])\s*\)?\s*=", r" 점 \1 =", text
    )
    text = re.sub(r"overrightarrow\s*\(\s*([a-z]{2})\s*\)", r" 벡터 \1 ", text)
    # |a| = |b| = 1: two equations
    text = re.sub(r"(abs\([a-z]\))\s*=\s*(abs\([a-z]\))\s*=\s*([\w./()]+)", r"\1=\3, \2=\3", text)
    if problem.distribution is None:
        text = _cut_distribution(text, problem)
    text = _cut_tuples(_cut_calls(text, problem), problem)
    if any(len(t.label) == 1 for t in problem.tuples):
        # a · b, 2a - b: with named vectors, a lone "a" next to an operator is a vector
        text = re.sub(r"(?<![a-z])([a-z])\s+(?=[*+\-^])", r"\1", text)
        text = re.sub(r"([*+\-])\s+(?=[a-z0-9(](?![a-z]))", r"\1", text)
    return text
