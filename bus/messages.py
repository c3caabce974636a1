"""Typed messages between the actors: chat jobs, agent requests and replies."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter

KnowledgeType = Literal["K1", "K2", "K3", "K4"]
Gate = Literal["answerable", "needs_clarification", "unanswerable"]
ReplyKind = Literal["answer", "clarification", "refusal"]

# After this many clarifying questions the agent answers the best reading.
MAX_CLARIFICATION_ROUNDS = 3


class ChatJob(BaseModel):
    """What the API hands to ``chat.start``."""

    job_id: str
    user_id: int
    session_id: int | None
    question: str


class HistoryTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


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
    history: list[HistoryTurn] = Field(default_factory=list)
    clarification: ClarificationState | None = None


class VerdictOut(BaseModel):
    knowledge_type: KnowledgeType
    gate: Gate
    reasons: str = ""
    missing_fields: list[str] = Field(default_factory=list)


class ChatReply(BaseModel):
    """The agent's reply, handed to ``chat.finish``."""

    job_id: str
    session_id: int
    kind: ReplyKind
    content: str
    verdict: VerdictOut
    provider: str
    model: str
    latency_ms: float
    # The session's clarification state after this reply (None: not waiting).
    clarification: ClarificationState | None = None


class SummaryRequest(BaseModel):
    """A session to summarise: its questions with their verdicts, and the span they cover."""

    type: Literal["summarize"] = "summarize"
    session_id: int
    student_id: int
    first_message_id: int
    last_message_id: int
    questions: list[str]
    verdicts: list[VerdictOut]
    answers: list[str] = Field(default_factory=list)


class SummaryReply(BaseModel):
    """The agent's learning summary, handed to ``summaries.store``."""

    session_id: int
    student_id: int
    first_message_id: int
    last_message_id: int
    summary: str
    key_concepts: list[str]
    knowledge_types: dict[str, int]


AgentRequest = Annotated[ChatRequest | SummaryRequest, Field(discriminator="type")]
agent_request_adapter: TypeAdapter[ChatRequest | SummaryRequest] = TypeAdapter(AgentRequest)
