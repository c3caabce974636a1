"""The one interface every provider implements, and the values it exchanges.

The pipeline (classify -> clarify | refuse | answer, and summarise) calls these
methods; a provider decides how: rules and SymPy (``tutor``), an
OpenAI-compatible server (``openai``) or canned text (``echo``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from agents.grounding import Review
from bus.messages import EvaluationTurn, SummaryTurn, Verdict
from core.vocabulary import GATES, KNOWLEDGE_TYPES, Gate, KnowledgeType, Turn

# The shared words, for providers to import from one place of their own.
__all__ = [
    "GATES",
    "KNOWLEDGE_TYPES",
    "EvaluationTurn",
    "Gate",
    "KnowledgeType",
    "Provider",
    "Question",
    "Review",
    "RubricDraft",
    "SessionTranscript",
    "SummaryDraft",
    "SummaryTurn",
    "Turn",
    "Verdict",
]


@dataclass(frozen=True)
class Question:
    """What the student asked, with what the pipeline knows around it.

    ``text`` is the question to work on. When the student is answering a
    clarification, ``text`` is the original question and ``clarifications``
    holds the student's answers so far, oldest first.
    """

    text: str
    history: tuple[Turn, ...] = ()
    clarifications: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """The question with the student's clarifying answers appended."""
        return "\n".join((self.text, *self.clarifications))


@dataclass(frozen=True)
class SessionTranscript:
    """The summariser's input: a session's questions, each with its verdict and reply."""

    turns: tuple[SummaryTurn, ...]

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(turn.question for turn in self.turns)

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """The verdicts there are (a question whose job failed has none)."""
        return tuple(turn.verdict for turn in self.turns if turn.verdict is not None)


@dataclass(frozen=True)
class SummaryDraft:
    """What a provider writes of a session; the pipeline adds the counted facts."""

    summary: str
    key_concepts: tuple[str, ...] = ()


@dataclass(frozen=True)
class RubricDraft:
    """A provider's QAC score of a session: element code -> 0|1, and why, per element.
    The pipeline fills in elements left out (0) and computes no score itself."""

    elements: dict[str, int]
    evidence: dict[str, str]


class Provider(Protocol):
    """A source of verdicts and answers."""

    name: str
    model: str

    async def classify(self, question: Question) -> Verdict:
        """Knowledge type and gate of ``question.full_text``."""
        ...

    async def clarify(self, question: Question, verdict: Verdict) -> str:
        """One reflective question back to the student."""
        ...

    async def refuse(self, question: Question, verdict: Verdict) -> str:
        """A short, polite refusal for an out-of-scope question."""
        ...

    def answer(self, question: Question, verdict: Verdict) -> AsyncIterator[str]:
        """The answer, streamed as text pieces (Markdown with LaTeX)."""
        ...

    async def review(self, question: Question, answer: str) -> Review:
        """The math engine's word on ``answer`` as streamed: ``verified`` when it states a
        result the engine computed or checked (only then may a reply say so, in ``done``);
        a ``replacement`` to stream instead when it states another result."""
        ...

    async def summarize(self, session: SessionTranscript) -> SummaryDraft:
        """A learning summary of one session."""
        ...

    async def evaluate(self, turns: tuple[EvaluationTurn, ...]) -> RubricDraft:
        """A QAC rubric score of one session's messages (oldest first)."""
        ...

    async def aclose(self) -> None:
        """Release what the provider holds (HTTP clients, worker processes)."""
        ...
