"""``EchoProvider``: instant canned output, for load tests and pipeline tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from agents.grounding import NOT_VERIFIED
from agents.providers.base import (
    EvaluationTurn,
    Question,
    Review,
    RubricDraft,
    SessionTranscript,
    SummaryDraft,
    Verdict,
)
from core.rubric import get_rubric


class EchoProvider:
    """Answers every question with ``tokens`` pieces ``"tok0 "``, ``"tok1 "``, ...

    Nothing is computed and, by default, nothing sleeps, so timings measure
    the pipeline around the provider. ``delay_seconds`` (default 0) adds a
    pause before each piece to imitate a slow model: piece *i* is due
    ``(i + 1) * delay_seconds`` after the answer began, on the clock, as a model
    server streams on its own clock; a busy event loop that wakes late then
    finds pieces waiting, as it would on a socket, instead of stretching the answer.
    """

    name = "echo"
    model = "echo-1"

    def __init__(self, tokens: int = 50, delay_seconds: float = 0.0) -> None:
        self.tokens = tokens
        self.delay_seconds = delay_seconds

    async def classify(self, question: Question) -> Verdict:
        return Verdict("K3", "answerable", reasons="echo: every question is answerable")

    async def clarify(self, question: Question, verdict: Verdict) -> str:
        return "echo: which problem do you mean?"

    async def refuse(self, question: Question, verdict: Verdict) -> str:
        return "echo: this question is out of scope."

    async def answer(self, question: Question, verdict: Verdict) -> AsyncIterator[str]:
        loop = asyncio.get_running_loop()
        began = loop.time()
        for index in range(self.tokens):
            if self.delay_seconds > 0:
                due = began + (index + 1) * self.delay_seconds
                await asyncio.sleep(max(0.0, due - loop.time()))
            yield f"tok{index} "

    async def review(self, question: Question, answer: str) -> Review:
        return NOT_VERIFIED  # canned text states no result

    async def aclose(self) -> None:
        return None

    async def summarize(self, session: SessionTranscript) -> SummaryDraft:
        return SummaryDraft(summary=f"echo: {len(session.turns)} question(s).")

    async def evaluate(self, turns: tuple[EvaluationTurn, ...]) -> RubricDraft:
        """Deterministic: an element is met when its position's parity matches the
        number of messages, so tests know the score in advance."""
        codes = get_rubric().element_codes
        elements = {code: int(index % 2 == len(turns) % 2) for index, code in enumerate(codes)}
        return RubricDraft(elements=elements, evidence={code: "echo" for code in codes})
