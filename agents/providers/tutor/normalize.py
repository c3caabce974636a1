"""Turning a student's message into plain ASCII math and finding formulas in it.

Students type ``x²``, ``3×4``, ``√2``, full-width characters and mix formulas
into Korean or English sentences. ``normalize`` maps all of that to one
notation; ``candidates`` cuts the sentence into the stretches that look like
formulas.
"""

from __future__ import annotations

import re
import unicodedata

from .parse import FUNCTION_NAMES, KNOWN_NAMES

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_REPLACEMENTS = {
    "×": "*",
    "·": "*",
    "∙": "*",
    "⋅": "*",
    "÷": "/",
    "−": "-",
    "–": "-",
    "—": "-",
    "π": "pi",
    "∞": "oo",
    "→": "->",
    "⟶": "->",
    "≤": "<=",
    "≥": ">=",
    "⩽": "<=",
    "⩾": ">=",
    "θ": "theta",
    "α": "alpha",
    "β": "beta",
    "**": "^",
    "==": "=",
}
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


def language_of(text: str) -> str:
    """``"ko"`` if the text contains Hangul, else ``"en"``."""
    return "ko" if has_hangul(text) else "en"


def normalize(text: str) -> str:
    """Lower-case ASCII math notation; Hangul and other text are kept as they are."""
    out = re.sub(
        r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+",
        lambda m: "^(" + m.group(0).translate(_SUPERSCRIPTS) + ")",
        text,
    )
    # NFKC folds full-width forms (ｘ＋１) but would also flatten the
    # superscripts, which is why they were rewritten first.
    out = unicodedata.normalize("NFKC", out)
    for old, new in _REPLACEMENTS.items():
        out = out.replace(old, new)
    out = out.lower()
    out = re.sub(r"√\s*(\d+(?:\.\d+)?|[a-z])", r"sqrt(\1)", out)
    out = out.replace("√", "sqrt")
    out = re.sub(r"\|([^|]+)\|", r"abs(\1)", out)
    out = re.sub(r"\^\((\d+)\)", r"^\1", out)
    return _rewrite_log_bases(out)


def _rewrite_log_bases(text: str) -> str:
    """``log_2(8)`` and ``log_2 8`` become ``(ln(8)/ln(2))``."""
    text = re.sub(r"log_\{?(\d+)\}?\s*\(([^()]*)\)", r"(ln(\2)/ln(\1))", text)
    return re.sub(r"log_\{?(\d+)\}?\s*([0-9a-z.]+)", r"(ln(\2)/ln(\1))", text)


# Words that may sit next to a number without being a product of variables.
_STOPWORDS = frozenset(
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
        "cost",
        "tank",
        "logs",
        "sect",
    ]
)
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?|<=|>=|->|[+\-*/^=()<>.]|[,;]|\s+|.", re.S)
_OPERATOR = re.compile(r"[+\-*/^=<>]")


def _is_math_word(word: str, before: str, after: str) -> bool:
    if len(word) == 1 or word in KNOWN_NAMES:
        return True
    if word in _STOPWORDS:
        return False
    # ``sinx``, ``lnx``: a function name glued to a single variable.
    if any(word == name + word[-1] for name in FUNCTION_NAMES if len(word) == len(name) + 1):
        return True
    # ``2xy`` or ``xy+1``: two variables written as a product.
    glued = bool(re.fullmatch(r"[\d)(+\-*/^=<>]", before) or re.fullmatch(r"[(+\-*/^=<>]", after))
    return len(word) == 2 and glued


def candidates(text: str) -> list[str]:
    """Stretches of ``text`` (already normalised) that look like formulas."""
    tokens = _TOKEN.findall(text)
    found: list[str] = []
    current: list[str] = []

    def neighbour(index: int, step: int) -> str:
        index += step
        while 0 <= index < len(tokens) and tokens[index].isspace():
            index += step
        return tokens[index] if 0 <= index < len(tokens) else ""

    def flush() -> None:
        piece = "".join(current).strip().strip("=.,").strip()
        if piece:
            found.append(piece)
        current.clear()

    for index, token in enumerate(tokens):
        if token.isspace():
            current.append(" ")
        elif token in (",", ";"):
            flush()
        elif token.isalpha() and token.isascii():
            if _is_math_word(token, neighbour(index, -1)[-1:], neighbour(index, 1)[:1]):
                current.append(token)
            else:
                flush()
        elif token[0].isdigit() or token in ("<=", ">=") or re.fullmatch(r"[+\-*/^=()<>.]", token):
            current.append(token)
        else:
            flush()
    flush()
    return found


def looks_like_formula(piece: str) -> bool:
    """A stretch with an operator next to a number or variable: the student meant math."""
    return bool(_OPERATOR.search(piece)) and bool(re.search(r"[0-9a-z]", piece))
