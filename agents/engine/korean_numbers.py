"""Arithmetic said in Korean words: ``삼백 나누기 십이``, ``2의 10제곱``,
``3분의 2``, ``2와 3분의 1``, ``밑이 2인 로그 16``.

Korean numerals (일, 이, 삼 … 십, 백, 천, 만) are read only inside these
phrases, where they cannot be particles (이, 일 때) or parts of words."""

from __future__ import annotations

import re

_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_UNITS = {"십": 10, "백": 100, "천": 1000}
_N = r"(?<![가-힣])(\d+(?:\.\d+)?|[일이삼사오육칠팔구십백천만]+)"
_OPERATORS = {"더하기": "+", "빼기": "-", "곱하기": "*", "나누기": "/"}


def korean_numeral(word: str) -> int | None:
    """``삼백이십`` → 320; None if ``word`` is not a well-formed numeral."""
    total, section, digit = 0, 0, 0
    for char in word:
        if char in _DIGITS:
            if digit:
                return None  # 삼삼: two digits in a row is not a numeral
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (digit or 1) * _UNITS[char]
            digit = 0
        elif char == "만":
            total += (section + digit or 1) * 10_000
            section, digit = 0, 0
        else:
            return None
    return total + section + digit


def _value(word: str) -> str:
    if word[0].isdigit():
        return word
    number = korean_numeral(word)
    if number is None:
        raise ValueError(word)
    return str(number)


def _rewrite(pattern: str, build: str, text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            values = [_value(group) for group in match.groups()]
        except ValueError:
            return match[0]
        return build.format(*values)

    return re.sub(pattern, replace, text)


def korean_arithmetic(text: str) -> str:
    """The phrases above as formulas; everything else unchanged."""
    text = _rewrite(rf"{_N}\s*(?:와|과)\s*{_N}\s*분의\s*{_N}", " ({0}+{2}/{1}) ", text)
    text = _rewrite(rf"{_N}\s*분의\s*{_N}", " ({1}/{0}) ", text)
    text = _rewrite(rf"{_N}\s*의\s*세\s*제곱(?!근)", " ({0})^3 ", text)
    text = _rewrite(rf"{_N}\s*의\s*{_N}\s*(?:제곱|승)(?!근)", " ({0})^({1}) ", text)
    text = _rewrite(rf"{_N}\s*의\s*제곱(?!근)", " ({0})^2 ", text)
    text = _rewrite(rf"밑이\s*{_N}\s*인\s*로그\s*{_N}", " log_{0} {1} ", text)
    for _ in range(4):  # 일 더하기 이 곱하기 삼: one operator at a time, left to right
        for word, symbol in _OPERATORS.items():
            text = _rewrite(rf"{_N}\s*{word}\s*{_N}", "{0} " + symbol + " {1}", text)
            text = re.sub(rf"(?<=[\d)])\s*{word}\s*(?=[\d(])", f" {symbol} ", text)
    return text
