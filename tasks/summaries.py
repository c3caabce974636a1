"""Batch learning summaries: beat picks idle sessions, the agent writes, a task stores.

Two overlapping runs cannot summarise one span twice: each span is claimed in
Redis before it is sent, and the table has a unique (session, last message).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy.orm import Session

from bus.mailbox import send_to_agent_sync
from bus.messages import SummaryReply, SummaryRequest, SummaryTurn, Verdict
from bus.tasks import SUMMARIES_RUN, SUMMARIES_STORE
from models.repositories import chat_sessions as sessions_repo
from models.repositories import summaries as summaries_repo
from models.repositories.chat_sessions import LabelledMessage
from tasks import resources
from tasks.app import RETRY, celery_app

log = structlog.get_logger(__name__)
BATCH_SIZE = 50
# Long enough for the agent to answer; after it a lost request is sent again.
CLAIM_SECONDS = 15 * 60


@celery_app.task(name=SUMMARIES_RUN, **RETRY)
def run_summaries() -> int:
    """Send every idle session with unsummarised messages to the agent; returns how many."""
    settings = resources.settings()
    redis, keys = resources.redis_client(), resources.keys()
    idle_since = datetime.now(UTC) - timedelta(seconds=settings.summary_idle_seconds)
    sent = 0
    with resources.database().session() as session:
        for session_id, last_id in summaries_repo.sessions_due(
            session, idle_since=idle_since, limit=BATCH_SIZE
        ):
            claim = keys.summary_claim(session_id, last_id)
            if not redis.set(claim, "1", nx=True, ex=CLAIM_SECONDS):
                continue  # another run already sent this span
            request = _summary_request(session, session_id, last_id)
            if request is None:
                continue
            send_to_agent_sync(redis, keys, request.model_dump_json())
            sent += 1
    log.info("summary batch sent", sessions=sent)
    return sent


def _summary_request(session: Session, session_id: int, last_id: int) -> SummaryRequest | None:
    """The messages since the session's last summary, as a request to the agent."""
    chat = sessions_repo.get(session, session_id)
    if chat is None:
        return None
    messages = summaries_repo.messages_in_span(
        session,
        session_id,
        after=summaries_repo.last_summarised_message(session, session_id),
        up_to=last_id,
    )
    if not messages:
        return None
    return SummaryRequest(
        session_id=session_id,
        student_id=chat.user_id,
        first_message_id=messages[0].message.id,
        last_message_id=last_id,
        turns=summary_turns(messages),
    )


def summary_turns(messages: list[LabelledMessage]) -> list[SummaryTurn]:
    """One turn per question (or clarification answer), with its own job's verdict and reply."""
    replies = {
        row.message.job_id: row.message.content
        for row in messages
        if row.message.role == "assistant"
    }
    return [
        SummaryTurn(
            question=row.message.content,
            verdict=(
                Verdict(row.knowledge_type, row.gate)  # type: ignore[arg-type]
                if row.knowledge_type and row.gate
                else None
            ),
            reply=replies.get(row.message.job_id),
        )
        for row in messages
        if summaries_repo.is_user_question(row.message)
    ]


@celery_app.task(name=SUMMARIES_STORE, **RETRY)
def store_summary(reply: dict[str, Any]) -> None:
    """Store the agent's summary once per span of messages."""
    summary = SummaryReply.model_validate(reply)
    with resources.database().session() as session:
        inserted = summaries_repo.add_once(session, summary.model_dump())
        session.commit()
    log.info("learning summary stored", session_id=summary.session_id, inserted=inserted)
