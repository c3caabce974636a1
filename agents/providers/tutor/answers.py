"""Composing the full answer text for a classified question, and streaming it."""

from __future__ import annotations

import re

from agents.providers.base import KnowledgeType

from .classify import Analysis
from .compute import work_out
from .glossary import explain
from .strategy import strategy
from .texts import say

_MAX_CONCEPTS = 3


def compose(text: str, analysis: Analysis, kind: KnowledgeType, lang: str) -> str:
    """The whole answer in Markdown, shaped by the knowledge type."""
    task, concepts = analysis.task, analysis.concepts[:_MAX_CONCEPTS]
    if kind == "K4":
        return strategy(text, task, concepts, lang)
    if kind == "K3" or not concepts:
        if task is not None:
            return work_out(task, lang)
        if not concepts:
            return say(lang, "ask_expression" if kind == "K3" else "no_entry")
        sections = [explain(entry, lang, why_first=False) for entry in concepts]
        return "\n\n".join([*sections, say(lang, "ask_expression")])
    sections = [explain(entry, lang, why_first=kind == "K2") for entry in concepts]
    if task is not None:
        sections.append(work_out(task, lang))
    return "\n\n".join(sections)


def pieces(text: str, words: int = 3) -> list[str]:
    """``text`` cut into chunks of a few words; joined they give ``text`` back."""
    tokens = re.findall(r"\s*\S+", text)
    chunks = ["".join(tokens[i : i + words]) for i in range(0, len(tokens), words)]
    tail = text[len("".join(chunks)) :]
    if tail:
        chunks.append(tail)
    return chunks
