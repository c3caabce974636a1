"""``TutorProvider``: the math engine, rule-based verdicts and a glossary, offline.

All SymPy work (classify, answer, summarise) runs in the engine's pool of
pre-forked workers, each job with a deadline; the event loop only waits. The
engine's analysis of a question is cached, so classify and answer compute once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator
from functools import partial

from agents.coalesce import split_into_pieces
from agents.engine.notation import language_of
from agents.engine.pool import EnginePool, PoolError, PoolTimeout
from agents.providers.base import (
    EvaluationTurn,
    Question,
    Review,
    RubricDraft,
    SessionTranscript,
    SummaryDraft,
    Verdict,
)

from .analysis import Analysis, analyse, compose, too_large
from .dialogue import clarification, refusal
from .evaluate import evaluate_transcript
from .summarize import summarize_session

_CACHE_SIZE = 256


class TutorProvider:
    """A provider that needs no network.

    ``timeout`` bounds one engine job in seconds; past it the student is told
    the question is too large to compute instead of getting a guess.
    """

    name = "tutor"
    model = "tutor-engine-1"

    def __init__(self, timeout: float = 5.0, pool: EnginePool | None = None) -> None:
        self.timeout = timeout
        self.pool = pool or EnginePool()
        self._cache: OrderedDict[str, Analysis] = OrderedDict()

    async def _analysis(self, question: Question) -> Analysis:
        text = question.full_text
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        try:
            found: Analysis = await self.pool.run(analyse, (text,), self.timeout)
        except (PoolTimeout, PoolError):
            found = too_large(text)
        self._cache[text] = found
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return found

    async def evaluate(self, turns: tuple[EvaluationTurn, ...]) -> RubricDraft:
        """Rules over the dialogue's recorded facts (see ``evaluate``): no SymPy work."""
        return evaluate_transcript(turns)

    async def classify(self, question: Question) -> Verdict:
        return (await self._analysis(question)).verdict

    async def clarify(self, question: Question, verdict: Verdict) -> str:
        analysis = await self._analysis(question)
        if analysis.solution.status == "clarify" and len(question.clarifications) < 1:
            return analysis.solution.markdown  # the engine's one precise question
        lang = language_of(question.full_text)
        return clarification(lang, len(question.clarifications) + 1, verdict.missing_fields)

    async def refuse(self, question: Question, verdict: Verdict) -> str:
        analysis = await self._analysis(question)
        cheating = "cheat" in verdict.reasons or analysis.cheating
        return refusal(language_of(question.full_text), cheating=cheating)

    async def answer(self, question: Question, verdict: Verdict) -> AsyncIterator[str]:
        analysis = await self._analysis(question)
        text = analysis.answer
        if verdict.knowledge_type != analysis.verdict.knowledge_type:
            args = (
                question.full_text,
                analysis.solution,
                verdict.knowledge_type,
                analysis.solution.lang,
            )
            try:
                text = await self.pool.run(compose, args, self.timeout)
            except (PoolTimeout, PoolError):
                text = too_large(question.full_text).answer
        for piece in split_into_pieces(text):
            yield piece

    async def review(self, question: Question, answer: str) -> Review:
        """Verified when the engine computed and checked the result the answer states (the
        tutor's answers are the engine's own, so ``answer`` needs no second look)."""
        return Review(verified=(await self._analysis(question)).solution.verified)

    async def summarize(self, session: SessionTranscript) -> SummaryDraft:
        try:
            summary: SummaryDraft = await self.pool.run(
                summarize_session, (session,), self.timeout * 4
            )
        except (PoolTimeout, PoolError):
            # Too slow once (a hostile question in it): summarised without the engine.
            summary = await self.pool.run(
                partial(summarize_session, with_concepts=False), (session,), self.timeout
            )
        return summary

    def close(self) -> None:
        self.pool.close()

    async def aclose(self) -> None:
        await self.pool.aclose()
