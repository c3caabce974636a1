"""The agent's rubric scoring in batch: a batch task sends each session to the agent as an
``evaluate`` request; the agent's reply comes back as ``evaluations.store``.

Once per session, provider and model: the batch skips sessions already scored
and claims each one in Redis before sending it (a redelivered batch sends none
twice), and the table's unique (session, provider, model) with ON CONFLICT DO
NOTHING stores a twice-delivered reply once. A killed agent loses nothing: its
mailbox entry stays pending and another agent takes it over.
"""

from __future__ import annotations

from typing import Any

import structlog
from pydantic import BaseModel

from bus.mailbox import send_to_agent_sync
from bus.messages import EvaluationReply, EvaluationRequest, EvaluationTurn
from bus.tasks import EVALUATIONS_RUN, EVALUATIONS_STORE
from core.rubric import get_rubric
from models.repositories import chat_sessions as sessions_repo
from models.repositories import evaluations as evaluations_repo
from tasks import resources
from tasks.app import RETRY, celery_app

log = structlog.get_logger(__name__)
# Long enough for the agent to score a session; after it a lost request may be sent again.
CLAIM_SECONDS = 15 * 60


class EvaluationBatch(BaseModel):
    batch_id: str
    session_ids: list[int]


@celery_app.task(name=EVALUATIONS_RUN, **RETRY)
def run_evaluations(payload: dict[str, Any]) -> int:
    """Send each session of the batch that the configured provider has not scored to the
    agent; returns how many were sent by this delivery."""
    batch = EvaluationBatch.model_validate(payload)
    settings = resources.settings()
    redis, keys = resources.redis_client(), resources.keys()
    provider = settings.llm_provider
    model = settings.llm_model if provider == "openai" else None
    sent = 0
    with resources.database().session() as session:
        for session_id in evaluations_repo.sessions_to_score(
            session, None, session_ids=batch.session_ids, provider=provider, model=model
        ):
            claim = keys.evaluation_claim(session_id, provider, model or "")
            if not redis.set(claim, batch.batch_id, nx=True, ex=CLAIM_SECONDS):
                continue  # an earlier delivery (or batch) sent it already
            turns = [
                EvaluationTurn(
                    role=row.message.role,
                    kind=row.message.kind,
                    content=row.message.content,
                    knowledge_type=row.knowledge_type,
                    gate=row.gate,
                    verified=bool(row.verified),
                )
                for row in sessions_repo.messages(session, session_id)
            ]
            request = EvaluationRequest(batch_id=batch.batch_id, session_id=session_id, turns=turns)
            send_to_agent_sync(redis, keys, request.model_dump_json())
            sent += 1
    log.info("evaluation batch sent", batch_id=batch.batch_id, sessions=sent)
    return sent


@celery_app.task(name=EVALUATIONS_STORE, **RETRY)
def store_evaluation(reply: dict[str, Any]) -> None:
    """Store the agent's score once per session, provider and model (scores computed here)."""
    evaluation = EvaluationReply.model_validate(reply)
    rubric = get_rubric()
    elements = {code: int(evaluation.elements.get(code, 0)) for code in rubric.element_codes}
    with resources.database().session() as session:
        stored = evaluations_repo.add_agent_once(
            session,
            {
                "session_id": evaluation.session_id,
                "provider": evaluation.provider,
                "model": evaluation.model,
                "batch_id": evaluation.batch_id,
                "elements": elements,
                "evidence": evaluation.evidence,
                "scores": rubric.scores(elements),
                "total": rubric.total(elements),
            },
        )
        session.commit()
    log.info(
        "agent evaluation stored",
        session_id=evaluation.session_id,
        batch_id=evaluation.batch_id,
        inserted=stored,
    )
