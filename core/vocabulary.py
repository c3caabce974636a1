"""The words every actor shares: knowledge types, gates, message roles and kinds, turns.

One definition each; the API, the workers, the agent and the models all import them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

KnowledgeType = Literal["K1", "K2", "K3", "K4"]
Gate = Literal["answerable", "needs_clarification", "unanswerable"]
Role = Literal["user", "assistant"]
QuestionKind = Literal["question", "clarification_answer"]
ReplyKind = Literal["answer", "clarification", "refusal"]
FinishReason = Literal["complete", "cancelled"]
# A student's research mode: "agent" may ask back before answering, "freepass" answers at once.
Mode = Literal["agent", "freepass"]

KNOWLEDGE_TYPES: tuple[KnowledgeType, ...] = get_args(KnowledgeType)
GATES: tuple[Gate, ...] = get_args(Gate)
ROLES: tuple[Role, ...] = get_args(Role)
QUESTION_KINDS: tuple[QuestionKind, ...] = get_args(QuestionKind)
REPLY_KINDS: tuple[ReplyKind, ...] = get_args(ReplyKind)
MODES: tuple[Mode, ...] = get_args(Mode)

# After this many clarifying questions the agent answers the best reading.
MAX_CLARIFICATION_ROUNDS = 3
# Event-log entries that are notices for whoever reads the raw stream, not CONTRACT.md
# events: the API relays them as SSE comments (`: waiting {...}`), without an id.
WAITING_NOTICE = "waiting"
NOTICE_TYPES = frozenset({WAITING_NOTICE})


@dataclass(frozen=True)
class Turn:
    """One message of a session as the agent sees it, oldest first in any list of them."""

    role: Role
    content: str
