"""One ``evaluate`` request through the agent: the provider scores, this normalises."""

from __future__ import annotations

from typing import Literal

from agents.providers.base import Provider
from bus.messages import EvaluationReply, EvaluationRequest
from core.rubric import MAX_EVIDENCE_CHARS, get_rubric


async def evaluate_session(provider: Provider, request: EvaluationRequest) -> EvaluationReply:
    """The provider's rubric score, with all 32 elements (one left out is 0) and evidence
    cut to its limit; the points are computed by the worker that stores it."""
    draft = await provider.evaluate(tuple(request.turns))
    elements: dict[str, Literal[0, 1]] = {
        code: 1 if draft.elements.get(code) == 1 else 0 for code in get_rubric().element_codes
    }
    evidence = {
        code: text[:MAX_EVIDENCE_CHARS]
        for code, text in draft.evidence.items()
        if code in elements and text
    }
    return EvaluationReply(
        batch_id=request.batch_id,
        session_id=request.session_id,
        provider=provider.name,
        model=provider.model,
        elements=elements,
        evidence=evidence,
    )
