"""The one interface every provider implements, and the values it exchanges.

The pipeline (classify -> clarify | refuse | answer, and summarise) calls these
methods; a provider decides how: rules and SymPy (``tutor``), an
OpenAI-compatible server (``openai``) or canned text (``echo``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

KnowledgeType = Literal["K1", "K2", "K3", "K4"]
Gate = Literal["answerable", "needs_clarification", "unanswerable"]
KNOWLEDGE_TYPES: tuple[KnowledgeType, ...] = ("K1", "K2", "K3", "K4")
GATES: tuple[Gate, ...] = ("answerable", "needs_clarification", "unanswerable")


@dataclass(frozen=True)
class Turn:
    """One earlier message of the session, oldest first."""

    role: Literal["user", "assistant"]
    content: str


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
class Verdict:
    """The classifier's judgement of a question."""

    knowledge_type: KnowledgeType
    gate: Gate
    reasons: str = ""
    missing_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionDigest:
    """A session's questions and verdicts, the input of the summariser."""

    questions: tuple[str, ...]
    verdicts: tuple[Verdict, ...]
    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class LearningSummary:
    """The summariser's output for one session."""

    summary: str
    key_concepts: tuple[str, ...] = ()
    knowledge_types: dict[str, int] = field(default_factory=dict)


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

    async def summarize(self, session: SessionDigest) -> LearningSummary:
        """A learning summary of one session."""
        ...
