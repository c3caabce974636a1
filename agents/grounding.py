"""Grounding a language model in the math engine.

For a question the engine can compute, it solves first (in its pool of worker
processes, with a deadline: model text is as untrusted as a student's); the
model is given the engine's checked result and steps to explain; afterwards the
engine reads the result the model's answer states. When the two disagree, the
engine's own worked answer replaces the model's (the pipeline emits ``reset``).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import structlog

from agents.engine.engine import check_claim, solve_question
from agents.engine.pool import EnginePool, PoolError, PoolTimeout
from agents.engine.solution import Solution

log = structlog.get_logger(__name__)
SOLVE_TIMEOUT_SECONDS = 5.0
CHECK_TIMEOUT_SECONDS = 5.0
_REMEMBERED = 256


@dataclass(frozen=True)
class Review:
    """The engine's word on a streamed answer: whether it states the engine's checked
    result, and the text to stream instead when it states another."""

    verified: bool
    replacement: str | None = None


NOT_VERIFIED = Review(verified=False)


class Grounding:
    """The engine's solutions of recent questions, and their check against answers."""

    def __init__(self, pool: EnginePool | None = None) -> None:
        self.pool = pool or EnginePool()
        self._solutions: OrderedDict[str, Solution | None] = OrderedDict()

    async def solve(self, question: str) -> Solution | None:
        """The engine's checked solution of ``question``, or None when it has none."""
        if question in self._solutions:
            self._solutions.move_to_end(question)
            return self._solutions[question]
        try:
            solution: Solution = await self.pool.run(
                solve_question, (question,), SOLVE_TIMEOUT_SECONDS
            )
        except (PoolTimeout, PoolError):
            solution = None  # type: ignore[assignment]
        found = solution if solution is not None and solution.status == "solved" else None
        self._solutions[question] = found
        if len(self._solutions) > _REMEMBERED:
            self._solutions.popitem(last=False)
        return found

    async def review(self, question: str, answer: str) -> Review:
        """Compare ``answer`` with the engine's solution of ``question``."""
        solution = await self.solve(question)
        if solution is None:
            return NOT_VERIFIED
        try:
            agrees = await self.pool.run(check_claim, (solution, answer), CHECK_TIMEOUT_SECONDS)
        except (PoolTimeout, PoolError):
            return NOT_VERIFIED
        if agrees is None:  # the answer states no result to compare
            return NOT_VERIFIED
        if agrees:
            return Review(verified=True)
        log.warning("the model stated another result; the engine's answer replaces it")
        return Review(verified=True, replacement=solution.markdown)

    async def aclose(self) -> None:
        await self.pool.aclose()


def engine_note(solution: Solution) -> str:
    """What the model is told before it answers a question the engine solved."""
    return (
        "The MAICE math engine has solved this question and checked the result by an "
        f"independent route ({solution.check}). The checked result is: {solution.result}\n\n"
        f"The engine's worked solution:\n\n{solution.markdown}\n\n"
        "Explain this result to the student step by step, in your own words, and end with "
        "the same final answer on an answer line. Do not state any other result. If you "
        "believe the engine misread the question, say so and ask the student instead."
    )
