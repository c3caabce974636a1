"""Stage 6: the worked answer in the student's language, from templates.

Templates are data (``templates/*.yaml``): ``task.key: {ko: ..., en: ...}``
with ``str.format`` fields that are already LaTeX. A task's steps name the
rule used; the checked result goes on the last line, ``**답:**`` or
``**Answer:**``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import sympy as sp
import yaml

from .tasks.base import Outcome, Step


@cache
def templates() -> dict[str, dict[str, str]]:
    """Every template, keyed ``"<task>.<key>"``."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("agents.engine") / "templates"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
        for group, keys in data.items():
            for key, texts in keys.items():
                merged[f"{group}.{key}"] = texts
    return merged


def say(key: str, lang: str, **fields: Any) -> str:
    """The template ``key`` in ``lang`` with ``fields`` filled in."""
    texts = templates()[key]
    return str(texts.get(lang) or texts["en"]).format(**fields)


def render(step: Step, lang: str) -> str:
    return say(step.key, lang, **step.fields)


def tex(expr: Any) -> str:
    """LaTeX of a SymPy object; a bare ``\\log`` is shown as base-10 in class."""
    return str(sp.latex(expr, ln_notation=True))


def m(expr: Any) -> str:
    """Inline math: ``$...$`` around the LaTeX of ``expr``."""
    return f"${tex(expr)}$"


def eq(lhs: Any, rhs: Any) -> str:
    return f"${tex(lhs)} = {tex(rhs)}$"


def worked(title: Step, outcome: Outcome, check_name: str, lang: str) -> str:
    """Title, numbered steps, the check that passed, and the answer line."""
    lines = [f"**{render(title, lang)}**", ""]
    for number, step in enumerate(outcome.steps, start=1):
        lines.append(f"{number}. {render(step, lang)}")
    lines.append("")
    lines.append(say("common.checked", lang, how=say(f"checks.{check_name}", lang)))
    lines.append("")
    lines.append(say("common.answer", lang, value=render(outcome.answer, lang)))
    return "\n".join(lines)


def interval_text(solution: Any, var: Any, lang: str) -> str:
    """A solution set as students write it: ``$-2 < x < 2$``, ``$x < 1$ 또는 $x > 3$``."""
    if solution == sp.EmptySet:
        return "해가 없어요" if lang == "ko" else "no solution"
    if solution == sp.S.Reals:
        return "모든 실수" if lang == "ko" else "all real numbers"
    parts = solution.args if isinstance(solution, sp.Union) else (solution,)
    shown: list[str] = []
    v = tex(var)
    for part in parts:
        if isinstance(part, sp.FiniteSet):
            shown.extend(f"${v} = {tex(p)}$" for p in part)
            continue
        if not isinstance(part, sp.Interval):
            shown.append(m(part))
            continue
        left = "<" if part.left_open else "\\le"
        right = "<" if part.right_open else "\\le"
        low = "" if part.inf == -sp.oo else f"{tex(part.inf)} {left} "
        high = "" if part.sup == sp.oo else f" {right} {tex(part.sup)}"
        if low and not high:
            above = ">" if part.left_open else "\\ge"
            shown.append(f"${v} {above} {tex(part.inf)}$")
            continue
        shown.append(
            f"${low}{v}{high}$"
            if low or high
            else ("모든 실수" if lang == "ko" else "all real numbers")
        )
    return (" 또는 " if lang == "ko" else " or ").join(shown)
