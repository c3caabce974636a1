"""One chat request through the agent: classify, then clarify, refuse or answer."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from agents.coalesce import coalesce
from agents.providers.base import Provider, Question, SessionTranscript, Verdict
from bus.messages import ChatReply, ChatRequest, ClarificationState, SummaryReply, SummaryRequest
from core.vocabulary import KNOWLEDGE_TYPES, MAX_CLARIFICATION_ROUNDS, ReplyKind

EmitEvent = Callable[..., Awaitable[Any]]


def question_of(request: ChatRequest) -> Question:
    """The question to work on: a clarification's original question plus every answer."""
    history = tuple(request.history)
    state = request.clarification
    if state is None:
        return Question(text=request.question, history=history)
    return Question(
        text=state.question, history=history, clarifications=(*state.answers, request.question)
    )


class ChatPipeline:
    """``piece_delay`` (ANSWER_PIECE_DELAY_SECONDS) paces an answer's pieces for demos
    and for browser tests that stop or reload mid-answer; the pieces stay the same."""

    def __init__(self, provider: Provider, *, piece_delay: float = 0.0) -> None:
        self.provider = provider
        self.piece_delay = piece_delay

    async def run(self, request: ChatRequest, emit: EmitEvent, *, restarted: bool) -> ChatReply:
        """Emit the job's agent events through ``emit`` and return the reply to store."""
        started = time.perf_counter()
        if restarted:
            await emit("reset", reason="the tutor restarted this answer")
        question = question_of(request)
        verdict = await self.provider.classify(question)
        await emit("classification", knowledge_type=verdict.knowledge_type, gate=verdict.gate)

        state = request.clarification
        rounds = state.rounds if state else 0
        next_state: ClarificationState | None = None
        kind: ReplyKind
        verified = False
        if verdict.gate == "unanswerable":
            kind, content = "refusal", await self.provider.refuse(question, verdict)
            await emit("token", text=content)
        elif verdict.gate == "needs_clarification" and rounds < MAX_CLARIFICATION_ROUNDS:
            kind, content = "clarification", await self.provider.clarify(question, verdict)
            await emit(
                "clarification",
                text=content,
                round=rounds + 1,
                max_rounds=MAX_CLARIFICATION_ROUNDS,
            )
            next_state = ClarificationState(
                question=question.text, answers=list(question.clarifications), rounds=rounds + 1
            )
        else:
            kind, content = "answer", await self._stream_answer(question, verdict, emit)
            verified = await self.provider.verified(question, content)
        return ChatReply(
            job_id=request.job_id,
            session_id=request.session_id,
            kind=kind,
            content=content,
            verdict=verdict,
            provider=self.provider.name,
            model=self.provider.model,
            latency_ms=(time.perf_counter() - started) * 1000,
            clarification=next_state,
            verified=verified,
        )

    async def _stream_answer(self, question: Question, verdict: Verdict, emit: EmitEvent) -> str:
        parts: list[str] = []
        async for text in coalesce(self.provider.answer(question, verdict)):
            if parts and self.piece_delay:
                await asyncio.sleep(self.piece_delay)
            parts.append(text)
            await emit("token", text=text)
        return "".join(parts)


async def summarize_session(provider: Provider, request: SummaryRequest) -> SummaryReply:
    """The provider's learning summary of the span of messages in ``request``."""
    transcript = SessionTranscript(turns=tuple(request.turns))
    summary = await provider.summarize(transcript)
    counts = {kind: 0 for kind in KNOWLEDGE_TYPES}
    for verdict in transcript.verdicts:  # counted here: never trusted from a model
        counts[verdict.knowledge_type] += 1
    return SummaryReply(
        session_id=request.session_id,
        student_id=request.student_id,
        first_message_id=request.first_message_id,
        last_message_id=request.last_message_id,
        summary=summary.summary,
        key_concepts=list(summary.key_concepts),
        knowledge_types=counts,
    )
