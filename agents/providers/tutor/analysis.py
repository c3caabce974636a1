# ruff: noqa: E501
"""What the tutor makes of one question: the engine's solution, the verdict
and the full answer. Runs in a worker of the engine pool (it parses student
text with SymPy), never in the agent's event loop."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.engine.engine import solve_question
from agents.engine.explain import say
from agents.engine.glossary import Entry, explain, find_concepts
from agents.engine.notation import language_of
from agents.engine.solution import Solution
from agents.providers.base import KnowledgeType, Verdict

from .classify import is_cheating, verdict
from .strategy import strategy

_MAX_CONCEPTS = 3
_ASK = {
    "ko": "어떤 식이나 문제를 풀고 싶은지 그대로 적어 줄래요? 예: `x^2 - 5x + 6 = 0 풀어줘`",
    "en": "Which expression or problem should I work on? Type it exactly, e.g. `solve x^2 - 5x + 6 = 0`.",
}
_NO_ENTRY = {
    "ko": "이 개념은 아직 제 용어집에 없어요. 어떤 단원의 어떤 개념인지 조금 더 적어 줄래요?",
    "en": "That concept is not in my glossary yet. Could you say which topic it belongs to?",
}


@dataclass(frozen=True)
class Analysis:
    solution: Solution
    verdict: Verdict
    answer: str
    cheating: bool


def _concepts(text: str) -> tuple[Entry, ...]:
    return tuple(find_concepts(text))[:_MAX_CONCEPTS]


def compose(text: str, solution: Solution, kind: KnowledgeType, lang: str) -> str:
    """The whole answer in Markdown, shaped by the knowledge type."""
    concepts = _concepts(text)
    if kind == "K4":
        return strategy(text, solution, concepts, lang)
    if kind == "K3" or not concepts:
        if solution.status != "none":
            return solution.markdown
        if concepts:
            sections = [explain(entry, lang, why_first=False) for entry in concepts]
            return "\n\n".join([*sections, _ASK[lang]])
        return _ASK[lang] if kind == "K3" else _NO_ENTRY[lang]
    sections = [explain(entry, lang, why_first=kind == "K2") for entry in concepts]
    if kind == "K1" and solution.status == "solved":
        sections.append(solution.markdown)
    return "\n\n".join(sections)


def analyse(text: str) -> Analysis:
    """Solve, classify and answer ``text`` (the question with clarifications)."""
    lang = language_of(text)
    solution = solve_question(text, lang)
    judged = verdict(text, solution, _concepts(text))
    answer = compose(text, solution, judged.knowledge_type, lang)
    return Analysis(solution, judged, answer, is_cheating(text))


def too_large(text: str) -> Analysis:
    """What to say when the pool gave up on a question (built without SymPy)."""
    lang = language_of(text)
    markdown = say("common.too_large", lang)
    solution = Solution(status="too_large", lang=lang, markdown=markdown)
    judged = Verdict("K3", "answerable", "K3; too large to compute in time")
    if is_cheating(text):
        judged = Verdict("K1", "unanswerable", "request to cheat on an exam or graded work")
    return Analysis(solution, judged, markdown, is_cheating(text))


def has_hangul(text: str) -> bool:
    return bool(re.search(r"[\uac00-\ud7a3]", text))
