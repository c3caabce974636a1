"""How dice and coin questions are worded: how many dice (or rolls) and coins,
and the event (a sum of 7, a product that is even, doubles, at least one six,
exactly two heads…). A wording not read here gives None, never a guess."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

_SMALL = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6,
    "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twice": 2, "once": 1, "pair": 2,
}  # fmt: skip
_COUNT = (
    r"(\d+|한|하나|두|둘|세|셋|네|넷|다섯|여섯|일곱|여덟|아홉|열|"
    r"an?|one|two|three|four|five|six|seven|eight|nine|ten|twice|once)"
)
_PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23}


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else _SMALL.get(word)


@dataclass(frozen=True)
class DiceEvent:
    """An event on the faces; ``quantity``: sum, product, difference, face, same, distinct."""

    quantity: str
    test: Callable[[int], bool]
    wording: tuple[str, str]  # ko, en
    mode: str = "value"  # value; any (at least one face passes); all; none

    def holds(self, faces: tuple[int, ...]) -> bool:
        if self.quantity == "same":
            return len(set(faces)) == 1
        if self.quantity == "distinct":
            return len(set(faces)) == len(faces)
        if self.quantity == "face":
            passing = [self.test(f) for f in faces]
            if self.mode == "any":
                return any(passing)
            if self.mode == "none":
                return not any(passing)
            return all(passing)
        if self.quantity == "sum":
            return self.test(sum(faces))
        if self.quantity == "product":
            return self.test(math.prod(faces))
        return self.test(abs(faces[0] - faces[-1]))

    def describe(self, lang: str) -> str:
        return self.wording[0 if lang == "ko" else 1]


@dataclass(frozen=True)
class CoinEvent:
    test: Callable[[int], bool]  # on the number of heads

    def accepts(self, heads: int) -> bool:
        return self.test(heads)


def _comparison(text: str) -> tuple[Callable[[int], bool], str, str] | None:
    """The condition on a number written at the start of ``text`` (Korean or English)."""
    t = text.strip()
    rules: list[tuple[str, Callable[[re.Match[str]], tuple[Callable[[int], bool], str, str]]]] = [
        (r"^(?:이|가|은|는)?\s*(\d+)\s*의\s*배수|^(?:is\s+)?(?:a\s+)?multiple\s+of\s+(\d+)",
         lambda g: ((lambda v, k=_g(g): v % k == 0), f"{_g(g)}의 배수", f"a multiple of {_g(g)}")),
        (r"^(?:이|가|은|는)?\s*(\d+)\s*의\s*약수|^(?:is\s+)?(?:a\s+)?(?:divisor|factor)\s+of\s+(\d+)",
         lambda g: ((lambda v, k=_g(g): k % v == 0), f"{_g(g)}의 약수", f"a divisor of {_g(g)}")),
        (r"^(?:이|가|은|는)?\s*(\d+)\s*이상|^(?:is\s+)?(?:at\s+least|no\s+less\s+than|greater\s+than\s+or\s+equal\s+to)\s+(\d+)",
         lambda g: ((lambda v, k=_g(g): v >= k), f"{_g(g)} 이상", f"at least {_g(g)}")),
        (r"^(?:이|가|은|는)?\s*(\d+)\s*이하|^(?:is\s+)?(?:at\s+most|no\s+more\s+than|less\s+than\s+or\s+equal\s+to)\s+(\d+)",
         lambda g: ((lambda v, k=_g(g): v <= k), f"{_g(g)} 이하", f"at most {_g(g)}")),
        (r"^(?:이|가|은|는)?\s*(\d+)\s*(?:초과|보다\s*큰|보다\s*크)|^(?:is\s+)?(?:greater|more|bigger|larger)\s+than\s+(\d+)|^(?:is\s+)?over\s+(\d+)",
         lambda g: ((lambda v, k=_g(g): v > k), f"{_g(g)}보다 큼", f"greater than {_g(g)}")),
        (r"^(?:이|가|은|는)?\s*(\d+)\s*(?:미만|보다\s*작은|보다\s*작)|^(?:is\s+)?(?:less|smaller|fewer)\s+than\s+(\d+)|^(?:is\s+)?under\s+(\d+)",
         lambda g: ((lambda v, k=_g(g): v < k), f"{_g(g)}보다 작음", f"less than {_g(g)}")),
        (r"^(?:이|가|은|는)?\s*(\d+)\s*(?:또는|이나|or)\s*(\d+)|^(?:is\s+|of\s+)?(\d+)\s+or\s+(\d+)",
         lambda g: _either(g)),
        (r"^(?:이|가|은|는)?\s*짝수|^(?:is\s+)?(?:an?\s+)?even",
         lambda g: ((lambda v: v % 2 == 0), "짝수", "even")),
        (r"^(?:이|가|은|는)?\s*홀수|^(?:is\s+)?(?:an?\s+)?odd",
         lambda g: ((lambda v: v % 2 == 1), "홀수", "odd")),
        (r"^(?:이|가|은|는)?\s*소수|^(?:is\s+)?(?:a\s+)?prime",
         lambda g: ((lambda v: v in _PRIMES), "소수", "a prime")),
        (r"^(?:이|가|은|는)?\s*(\d+)\s*(?:일|인|이\s*되|가\s*되|이\s*나|가\s*나|$|[,?.]|\s*의?\s*눈)|^(?:is\s+|of\s+|equals?\s+|equal\s+to\s+|=\s*)?(\d+)(?!\d)",
         lambda g: ((lambda v, k=_g(g): v == k), f"{_g(g)}", f"{_g(g)}")),
    ]  # fmt: skip
    for pattern, build in rules:
        match = re.search(pattern, t)
        if match:
            return build(match)
    return None


def _g(match: re.Match[str]) -> int:
    return int(next(g for g in match.groups() if g))


def _either(match: re.Match[str]) -> tuple[Callable[[int], bool], str, str]:
    a, b = (int(g) for g in match.groups() if g)
    return (lambda v: v in (a, b)), f"{a} 또는 {b}", f"{a} or {b}"


_MANY_DICE = (
    rf"{_COUNT}\s*개의\s*주사위|주사위\s*{_COUNT}\s*개|(?<![가-힣]){_COUNT}\s*주사위|"
    rf"\b{_COUNT}\s+(?:fair\s+)?(?:six-sided\s+)?dice|\bpair\s+of\s+dice"
)
# "3번 던질", "rolled 3 times", "is tossed twice": how many times one die or coin is thrown
_ROLLS = rf"{_COUNT}\s*(?:번|회)\s*(?:던|굴|반복)|\b{_COUNT}\s+times\b|(?<![a-z])(twice)\b"


def dice_count(text: str) -> int | None:
    """How many dice are thrown (or how many times one die is)."""
    if not re.search(r"주사위|\bdice\b|\bdie\b", text):
        return None
    rolls = re.search(_ROLLS, text)
    many = re.search(_MANY_DICE, text)
    dice = _number(next((g for g in many.groups() if g), "pair")) if many else 1
    times = _number(next(g for g in rolls.groups() if g)) if rolls else 1
    if dice is None or times is None or (dice > 1 and times > 1):
        return None
    return dice * times


def dice_event(text: str, n: int) -> DiceEvent | None:
    rest = re.sub(rf"{_MANY_DICE}|{_ROLLS}|(?:a|one)\s+(?:fair\s+)?die", " 주사위 ", text)
    if re.search(r"첫\s*번째|두\s*번째|first|second|처음|나중", rest):
        return None  # conditions on particular throws: not read here
    if re.search(
        r"같은\s*(?:눈|수|숫자)|눈의\s*수가\s*같|(?:두\s*)?눈이\s*같|same\s+number|doubles|the\s+same",
        rest,
    ):
        return DiceEvent("same", lambda v: True, ("같은 눈", "the same number")) if n > 1 else None
    if re.search(r"서로\s*다른\s*(?:눈|수)|different\s+numbers|all\s+different", rest):
        return (
            DiceEvent("distinct", lambda v: True, ("서로 다른 눈", "different numbers"))
            if n > 1
            else None
        )
    for quantity, word in (
        ("sum", r"합|\bsum\b|\btotal\b"),
        ("product", r"곱|\bproduct\b"),
        ("difference", r"차가|차는|차이가|차이는|차\b|\bdifference\b"),
    ):
        found = re.search(
            rf"(?:{word})(?:\s*of\s+the\s+(?:two\s+)?(?:numbers|faces|dice|scores))?", rest
        )
        if found:
            if (quantity == "difference" and n != 2) or n < 2:
                return None
            condition = _comparison(rest[found.end() :])
            if condition is None:
                return None
            test, ko, en = condition
            names = {
                "sum": ("눈의 수의 합이", "the sum is"),
                "product": ("눈의 수의 곱이", "the product is"),
                "difference": ("눈의 수의 차가", "the difference is"),
            }[quantity]
            return DiceEvent(quantity, test, (f"{names[0]} {ko}", f"{names[1]} {en}"))
    mode = "all"
    if re.search(r"적어도\s*(?:한\s*(?:번|개)|하나|1\s*(?:번|개))|at\s+least\s+(?:one|once)", rest):
        mode = "any"
    elif re.search(r"한\s*번도.*않|하나도.*않|never|no\s+(?:six|sixes|\d)|none\s+of", rest):
        mode = "none"
    elif n > 1 and not re.search(r"모두|모든|all|both|each|every|둘\s*다|두\s*개\s*다", rest):
        return None  # "a six" with two dice: one of them? both? ask
    face = _face_condition(rest)
    if face is None:
        return None
    test, ko, en = face
    words = {
        "all": ("모든 눈이", "every die shows") if n > 1 else ("나온 눈이", "the die shows"),
        "any": ("적어도 한 번", "at least one die shows"),
        "none": ("한 번도", "no die shows"),
    }[mode]
    return DiceEvent("face", test, (f"{words[0]} {ko}", f"{words[1]} {en}"), mode)


def _face_condition(text: str) -> tuple[Callable[[int], bool], str, str] | None:
    """``3의 배수의 눈``, ``짝수의 눈``, ``4 이상의 눈``, ``an even number``, ``a six``."""
    english = re.search(
        r"\b(?:a|an)\s+(one|two|three|four|five|six)\b|\b(?:number|face)\s+(\d)", text
    )
    if english:
        value = _number(english[1]) if english[1] else int(english[2])
        return (lambda v: v == value), f"{value}", f"a {value}"
    for match in re.finditer(
        r"(\d+\s*의\s*(?:배수|약수)|\d+\s*(?:이상|이하|초과|미만|보다\s*(?:큰|작은))|짝수|홀수|소수|\d+)\s*(?:의|인)?\s*눈|눈의\s*수가\s*(.{1,14})",
        text,
    ):
        phrase = match[1] or match[2]
        condition = _comparison(phrase)
        if condition:
            return condition
    found = re.search(
        r"(?:shows?|rolls?|gets?|getting|is|of)\s+(?:an?\s+)?(even|odd|prime|multiple\s+of\s+\d+|(?:greater|less|more)\s+than\s+\d+|at\s+least\s+\d+|at\s+most\s+\d+|\d)"
        r"|\b(even|odd|prime)\s+(?:number|face)|(?:number|face)\s+((?:greater|less|more|bigger|smaller)\s+than\s+\d+|at\s+least\s+\d+|at\s+most\s+\d+)",
        text,
    )
    if found:
        return _comparison(next(g for g in found.groups() if g))
    return None


def coin_count(text: str) -> int | None:
    if not re.search(r"동전|\bcoins?\b", text):
        return None
    many = re.search(
        rf"동전\s*{_COUNT}\s*개|{_COUNT}\s*개의\s*동전|\b{_COUNT}\s+(?:fair\s+)?coins", text
    )
    rolls = re.search(_ROLLS, text)
    coins = _number(next(g for g in many.groups() if g)) if many else 1
    times = _number(next(g for g in rolls.groups() if g)) if rolls else 1
    if coins is None or times is None or (coins > 1 and times > 1):
        return None
    return coins * times


def coin_event(text: str, n: int) -> CoinEvent | None:
    tails = bool(re.search(r"뒷면|tails?", text)) and not re.search(r"앞면|heads?", text)

    def flip(test: Callable[[int], bool]) -> Callable[[int], bool]:
        return (lambda h: test(n - h)) if tails else test

    side = r"(?:뒷면|tails?)" if tails else r"(?:앞면|heads?)"
    if re.search(rf"모두\s*{side}|all\s+{side}|{side}만", text):
        return CoinEvent(flip(lambda k: k == n))
    if re.search(rf"{side}이?\s*(?:한\s*번도|하나도).*않|no\s+{side}", text):
        return CoinEvent(flip(lambda k: k == 0))
    least = re.search(
        rf"적어도\s*{_COUNT}\s*(?:개|번)?[^.?]*{side}|{side}이?\s*적어도\s*{_COUNT}|at\s+least\s+{_COUNT}\s+{side}|{side}이?\s*{_COUNT}\s*(?:개|번)\s*이상",
        text,
    )
    if least:
        k = _number(next(g for g in least.groups() if g))
        return CoinEvent(flip(_at_least(k))) if k is not None and k <= n else None
    most = re.search(
        rf"많아야\s*{_COUNT}\s*(?:개|번)?[^.?]*{side}|at\s+most\s+{_COUNT}\s+{side}|{side}이?\s*{_COUNT}\s*(?:개|번)\s*이하",
        text,
    )
    if most:
        k = _number(next(g for g in most.groups() if g))
        return CoinEvent(flip(_at_most(k))) if k is not None else None
    exact = re.search(
        rf"{side}이?\s*{_COUNT}\s*(?:개|번|회)|(?:exactly\s+)?{_COUNT}\s+{side}", text
    )
    if exact:
        k = _number(next(g for g in exact.groups() if g))
        return CoinEvent(flip(_exactly(k))) if k is not None and k <= n else None
    return None


def _at_least(k: int) -> Callable[[int], bool]:
    return lambda heads: heads >= k


def _at_most(k: int) -> Callable[[int], bool]:
    return lambda heads: heads <= k


def _exactly(k: int) -> Callable[[int], bool]:
    return lambda heads: heads == k
