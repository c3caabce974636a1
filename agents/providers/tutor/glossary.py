"""Finding glossary concepts in a question and writing them up."""

from __future__ import annotations

import re
from functools import cache

from . import glossary_data, glossary_data_more
from .glossary_entry import Entry

ENTRIES: tuple[Entry, ...] = (*glossary_data.ENTRIES, *glossary_data_more.ENTRIES)

BY_ID: dict[str, Entry] = {entry.id: entry for entry in ENTRIES}


@cache
def _pattern(keyword: str) -> re.Pattern[str]:
    if keyword.isascii():
        # English words match whole words, plurals included ("primes").
        return re.compile(rf"(?<![a-z]){re.escape(keyword)}(?:s|es)?(?![a-z])")
    return re.compile(re.escape(keyword))


def find_concepts(text: str) -> list[Entry]:
    """Entries mentioned in ``text``, in order of first appearance.

    A longer keyword hides the shorter ones inside it, so "이차함수" finds the
    quadratic function and not also "함수".
    """
    lowered = text.lower()
    hits: list[tuple[int, int, Entry]] = []
    for entry in ENTRIES:
        for keyword in entry.keywords:
            for match in _pattern(keyword).finditer(lowered):
                hits.append((match.start(), match.end(), entry))
    hits.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    found: list[Entry] = []
    covered_until = -1
    for _start, end, entry in hits:
        if end <= covered_until:
            continue  # inside a longer keyword already taken
        covered_until = max(covered_until, end)
        if entry not in found:
            found.append(entry)
    return found


def title(entry: Entry, lang: str) -> str:
    return entry.title[0] if lang == "ko" else entry.title[1]


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "ko" else pair[1]


def explain(entry: Entry, lang: str, *, why_first: bool) -> str:
    """A Markdown section: title, definition, formula and (for "why") the reason."""
    labels = ("정의", "공식", "왜 그럴까?") if lang == "ko" else ("Definition", "Formula", "Why?")
    parts = [f"### {title(entry, lang)}"]
    why = _pick(entry.why, lang)
    if why_first and why:
        parts.append(f"**{labels[2]}** {why}")
    parts.append(f"**{labels[0]}** {_pick(entry.definition, lang)}")
    if entry.formula:
        parts.append(f"**{labels[1]}** $${entry.formula}$$")
    if not why_first and why:
        parts.append(f"**{labels[2]}** {why}")
    return "\n\n".join(parts)


def hint(entry: Entry, lang: str) -> str:
    return _pick(entry.hint, lang)
