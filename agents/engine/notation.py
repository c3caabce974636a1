"""Stage 1: what a student types, normalised to one plain notation.

Students write ``x²``, ``3×4``, ``√2``, ``x**2``, full-width characters,
LaTeX with or without ``$``, and mix formulas into Korean or English
sentences. ``normalise`` maps all of it to lower-case ASCII math (``^`` for
powers, ``sqrt(...)``, ``pi``, ``oo``, ``<=``) with the words kept, so the
later stages read one notation. Counting notation (``5P2``, ``5C2``) and a
few symbols with no ASCII form (``∫``, ``Σ``, ``÷``, ``∘``) are kept as
markers for the recogniser.
"""

from __future__ import annotations

import re
import unicodedata

from .latex import latex_to_plain

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿˣ", "0123456789-+nx")
_SUBSCRIPT = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_REPLACEMENTS = (
    ("**", "^"),
    ("×", "*"),
    ("·", "*"),
    ("∙", "*"),
    ("⋅", "*"),
    ("✕", "*"),
    ("−", "-"),
    ("–", "-"),
    ("—", "-"),
    ("﹣", "-"),
    ("π", "pi"),
    ("∞", "oo"),
    ("→", "->"),
    ("⟶", "->"),
    ("≤", "<="),
    ("≥", ">="),
    ("⩽", "<="),
    ("⩾", ">="),
    ("≠", "!="),
    ("θ", "theta"),
    ("α", "alpha"),
    ("β", "beta"),
    ("γ", "gamma"),
    ("∑", "Σ"),
    ("′", "'"),
    ("’", "'"),
    ("‘", "'"),
    ("″", "''"),
    ("“", '"'),
    ("”", '"'),
    ("∛", "cbrt"),
    ("==", "="),
    ("=<", "<="),
    ("=>", ">="),
)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


def language_of(text: str) -> str:
    """``"ko"`` when the text contains Hangul, else ``"en"``."""
    return "ko" if has_hangul(text) else "en"


def _superscripts(text: str) -> str:
    def power(match: re.Match[str]) -> str:
        exponent = match.group(0).translate(_SUPERSCRIPT)
        return f"^({exponent})" if len(exponent) > 1 else f"^{exponent}"

    return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿˣ]+", power, text)


def _roots(text: str) -> str:
    """``√2``, ``√(x+1)``, ``√x``, ``cbrt 8`` as function calls."""
    text = re.sub(r"(√|cbrt)\s*(\d+(?:\.\d+)?|[a-z])", r"\1(\2)", text)
    text = text.replace("cbrt(", "root3(")
    return text.replace("√", "sqrt")


def _counting(text: str) -> str:
    """``5P2``, ``₅C₂``, ``nCr`` (upper case matters) before lower-casing."""
    text = re.sub(r"(?<![A-Za-z])(\d+)\s*P\s*(\d+)(?![A-Za-z])", r" perm(\1,\2) ", text)
    text = re.sub(r"(?<![A-Za-z])(\d+)\s*C\s*(\d+)(?![A-Za-z])", r" binomial(\1,\2) ", text)
    text = re.sub(r"(?<![A-Za-z])(\d+)\s*H\s*(\d+)(?![A-Za-z])", r" multichoose(\1,\2) ", text)
    return text


def _absolute_values(text: str) -> str:
    for _ in range(3):  # nested bars, innermost first
        text = re.sub(r"\|([^|]{1,200})\|", r"abs(\1)", text)
    return text


def _money_and_thousands(text: str) -> str:
    # 12,000원 / $1,250: a thousands separator, not a list of numbers.
    return re.sub(
        r"(?<![\d,])(\d{1,3}(?:,\d{3})+)(?=\s*(?:원|won|dollars?|달러|만|\$|\b))",
        lambda m: m.group(1).replace(",", "") if _is_money(m) else m.group(1),
        text,
    )


def _is_money(match: re.Match[str]) -> bool:
    before = match.string[max(0, match.start() - 2) : match.start()]
    after = match.string[match.end() : match.end() + 8]
    return "$" in before or "₩" in before or bool(re.match(r"\s*(?:원|won|dollar|달러)", after))


def normalise(raw: str) -> str:
    """One notation for every way of typing the same mathematics."""
    text = raw.replace("$", " ").replace("\\(", " ").replace("\\)", " ")
    text = text.replace("\\[", " ").replace("\\]", " ")
    text = _superscripts(text).translate(_SUBSCRIPT)
    # NFKC folds full-width forms (ｘ＋１, ０.５) but would also flatten the
    # superscripts, which is why they were rewritten first.
    text = unicodedata.normalize("NFKC", text)
    text = latex_to_plain(text)
    for old, new in _REPLACEMENTS:
        text = text.replace(old, new)
    text = _money_and_thousands(_counting(text))
    text = re.sub(r"(\d+(?:\.\d+)?)\s*°", r"(\1*pi/180)", text).replace("°", "")
    text = text.lower().replace("σ", "Σ")
    text = re.sub(r"\bln\s*\|", "ln|", text)
    text = _absolute_values(_roots(text))
    text = re.sub(r"\^\s*\(\s*(\d+)\s*\)", r"^\1", text)
    text = re.sub(r"(\d)\s*,\s*(\d{3})(?=\s*원)", r"\1\2", text)
    text = re.sub(r"[ \t\u3000]+", " ", text)
    return text.strip()
