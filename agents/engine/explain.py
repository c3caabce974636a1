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
