"""Chat tasks: store the question and ask the agent; store the reply and finish the job.

Both are idempotent on ``job_id``: a redelivered task finds what it stored
(unique job_id per message kind) and emits only the events still missing.
"""

from __future__ import annotations

from typing import Any

import structlog
from celery import Task
from sqlalchemy import Connection

from bus.events import emit_checked_sync, emit_job_event_sync, event_types_sync
from bus.jobs import get_job, record_session
from bus.mailbox import send_to_agent_sync
from bus.messages import ChatJob, ChatReply, ChatRequest, ClarificationState
from bus.tasks import CHAT_FINISH, CHAT_START, CHAT_WATCHDOG
from bus.watchdog import sweep
from models.repositories import messages as messages_repo
from models.repositories import users as users_repo
from models.repositories.messages import StoredQuestion, StoredReply
from tasks import resources
from tasks.app import RETRY, celery_app

log = structlog.get_logger(__name__)
HISTORY_MESSAGES = 10
TITLE_LENGTH = 60


class ChatTask(Task):  # type: ignore[type-arg]
    """A chat task that, failing for good, ends its job with ``error`` (no silent wait)."""

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        job = args[0] if args and isinstance(args[0], dict) else {}
        if isinstance(job.get("job_id"), str):
            emit_job_event_sync(
                resources.redis_client(),
                resources.keys(),
                job["job_id"],
                "error",
                code="internal_error",
                message="Something went wrong on our side; please ask again.",
            )
        log.error("chat task failed", task=self.name, error=type(exc).__name__)


def session_title(question: str) -> str:
    first_line = " ".join(question.split())
    return first_line if len(first_line) <= TITLE_LENGTH else first_line[: TITLE_LENGTH - 1] + "…"


def _store_question(connection: Connection, job: ChatJob) -> tuple[StoredQuestion, bool]:
    """The job's question, and whether it is new (not from an earlier delivery)."""
    while True:
        if job.session_id is not None:
            stored = messages_repo.question_of_job(connection, job.job_id)
            if stored is not None:
                return stored, False
            stored = messages_repo.add_question_to_session(
                connection,
                job_id=job.job_id,
                user_id=job.user_id,
                session_id=job.session_id,
                question=job.question,
            )
            if stored is not None:
                return stored, True
        # A new session, or the student deleted theirs meanwhile.
        stored = messages_repo.add_question_to_new_session(
            connection,
            job_id=job.job_id,
            user_id=job.user_id,
            title=session_title(job.question),
            question=job.question,
        )
        if stored is not None:
            return stored, True
        stored = messages_repo.question_of_job(connection, job.job_id)
        if stored is not None:
            return stored, False
        # Stored by an earlier delivery, then deleted with its session: store it anew.


@celery_app.task(name=CHAT_START, base=ChatTask, **RETRY)
def start_chat(job: dict[str, Any]) -> None:
    """Store the question (creating the session if new) and post it to the agent."""
    chat_job = ChatJob.model_validate(job)
    redis, keys = resources.redis_client(), resources.keys()
    structlog.contextvars.bind_contextvars(job_id=chat_job.job_id, user_id=chat_job.user_id)
    with resources.database().transaction() as connection:
        question, is_new = _store_question(connection, chat_job)
        history = (
            messages_repo.recent(
                connection,
                question.session_id,
                before_id=question.message_id,
                limit=HISTORY_MESSAGES,
            )
            if chat_job.session_id is not None
            else []
        )
        mode = users_repo.mode_of(connection, chat_job.user_id)
    clarification = (
        ClarificationState.model_validate(question.clarification)
        if question.clarification and question.kind == "clarification_answer"
        else None
    )
    request = ChatRequest(
        job_id=chat_job.job_id,
        session_id=question.session_id,
        user_id=chat_job.user_id,
        question=question.content,
        history=history,
        clarification=clarification,
        mode=mode,
    )
    if chat_job.session_id is None:  # the session is new: its job can be found from it now
        record_session(redis, keys, chat_job.job_id, question.session_id)
    # Only a redelivery has to look whether the event went out already.
    if is_new or "session" not in event_types_sync(redis, keys, chat_job.job_id):
        cancelled = emit_checked_sync(
            redis,
            keys,
            chat_job.job_id,
            "session",
            session_id=question.session_id,
            title=question.title,
            question_message_id=question.message_id,
        ).cancel_requested
    else:
        record = get_job(redis, keys, chat_job.job_id)
        cancelled = record is not None and record.cancelled
    if cancelled:  # the student stopped it already: nothing for the agent to do
        _finish(stopped_before_work(request))
        return
    # A redelivery may post the request twice; the agent drops the second.
    send_to_agent_sync(redis, keys, request.model_dump_json())
    log.info("question stored and sent to the agent", session_id=question.session_id)


def stopped_before_work(request: ChatRequest) -> ChatReply:
    """The reply of a job the student cancelled before any agent worked on it: empty."""
    return ChatReply(
        job_id=request.job_id,
        session_id=request.session_id,
        kind="answer",
        content="",
        verdict=None,
        provider="none",
        model="none",
        latency_ms=0.0,
        finish_reason="cancelled",
        mode=request.mode,
    )


@celery_app.task(name=CHAT_FINISH, base=ChatTask, **RETRY)
def finish_chat(reply: dict[str, Any]) -> None:
    """Store the agent's reply and verdict, update the session, emit ``done``."""
    _finish(ChatReply.model_validate(reply))


def _finish(chat_reply: ChatReply) -> None:
    structlog.contextvars.bind_contextvars(job_id=chat_reply.job_id)
    redis, keys = resources.redis_client(), resources.keys()
    record = get_job(redis, keys, chat_reply.job_id)
    if record is not None and record.finished == "error":
        # The job ended without this reply (the watchdog gave up on it): its stream said
        # `error`, so its session must not show an answer.
        log.warning("reply of an ended job not stored", finished=record.finished)
        return
    with resources.database().transaction() as connection:
        found = messages_repo.question_and_reply_of_job(
            connection, chat_reply.job_id, chat_reply.session_id
        )
        if found is None:
            # The student deleted the session (or themselves) while the agent worked.
            emit_job_event_sync(
                redis,
                keys,
                chat_reply.job_id,
                "error",
                code="session_deleted",
                message="The session was deleted before the answer could be stored.",
            )
            return
        question_id, stored = found
        if stored is None:  # not stored by an earlier delivery
            stored = _store_reply(connection, chat_reply, question_id)
    emit_job_event_sync(
        redis,
        keys,
        chat_reply.job_id,
        "done",
        session_id=chat_reply.session_id,
        message_id=stored.message_id,
        kind=stored.kind,
        content=stored.content,
        finish_reason=stored.finish_reason,
        verified=stored.verified,
    )
    log.info("reply stored", message_id=stored.message_id, kind=stored.kind)


def _store_reply(connection: Connection, reply: ChatReply, question_id: int) -> StoredReply:
    verdict = reply.verdict
    # A reply cancelled before its question was classified has no labels.
    labels = (
        {
            "knowledge_type": verdict.knowledge_type,
            "gate": verdict.gate,
            "reasons": verdict.reasons,
            "missing_fields": verdict.missing_fields,
        }
        if verdict is not None
        else {"knowledge_type": None, "gate": None, "reasons": "", "missing_fields": ()}
    )
    message_id = messages_repo.add_reply(
        connection,
        job_id=reply.job_id,
        question_id=question_id,
        session_id=reply.session_id,
        kind=reply.kind,
        content=reply.content,
        verdict={
            **labels,
            "provider": reply.provider,
            "model": reply.model,
            "latency_ms": reply.latency_ms,
            "verified": reply.verified,
            "finish_reason": reply.finish_reason,
        },
        clarification=reply.clarification.model_dump() if reply.clarification else None,
        mode=reply.mode,
    )
    return StoredReply(message_id, reply.kind, reply.content, reply.verified, reply.finish_reason)


def _send(name: str, payload: dict[str, Any], label: dict[str, Any]) -> None:
    celery_app.send_task(name, args=[payload], argsrepr=repr(label))


@celery_app.task(name=CHAT_WATCHDOG, **RETRY)
def end_stalled_jobs() -> int:
    """Re-drive stalled jobs (a bounded number of times) and end every job with no
    progress for AGENT_TIMEOUT_SECONDS (beat runs this often); how many it ended."""
    timeout = resources.settings().agent_timeout_seconds
    done = sweep(resources.redis_client(), resources.keys(), timeout_seconds=timeout, send=_send)
    return len(done.ended)
