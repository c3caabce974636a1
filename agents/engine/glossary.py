"""K1 facts, formulas and definitions and K2 why-explanations, from data files.

Each entry of ``glossary/*.yaml`` has an ``id``, lower-case ``keywords``
(Korean matched as substrings, English on word boundaries), and ko/en texts:
``title``, ``definition``, optional ``formula`` (LaTeX), ``why`` and ``hint``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Entry:
    id: str
    keywords: tuple[str, ...]
    title: dict[str, str]
    definition: dict[str, str]
    formula: str = ""
    why: dict[str, str] | None = None
    hint: dict[str, str] | None = None

    def text(self, field: str, lang: str) -> str:
        value = getattr(self, field)
        return str(value.get(lang) or value.get("en") or "") if value else ""


@cache
def entries() -> tuple[Entry, ...]:
    import yaml

    found: list[Entry] = []
    folder = resources.files("agents.engine") / "glossary"
    for item in sorted(folder.iterdir(), key=lambda e: e.name):
        if not item.name.endswith(".yaml"):
            continue
        for raw in yaml.safe_load(item.read_text(encoding="utf-8")) or []:
            found.append(
                Entry(
                    id=raw["id"],
                    keywords=tuple(raw["keywords"]),
                    title=raw["title"],
                    definition=raw["definition"],
                    formula=raw.get("formula", ""),
                    why=raw.get("why"),
                    hint=raw.get("hint"),
                )
            )
    return tuple(found)


@cache
def by_id() -> dict[str, Entry]:
    return {entry.id: entry for entry in entries()}


@cache
def _pattern(keyword: str) -> re.Pattern[str]:
    if keyword.isascii():
        return re.compile(rf"(?<![a-z]){re.escape(keyword)}(?:s|es)?(?![a-z])")
    return re.compile(re.escape(keyword))


def find_concepts(text: str) -> list[Entry]:
    """Entries mentioned in ``text``, in order; a longer keyword hides shorter ones in it."""
    lowered = text.lower()
    hits: list[tuple[int, int, Entry]] = []
    for entry in entries():
        for keyword in entry.keywords:
            hits.extend((m.start(), m.end(), entry) for m in _pattern(keyword).finditer(lowered))
    hits.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    found: list[Entry] = []
    covered_until = -1
    for _start, end, entry in hits:
        if end <= covered_until:
            continue
        covered_until = max(covered_until, end)
        if entry not in found:
            found.append(entry)
    return found


def explain(entry: Entry, lang: str, *, why_first: bool) -> str:
    """A Markdown section: title, definition, formula and (for "why") the reason."""
    labels = ("정의", "공식", "왜 그럴까?") if lang == "ko" else ("Definition", "Formula", "Why?")
    parts = [f"### {entry.text('title', lang)}"]
    why = entry.text("why", lang)
    if why_first and why:
        parts.append(f"**{labels[2]}** {why}")
    parts.append(f"**{labels[0]}** {entry.text('definition', lang)}")
    if entry.formula:
        parts.append(f"**{labels[1]}** $${entry.formula}$$")
    if not why_first and why:
        parts.append(f"**{labels[2]}** {why}")
    return "\n\n".join(parts)
