from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from api.schemas import Id, Output, StrictInput
from core.rubric import MAX_EVIDENCE_CHARS

Evaluator = Literal["teacher", "agent"]
Evidence = Annotated[str, Field(max_length=MAX_EVIDENCE_CHARS)]


class RubricElementOut(Output):
    code: str
    title: str
    description: str


class RubricItemOut(Output):
    code: str
    title: str
    elements: list[RubricElementOut]


class RubricOut(Output):
    items: list[RubricItemOut]


class BlindMessage(Output):
    """A message as a blind rater sees it: no ids, nothing of the student."""

    role: Literal["user", "assistant"]
    kind: str
    content: str
    created_at: datetime


class BlindSession(Output):
    session_id: int
    messages: list[BlindMessage]


class EvaluationIn(StrictInput):
    """All 32 elements as 0|1; evidence per element code (at most 100 characters)."""

    session_id: Id
    elements: dict[str, Literal[0, 1]]
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    comment: str | None = Field(default=None, max_length=2000)


class EvaluationUpdate(StrictInput):
    elements: dict[str, Literal[0, 1]]
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    comment: str | None = Field(default=None, max_length=2000)


class EvaluationOut(Output):
    id: int
    session_id: int
    evaluator: Evaluator
    teacher_id: int | None
    provider: str | None
    model: str | None
    elements: dict[str, int]
    evidence: dict[str, str]
    comment: str | None
    scores: dict[str, float]
    total: float
    mode: str | None = None
    created_at: datetime
    updated_at: datetime


class AutoEvaluationIn(StrictInput):
    session_ids: list[Id] | None = Field(default=None, max_length=1000)
    classroom_id: Id | None = None


class AutoEvaluationOut(Output):
    batch_id: str
    # How many sessions the batch sends to the agent (those not yet scored by it).
    sessions: int


class ItemStat(Output):
    mean: float | None
    n: int


class Agreement(Output):
    # Pairs of evaluations of one session by two different raters.
    pairs: int
    # Share of elements on which the two raters of a pair agree, over all pairs.
    element_agreement: float | None
    # Cohen's kappa per item over the pairs' elements (None where undefined).
    kappa: dict[str, float | None] = Field(default_factory=dict)


class ScoreSummary(Output):
    evaluations: int
    by_item: dict[str, ItemStat]
    total_mean: float | None


class EvaluationStats(Output):
    sessions_scored: int
    by_item: dict[str, ItemStat]
    total_mean: float | None
    agreement: Agreement
    # Teacher vs agent side by side, and the same split by the session's mode.
    by_evaluator: dict[str, ScoreSummary]
    by_mode: dict[str, ScoreSummary]
    teacher_vs_agent: Agreement


class ModeCounts(Output):
    agent: int
    freepass: int


class ConsentIn(StrictInput):
    accepted: bool


class ConsentOut(Output):
    version: str
    accepted: bool
    accepted_at: datetime | None
