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

from .korean_numbers import korean_arithmetic
from .latex import latex_to_plain

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿˣ", "0123456789-+nx")
_SUBSCRIPT = str.maketrans("₀₁₂₃₄₅₆₇₈₉ₙₖ₊₋", "0123456789nk+-")
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
        if match.end() < len(text) and text[match.end()].isdigit():
            return f"^({exponent}) "  # sin²30°: the exponent ends before the 30
        return f"^({exponent})" if len(exponent) > 1 else f"^{exponent}"

    return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿˣ]+", power, text)


def _subscripts(text: str) -> str:
    """``log₂16`` is log base 2 of 16; ``a₁``, ``aₙ₊₁``, ``S₁₀`` are sequence terms."""
    text = re.sub(r"log\s*([₀-₉]+)", lambda m: "log_" + m[1].translate(_SUBSCRIPT) + " ", text)
    return re.sub(
        r"(?<![A-Za-z])([abSs])([₀-₉ₙₖ₊₋]+)",
        lambda m: f"{m[1]}_({m[2].translate(_SUBSCRIPT)})",
        text,
    )


def _trig_powers(text: str) -> str:
    """``sin^2 x`` and ``sin^2(30*pi/180)`` as ``(sin(x))^2``."""

    def power(m: re.Match[str]) -> str:
        argument = m[3][1:-1] if m[3].startswith("(") else m[3]
        return f"({m[1]}({argument}))^{m[2]}"

    return re.sub(
        r"(?<![a-z])(sin|cos|tan|sec|csc|cot)\s*\^\s*\(?(\d)\)?\s*"
        r"(\([^()]*\)|(?:\d+)?(?:theta|[a-z])(?![a-z(])|\d+)",
        power,
        text,
    )


def _roots(text: str) -> str:
    """``√2``, ``√(x+1)``, ``√x``, ``cbrt 8`` as function calls."""
    text = re.sub(r"(√|cbrt)\s*(\d+(?:\.\d+)?|[a-z])", r"\1(\2)", text)
    return text.replace("√", "sqrt")


def _counting(text: str) -> str:
    """``5P2``, ``₅C₂``, ``nCr`` (upper case matters) before lower-casing."""
    text = re.sub(r"(?<![A-Za-z])(\d+)\s*P\s*(\d+)(?![A-Za-z])", r" perm(\1,\2) ", text)
    text = re.sub(r"(?<![A-Za-z])(\d+)\s*C\s*(\d+)(?![A-Za-z])", r" binomial(\1,\2) ", text)
    text = re.sub(r"(?<![A-Za-z])(\d+)\s*H\s*(\d+)(?![A-Za-z])", r" multichoose(\1,\2) ", text)
    return text


def _conditional_bars(text: str) -> str:
    """``P(A|B)`` is a conditional probability, not an absolute value."""
    return re.sub(r"(?<![a-z])p\s*\(([^()|]{1,30})\|([^()|]{1,30})\)", r"p(\1 given \2)", text)


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
    text = _subscripts(_superscripts(text)).translate(_SUBSCRIPT)
    # NFKC folds full-width forms (ｘ＋１, ０.５) but would also flatten the
    # superscripts, which is why they were rewritten first.
    text = unicodedata.normalize("NFKC", text)
    text = korean_arithmetic(text)
    text = latex_to_plain(text)
    # ``sinθcosθ``: a Greek letter glued to words is its own word (``sin theta cos theta``).
    text = re.sub(r"(?<=[A-Za-z])([θαβγ])", r" \1", text)
    text = re.sub(r"([θαβγ])(?=[A-Za-z])", r"\1 ", text)
    text = re.sub(r"([θαβγ])(?=[θαβγ])", r"\1 ", text)  # αβ is α·β
    for old, new in _REPLACEMENTS:
        text = text.replace(old, new)
    text = _money_and_thousands(_counting(text))
    text = re.sub(r"\^\s*\(?\s*∘\s*\)?", "°", text)  # LaTeX 30^\circ
    text = re.sub(r"(\d+(?:\.\d+)?)\s*(?:°|도(?!록))", r"(\1*pi/180)", text).replace("°", "")
    text = text.lower().replace("σ", "Σ")
    text = re.sub(r"(?<![a-z])inf(?![a-z])", "oo", text)  # x->inf
    text = re.sub(r"\bln\s*\|", "ln|", text)
    text = re.sub(r"\blog\s+_", "log_", text)  # LaTeX \log_2 8
    text = re.sub(r"\blog\s+base\s+(\d+|e)\s*(?:of\s+)?", r"log_\1 ", text)  # log base 2 of 8
    text = re.sub(r"(?<![a-z])sum\s*_", "Σ_", text)  # sum_{k=1}^{n}
    # ``sin^-1 x`` (sin⁻¹ x) is the inverse function, not 1/sin x.
    text = re.sub(r"(?<![a-z])(sin|cos|tan)\s*\^\s*\(?\s*-\s*1\s*\)?", r"arc\1", text)
    text = _trig_powers(text)
    # ``cos -30°`` is cos(-30°)
    text = re.sub(
        r"(?<![a-z])(sin|cos|tan|sec|csc|cot)\s*-\s*(\(\d+(?:\.\d+)?\*pi/180\)|\d+(?:\.\d+)?)",
        r"\1(-\2)",
        text,
    )
    text = _absolute_values(_roots(_conditional_bars(text)))
    text = re.sub(r"\^\s*\(\s*(\d+)\s*\)", r"^\1", text)
    text = re.sub(r"(\d)\s*,\s*(\d{3})(?=\s*원)", r"\1\2", text)
    text = re.sub(r"[ \t\u3000]+", " ", text)
    return text.strip()
