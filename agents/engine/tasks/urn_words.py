"""How bag-of-balls questions are worded: the balls by colour, how many are
drawn and whether they go back, and the event (both white, one of each, at
least one red, the same colour…)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .dice_words import _COUNT, _number

_COLOURS = {
    "white": r"흰색|흰|하얀색|하얀|백색|white",
    "black": r"검은색|검은|까만색|까만|검정색|검정|흑색|black",
    "red": r"빨간색|빨간|붉은|빨강|적색|red",
    "blue": r"파란색|파란|파랑|푸른|청색|blue",
    "yellow": r"노란색|노란|노랑|황색|yellow",
    "green": r"초록색|초록|녹색|green",
}
_KO_NAMES = {
    "white": "흰",
    "black": "검은",
    "red": "빨간",
    "blue": "파란",
    "yellow": "노란",
    "green": "초록",
}
_THING = r"(?:\s*(?:공|구슬|바둑돌|balls?|marbles?|counters?|chips?))"


@dataclass(frozen=True)
class UrnEvent:
    colours: dict[str, int]
    draws: int
    replace: bool
    test: Callable[[dict[str, int]], bool]

    def accepts(self, counts: dict[str, int]) -> bool:
        return self.test(counts)

    def describe(self, lang: str) -> str:
        if lang == "ko":
            return ", ".join(f"{_KO_NAMES[c]} 공 {k}개" for c, k in self.colours.items())
        return ", ".join(f"{k} {c}" for c, k in self.colours.items())


def _colour_at(text: str) -> str | None:
    for name, words in _COLOURS.items():
        if re.match(rf"(?:{words})", text):
            return name
    return None


def _contents(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for name, words in _COLOURS.items():
        ko = re.search(rf"(?:{words}){_THING}?\s*{_COUNT}\s*개", text)
        en = re.search(rf"\b{_COUNT}\s+(?:{words})\b", text)
        match = ko or en
        if match:
            value = _number(match[1])
            if value:
                found[name] = value
    return found


_DRAW = re.compile(
    rf"{_COUNT}\s*개(?:의{_THING})?\s*(?:를|을)?\s*(?:동시에|차례로|임의로|한\s*개씩|연속으로|꺼내어|\s)*\s*(?:꺼내|꺼낼|뽑|택|고르)|"
    rf"(?:동시에|임의로|차례로)\s*{_COUNT}\s*개|"
    rf"\b(?:draws?|picks?|chooses?|selects?|takes?|removes?)\s+(?:out\s+)?(?:at\s+random\s+)?{_COUNT}\b|"
    rf"\b{_COUNT}\s+(?:balls?\s+|marbles?\s+)?(?:(?:are|is)\s+)?(?:drawn|picked|chosen|selected|taken)"
)


def urn(text: str) -> UrnEvent | str | None:
    """The urn and its event; a template key (``ask_event``…) to ask; None if not an urn."""
    if not re.search(rf"주머니|상자|bag|box|urn|jar|{_THING}", text):
        return None
    draw = _DRAW.search(text)
    contents = _contents(text[: draw.start()] if draw else text)
    if len(contents) < 2:
        return None if not contents else "ask_bag"
    if draw is None:
        return "ask_draws"
    counts = [_number(next(g for g in d.groups() if g)) for d in _DRAW.finditer(text)]
    if not counts or any(c is None for c in counts):
        return "ask_draws"
    draws = sum(c for c in counts if c)  # "한 개를 꺼내 … 또 한 개를 꺼낼": two draws
    draw = list(_DRAW.finditer(text))[-1]
    times = re.search(
        rf"{_COUNT}\s*번\s*(?:모두|다|연속)|\b{_COUNT}\s+times\b|\bboth\s+times\b", text
    )
    if times and (_number(next((g for g in times.groups() if g), "two")) or 2) != draws:
        return "ask_draws"
    replace = bool(
        re.search(
            r"다시\s*넣|넣은\s*후|되돌려|with\s+replacement|replaced|put\s+(?:it\s+)?back|returned",
            text,
        )
    ) and not re.search(r"넣지\s*않|without\s+replacement|not\s+replaced|not\s+put\s+back", text)
    test = _event(text[draw.end() :], contents, draws)
    if test is None:
        return "ask_event"
    return UrnEvent(contents, draws, replace, test)


def _event(
    rest: str, contents: dict[str, int], draws: int
) -> Callable[[dict[str, int]], bool] | None:
    if re.search(r"첫\s*번째|두\s*번째|first|second|순서대로", rest):
        return None  # an ordered event: not read here
    if re.search(r"같은\s*색|same\s+colou?r", rest):
        return lambda c: len([k for k in c.values() if k]) == 1
    if re.search(r"서로\s*다른\s*색|다른\s*색|different\s+colou?rs", rest):
        return lambda c: all(k <= 1 for k in c.values())
    mentioned = [
        (m.start(), _colour_at(rest[m.start() :]))
        for m in re.finditer("|".join(_COLOURS.values()), rest)
    ]
    colours = [name for _, name in mentioned if name]
    if not colours:
        return None
    first = colours[0]
    if re.search(r"모두|모든|\ball\b|\bboth\b|둘\s*다", rest) and len(set(colours)) == 1:
        return lambda c: c.get(first, 0) == draws
    least = re.search(rf"적어도\s*{_COUNT}\s*개|at\s+least\s+{_COUNT}", rest)
    if least and len(set(colours)) == 1:
        k = _number(next(g for g in least.groups() if g))
        return (lambda c: c.get(first, 0) >= k) if k else None
    exact: dict[str, int] = {}
    for name, words in _COLOURS.items():
        ko = re.search(rf"(?:{words}){_THING}?\s*(?:이|가)?\s*{_COUNT}\s*개", rest)
        en = re.search(rf"\b(?:exactly\s+)?{_COUNT}\s+(?:is\s+|are\s+)?(?:{words})\b", rest)
        match = ko or en
        if match:
            value = _number(match[1])
            if value is None:
                return None
            exact[name] = value
    if exact:
        if sum(exact.values()) > draws:
            return None
        return lambda c: all(c.get(name, 0) == k for name, k in exact.items())
    if draws == 1 and len(set(colours)) == 1:
        return lambda c: c.get(first, 0) == 1
    return None
