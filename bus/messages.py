"""Typed messages between the actors: chat jobs, agent requests and replies."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter
from pydantic.dataclasses import dataclass

from core.vocabulary import FinishReason, Gate, KnowledgeType, Mode, ReplyKind, Turn


class ChatJob(BaseModel):
    """What the API hands to ``chat.start``."""

    job_id: str
    user_id: int
    session_id: int | None
    question: str


class ClarificationState(BaseModel):
    """A session waiting on the student: the original question and the answers so far."""

    question: str
    answers: list[str] = Field(default_factory=list)
    rounds: int = 0


class ChatRequest(BaseModel):
    """A question for the agent (the mailbox entry of a chat job)."""

    type: Literal["chat"] = "chat"
    job_id: str
    session_id: int
    user_id: int
    question: str
    history: list[Turn] = Field(default_factory=list)
    clarification: ClarificationState | None = None
    # The student's mode: in "freepass" the agent classifies but never asks back.
    mode: Mode = "agent"


@dataclass(frozen=True)
class Verdict:
    """The classifier's judgement of a question: knowledge type and gate, with its reasons.

    A (validating) dataclass, so providers may build it positionally.
    """

    knowledge_type: KnowledgeType
    gate: Gate
    reasons: str = ""
    missing_fields: tuple[str, ...] = ()


class ChatReply(BaseModel):
    """The agent's reply, handed to ``chat.finish``."""

    job_id: str
    session_id: int
    kind: ReplyKind
    content: str
    # None when the student cancelled before the question was classified.
    verdict: Verdict | None
    provider: str
    model: str
    latency_ms: float
    # The session's clarification state after this reply (None: not waiting).
    clarification: ClarificationState | None = None
    # The math engine computed or checked the result the reply states.
    verified: bool = False
    # "cancelled": the student stopped the answer; ``content`` is what had streamed.
    finish_reason: FinishReason = "complete"
    # The mode the reply was made in (the request's).
    mode: Mode = "agent"


class SummaryTurn(BaseModel):
    """One question of a session to summarise, with what became of it.

    The verdict and the reply travel with their question: a job that ended
    without them (an error, a timeout) leaves them None here, and mislabels nothing.
    """

    question: str
    verdict: Verdict | None = None
    reply: str | None = None


class SummaryRequest(BaseModel):
    """A session to summarise: its turns, and the span of messages they cover."""

    type: Literal["summarize"] = "summarize"
    session_id: int
    student_id: int
    first_message_id: int
    last_message_id: int
    turns: list[SummaryTurn]


class SummaryReply(BaseModel):
    """The agent's learning summary, handed to ``summaries.store``."""

    session_id: int
    student_id: int
    first_message_id: int
    last_message_id: int
    summary: str
    key_concepts: list[str]
    knowledge_types: dict[str, int]


class EvaluationTurn(BaseModel):
    """One message of a session to score, with the observable facts the worker stored."""

    role: Literal["user", "assistant"]
    kind: str
    content: str
    knowledge_type: KnowledgeType | None = None
    gate: Gate | None = None
    verified: bool = False


class EvaluationRequest(BaseModel):
    """A session for the agent to score with the QAC rubric (one of a batch)."""

    type: Literal["evaluate"] = "evaluate"
    batch_id: str
    session_id: int
    turns: list[EvaluationTurn]


class EvaluationReply(BaseModel):
    """The agent's rubric score of one session, handed to ``evaluations.store``: every
    element's 0|1 and the evidence for it (the scores are computed when stored)."""

    batch_id: str
    session_id: int
    provider: str
    model: str
    elements: dict[str, Literal[0, 1]]
    evidence: dict[str, str] = Field(default_factory=dict)


AnyAgentRequest = ChatRequest | SummaryRequest | EvaluationRequest
AgentRequest = Annotated[AnyAgentRequest, Field(discriminator="type")]
agent_request_adapter: TypeAdapter[AnyAgentRequest] = TypeAdapter(AgentRequest)
