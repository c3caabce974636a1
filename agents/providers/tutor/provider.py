"""``TutorProvider``: offline answers from rules, a glossary and SymPy."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from agents.providers.base import (
    KnowledgeType,
    Question,
    SessionTranscript,
    SummaryDraft,
    Verdict,
)

from .answers import compose, pieces
from .classify import CHEATING, analyse
from .dialogue import clarification, refusal
from .normalize import language_of
from .sandbox import run_with_deadline
from .summarize import summarize_session
from .texts import say


class TutorProvider:
    """A provider that needs no network: rule-based classification, glossary
    answers for concepts and worked SymPy solutions for computations.

    ``timeout`` bounds one SymPy computation in seconds; past it the student
    is told so instead of getting a guessed value.
    """

    name = "tutor"
    model = "tutor-rules-1"

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout

    async def classify(self, question: Question) -> Verdict:
        return (await asyncio.to_thread(analyse, question.full_text)).verdict

    async def clarify(self, question: Question, verdict: Verdict) -> str:
        lang = language_of(question.full_text)
        return clarification(lang, len(question.clarifications) + 1, verdict.missing_fields)

    async def refuse(self, question: Question, verdict: Verdict) -> str:
        cheating = "cheat" in verdict.reasons or bool(CHEATING.search(question.full_text))
        return refusal(language_of(question.full_text), cheating=cheating)

    async def answer(self, question: Question, verdict: Verdict) -> AsyncIterator[str]:
        text = question.full_text
        lang = language_of(text)

        try:
            # SymPy runs in a child process, killed at the deadline, so a hard
            # question can neither block the event loop nor outlive its answer.
            full = await asyncio.to_thread(
                run_with_deadline, _build_answer, (text, verdict.knowledge_type, lang), self.timeout
            )
        except TimeoutError:
            full = say(lang, "timeout")
        except RuntimeError:
            full = say(lang, "cannot_compute")
        for piece in pieces(full):
            yield piece

    async def summarize(self, session: SessionTranscript) -> SummaryDraft:
        return await asyncio.to_thread(summarize_session, session)


def _build_answer(text: str, knowledge_type: KnowledgeType, lang: str) -> str:
    return compose(text, analyse(text), knowledge_type, lang)
