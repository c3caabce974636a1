"""The shape of one glossary entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One concept; text fields are (Korean, English) pairs.

    Keywords are lower case and matched as substrings (English ones on word
    boundaries); ``why`` explains a concept for conceptual questions and
    ``hint`` helps with problem solving.
    """

    id: str
    keywords: tuple[str, ...]
    title: tuple[str, str]
    definition: tuple[str, str]
    formula: str = ""
    why: tuple[str, str] = ("", "")
    hint: tuple[str, str] = ("", "")
