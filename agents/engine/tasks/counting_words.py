"""How counting questions are worded: the numbers (digits or words such as
``세 명``, ``five books``), which number is the pool and which the number
taken, digits to form numbers from, letters to arrange, and two groups that
must (not) stand together."""

from __future__ import annotations

import re
from typing import Any

from .. import cues
from ..problem import Problem

ARRANGED = cues.cue(
    r"일렬|한\s*줄|세우|앉|나열|배열|순서|arrange|line\s+up|in\s+a\s+(?:row|line)|stand|sit|seat|order|permutation"
)
CIRCULAR = cues.cue(
    r"원형|원탁|둥글게|원\s*모양|둘러\s*앉|circular|round\s+(?:a\s+)?table|in\s+a\s+circle|around\s+a\s+(?:round\s+)?table|원순열"
)
REPEAT = cues.cue(
    r"중복을?\s*허락|중복\s*허용|중복을?\s*허용|중복\s*가능|중복해서|중복순열|중복조합|with\s+repetition|"
    r"repetitions?\s+(?:is\s+|are\s+)?allowed|(?:can|may)\s+be\s+(?:repeated|used\s+more\s+than\s+once)|repeats?\s+allowed|"
    r"여러\s*번\s*(?:사용|써|쓸|쓰)|반복해서\s*(?:사용|써)|중복\s*사용"
)
DISTINCT = cues.cue(
    r"서로\s*다른\s*(?:\d+\s*개의\s*)?숫자|한\s*번씩만|중복\s*없이|중복되지\s*않|중복을?\s*허락하지\s*않|without\s+repetition|"
    r"distinct\s+digits|different\s+digits|no\s+(?:digit\s+is\s+)?repeat|each\s+digit\s+(?:is\s+used\s+)?(?:at\s+most\s+)?once|not\s+repeated"
)
CONDITION = cues.cue(
    r"이웃|인접|adjacent|next\s+to|together|붙어|양\s*끝|맨\s*(?:앞|뒤|끝)|at\s+(?:the\s+)?(?:ends?|front|back)|"
    r"반드시|must|적어도|at\s+least|at\s+most|포함|includ|제외|exclud|않|없|특정|끼리|사이에|between|except|unless|\bnot\b"
)
NUMBER_FORMING = cues.cue(
    r"(?:\d+|한|두|세|네|다섯|여섯)\s*자리(?:의)?\s*(?:자연수|정수|수|숫자|비밀번호)|\b\w+-digit\s+(?:numbers?|integers?|codes?)|\b\w+\s+digit\s+(?:numbers|integers)"
)
_WORDS_KO = {
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}
_WORDS_EN = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_COUNTER_KO = r"(?:명|개|권|장|자리|사람|마리|가지|송이|켤레|대|곳|쌍|종류)"
_NOUN_EN = (
    r"(?:\w+\s+)?(?:people|persons|students|books|boys|girls|letters|digits|balls|friends|children|cards|objects|"
    r"items|members|men|women|things|colou?rs|flags|chairs|seats|players|candidates|dishes|songs|pens|toys|shirts)"
)
_NUMBER_WORD = re.compile(
    rf"(?<![가-힣])({'|'.join(_WORDS_KO)})\s*{_COUNTER_KO}|\b({'|'.join(_WORDS_EN)})\s+{_NOUN_EN}\b"
)
_DIGITS = re.compile(r"(?<![\d.,/])(\d+)(?![\d.]|\s*/)")
_SOURCE_AFTER = re.compile(r"^\s*\S{0,12}?\s*(?:\S+\s*)?(?:에서|중에서|중\b|중에|가운데)")
_SOURCE_BEFORE = re.compile(r"(?:from|of|out\s+of|among)\s+(?:the\s+)?$")
_GROUPS = (
    r"남학생|남자|남성|boys?|men|male",
    r"여학생|여자|여성|girls?|women|female",
)
_TOGETHER = re.compile(
    r"끼리\s*(?:서로\s*|모두\s*)?이웃하(?:도록|게|는|여)|이웃하도록|이웃하게|끼리\s*붙어|붙어\s*(?:서|있)|adjacent|next\s+to\s+each\s+other|together|side\s+by\s+side"
)
_APART = re.compile(
    r"이웃하지\s*않|끼리는?\s*이웃하지|not\s+(?:be\s+|stand\s+|sit\s+)?(?:adjacent|next\s+to|together)|no\s+two\s+\w+\s+(?:are\s+|sit\s+|stand\s+)?(?:adjacent|next|together)"
)


PLACING = cues.cue(
    r"(?:상자|우체통|주머니|바구니|방|boxes|bins|mailboxes|rooms|명에게|사람에게)[^.?]{0,30}(?:넣|나누어|배정|들어가)|"
    r"(?:put|place|distribute|drop|post)\w*(?:\s+[^.?]{0,40})?\s+(?:into|in|among)\s+[^.?]{0,20}(?:boxes|bins|mailboxes|rooms)"
)
_BOX = (
    r"(?:상자|우체통|주머니|바구니|방|boxes|bins|mailboxes|rooms|"
    r"명에게|사람에게|people|children|students)"
)


def boxes_and_objects(problem: Problem) -> tuple[int, int, bool] | None:
    """``서로 다른 3개의 우체통에 5통의 편지를``: (3 boxes, 5 objects, objects identical?).

    Objects are distinct unless called identical (``같은 공``, ``identical balls``).
    """
    text = problem.text
    placed = _numbers_with_places(text)
    if len(placed) != 2:
        return None
    box = None
    for value, place in placed:
        near = text[place : place + 16]
        before = text[max(0, place - 14) : place]
        if re.match(rf"\d+\s*(?:개의?)?\s*(?:서로\s*다른\s*)?{_BOX}", near) or re.search(
            rf"{_BOX}\s*$", before
        ):
            box = value
    if box is None:
        return None
    objects = next(v for v, _ in placed if v != box) if placed[0][0] != placed[1][0] else box
    identical = bool(
        re.search(
            r"같은\s*(?:종류의\s*)?(?:공|사탕|구슬|물건|연필|것)|똑같은|identical|indistinguishable|alike",
            text,
        )
    )
    return box, objects, identical


def has_condition(text: str) -> bool:
    """A condition besides "with / without repetition" ("이웃하도록", "at least one")."""
    return bool(CONDITION.search(DISTINCT.sub(" ", REPEAT.sub(" ", text))))


def counted_numbers(problem: Problem) -> list[int]:
    """The counts written in the question, in order (digits and number words)."""
    return [value for value, _ in _numbers_with_places(problem.text)]


def _numbers_with_places(text: str) -> list[tuple[int, int]]:
    found = [(int(m[1]), m.start()) for m in _DIGITS.finditer(text)]
    for match in _NUMBER_WORD.finditer(text):
        word = match[1] or match[2]
        found.append((_WORDS_KO.get(word) or _WORDS_EN[word], match.start()))
    return sorted(found, key=lambda item: item[1])


def source_and_taken(problem: Problem, numbers: list[int]) -> tuple[int, int] | None:
    """``(n, r)``: the pool ("4개에서", "from 4") and how many are taken."""
    placed = _numbers_with_places(problem.text)
    if len(placed) != 2:
        return None
    text = problem.text
    sources = []
    for index, (value, place) in enumerate(placed):
        end = placed[index + 1][1] if index + 1 < len(placed) else len(text)
        between = text[place:end]
        if _SOURCE_AFTER.search(between[len(str(value)) :]) or _SOURCE_BEFORE.search(
            text[max(0, place - 12) : place]
        ):
            sources.append(index)
    if len(sources) == 1:
        (source,) = sources
        return placed[source][0], placed[1 - source][0]
    if not sources and re.search(r"[가-힣]", text):
        return placed[0][0], placed[1][0]  # "4개의 문자 … 3개를": the pool comes first
    return None


_ROLES = re.compile(
    r"부회장|회장|부반장|반장|총무|서기|회계|부대표|대표|주장|부주장|"
    r"vice[- ]?president|president|secretary|treasurer|vice[- ]?captain|captain"
)


def roles(text: str) -> int:
    """How many different offices are filled (회장, 부회장, 총무 → 3), 0 if none."""
    return len(set(_ROLES.findall(text)))


def digit_count(text: str) -> int | None:
    match = re.search(r"(\d+|한|두|세|네|다섯|여섯)\s*자리", text)
    if match:
        return int(match[1]) if match[1].isdigit() else _WORDS_KO[match[1]]
    match = re.search(rf"\b(\d+|{'|'.join(_WORDS_EN)})[-\s]digit", text)
    if match:
        return int(match[1]) if match[1].isdigit() else _WORDS_EN[match[1]]
    return None


def digits_listed(problem: Problem) -> list[int] | None:
    """``1, 2, 3, 4, 5`` or ``0부터 4까지`` / ``0 to 4``: the digits to use."""
    match = re.search(r"(?<![\d.])(\d(?:\s*,\s*\d){1,9})(?![\d.])", problem.text)
    if match:
        digits = [int(d) for d in re.findall(r"\d", match[1])]
        return digits if len(set(digits)) == len(digits) else None
    match = re.search(
        r"(?<!\d)(\d)\s*(?:부터|에서|~|-|to|through)\s*(\d)\s*(?:까지)?", problem.text
    )
    if match and int(match[1]) < int(match[2]):
        return list(range(int(match[1]), int(match[2]) + 1))
    return None


def letters_to_arrange(problem: Problem) -> list[str] | None:
    """The letters of ``MISSISSIPPI`` / ``BANANA`` or of a list ``a, a, b, c``, all arranged."""
    if not re.search(r"문자|글자|letters|배열|나열|arrange|일렬|순서", problem.text):
        return None
    word = re.findall(r"(?<![A-Za-z])([A-Z]{3,12})(?![A-Za-z])", problem.raw)
    if len(word) == 1:
        return list(word[0])
    listed = re.search(
        r"(?<![A-Za-z])([A-Za-z](?:\s*,\s*[A-Za-z]){2,11})(?![A-Za-z(])", problem.raw
    )
    if listed:
        letters = re.findall(r"[A-Za-z]", listed[1])
        if len(set(letters)) < len(letters):
            return letters
    digits = re.search(r"(?<![\d.])(\d(?:\s*,\s*\d){2,11})(?![\d.])", problem.text)
    if digits and not NUMBER_FORMING.search(problem.text):
        listed_digits = re.findall(r"\d", digits[1])
        if len(set(listed_digits)) < len(listed_digits):
            return listed_digits
    return None


def adjacency(problem: Problem) -> dict[str, Any] | None:
    """Two groups in a row (``남학생 3명, 여학생 2명``) with one group together or apart;
    or two named people (``A, B``) among n who stand next to each other (or not)."""
    text = problem.text
    together, apart = _TOGETHER.search(text), _APART.search(text)
    if (
        not (together or apart)
        or CIRCULAR.search(text)
        or not re.search(r"일렬|한\s*줄|줄을|row|line", text)
    ):
        return None
    named = re.search(
        r"(?<![A-Za-z])([A-Z])\s*(?:와|과|,|and|&)\s*([A-Z])(?![A-Za-z])", problem.raw
    )
    total = counted_numbers(problem)
    if (
        named
        and len(total) == 1
        and total[0] >= 2
        and not re.search(_GROUPS[0] + "|" + _GROUPS[1], text)
    ):
        return {"group": 2, "others": total[0] - 2, "together": not apart}
    sizes = []
    for words in _GROUPS:
        match = re.search(
            rf"(?:{words})\s*(\d+)\s*명|(\d+)\s*명?\s*(?:의\s*)?(?:{words})|\b(\w+)\s+(?:{words})\b",
            text,
        )
        if not match:
            return None
        raw = match[1] or match[2] or match[3]
        value = int(raw) if raw.isdigit() else _WORDS_EN.get(raw)
        if value is None:
            return None
        sizes.append(value)
    cue = (apart or together).start()  # type: ignore[union-attr]
    before = text[:cue]
    last = [max((m.end() for m in re.finditer(words, before)), default=-1) for words in _GROUPS]
    if last[0] == last[1]:
        return None
    constrained = 0 if last[0] > last[1] else 1
    group, others = sizes[constrained], sizes[1 - constrained]
    if group < 2:
        return None
    return {"group": group, "others": others, "together": not apart}
