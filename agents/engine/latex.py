"""LaTeX that students type, rewritten to the engine's plain notation.

Only the commands of high-school mathematics are understood; a brace-aware
rewrite keeps ``\\frac{a}{b}`` and ``\\sqrt[n]{x}`` exact. Anything else loses
its backslash and is judged later by the whitelist of the parser.
"""

from __future__ import annotations

import re

_SYMBOLS = {
    "cdot": "*",
    "times": "*",
    "ast": "*",
    "div": "÷",
    "leqslant": "<=",
    "geqslant": ">=",
    "leq": "<=",
    "geq": ">=",
    "le": "<=",
    "ge": ">=",
    "lt": "<",
    "gt": ">",
    "neq": "!=",
    "ne": "!=",
    "to": "->",
    "rightarrow": "->",
    "infty": "oo",
    "pi": "pi",
    "theta": "theta",
    "alpha": "alpha",
    "beta": "beta",
    "gamma": "gamma",
    "int": "∫",
    "sum": "Σ",
    "prime": "'",
    "circ": "∘",
    "pm": "±",
    "lvert": "|",
    "rvert": "|",
    "vert": "|",
    "mid": "|",
    "cap": "∩",
    "cup": "∪",
}
_DROPPED = ("left", "right", "displaystyle", "limits", "big", "Big", "bigg", "Bigg")
_SPACES = re.compile(r"\\[,;:! ]|\\quad|\\qquad")
_COMMAND = re.compile(r"\\([A-Za-z]+)")


def _group(text: str, start: int) -> tuple[str, int]:
    """The braced group (or single character) at ``start`` and the index after it."""
    while start < len(text) and text[start] == " ":
        start += 1
    if start >= len(text):
        return "", start
    if text[start] != "{":
        if text[start] == "\\":
            match = _COMMAND.match(text, start)
            if match:
                return match.group(0), match.end()
        return text[start], start + 1
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index], index + 1
    return text[start + 1 :], len(text)


def _rewrite_structures(text: str) -> str:
    """``\\frac``, ``\\sqrt``, ``\\binom`` and ``\\text`` rewritten innermost-out."""
    out: list[str] = []
    index = 0
    while index < len(text):
        match = _COMMAND.match(text, index)
        if not match:
            out.append(text[index])
            index += 1
            continue
        name = match.group(1)
        after = match.end()
        if name in ("frac", "dfrac", "tfrac"):
            top, after = _group(text, after)
            bottom, after = _group(text, after)
            top, bottom = _rewrite_structures(top), _rewrite_structures(bottom)
            if top.strip() == "d" and re.fullmatch(r"\s*d\s*[a-z]\s*", bottom):
                out.append(f" d/{bottom.strip()} ")
            else:
                out.append(f"(({top})/({bottom}))")
        elif name == "sqrt":
            degree = ""
            if after < len(text) and text[after] == "[":
                close = text.find("]", after)
                degree, after = text[after + 1 : close], close + 1
            body, after = _group(text, after)
            body = _rewrite_structures(body)
            out.append(f"root({body},{degree})" if degree else f"sqrt({body})")
        elif name in ("binom", "dbinom"):
            top, after = _group(text, after)
            bottom, after = _group(text, after)
            out.append(f"binomial({_rewrite_structures(top)},{_rewrite_structures(bottom)})")
        elif name in ("text", "mathrm", "operatorname", "textrm", "mathit", "mbox"):
            body, after = _group(text, after)
            out.append(f" {body} ")
        else:
            out.append(match.group(0))
        index = after
    return "".join(out)


def _command(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _DROPPED:
        return " "
    if name in _SYMBOLS:
        return f" {_SYMBOLS[name]} "
    return f" {name} "  # \sin, \ln, \lim, \log ...: the plain word


def latex_to_plain(text: str) -> str:
    """Rewrite LaTeX commands to plain notation; text without ``\\`` is unchanged."""
    if "\\" not in text:
        return text.replace("{", "(").replace("}", ")") if "^{" in text or "_{" in text else text
    text = _SPACES.sub(" ", text)
    text = text.replace("\\{", "(").replace("\\}", ")")
    text = _rewrite_structures(text)
    text = _COMMAND.sub(_command, text)
    text = text.replace("\\\\", " ").replace("\\", " ")
    text = re.sub(r"\bd\s*/\s*d\s*([a-z])\b", r"d/d\1", text)
    text = text.replace("{", "(").replace("}", ")")
    # ``\sin^2 x`` means (sin x)^2.
    text = re.sub(r"\b(sin|cos|tan)\s*\^\s*\(?(\d)\)?\s*\(?([a-z0-9]+)\)?", r"\1(\3)^\2", text)
    return re.sub(r"[ \t]+", " ", text)
