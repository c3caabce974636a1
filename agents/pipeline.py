"""One chat request through the agent: classify, then clarify, refuse or answer."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from agents.coalesce import MAX_DELAY_SECONDS, Window, coalesce, split_into_pieces
from agents.providers.base import Provider, Question, SessionTranscript, Verdict
from bus.messages import ChatReply, ChatRequest, ClarificationState, SummaryReply, SummaryRequest
from core.vocabulary import KNOWLEDGE_TYPES, MAX_CLARIFICATION_ROUNDS, FinishReason, ReplyKind

EmitEvent = Callable[..., Awaitable[Any]]
T = TypeVar("T")


def question_of(request: ChatRequest) -> Question:
    """The question to work on: a clarification's original question plus every answer."""
    history = tuple(request.history)
    state = request.clarification
    if state is None:
        return Question(text=request.question, history=history)
    return Question(
        text=state.question, history=history, clarifications=(*state.answers, request.question)
    )


async def _pieces_of(text: str) -> AsyncIterator[str]:
    for piece in split_into_pieces(text):
        yield piece


class Cancelled(Exception):
    """The student stopped the answer (see ``ChatPipeline.run``)."""


async def unless_cancelled(awaitable: Awaitable[T], cancelled: asyncio.Event) -> T:
    """``awaitable``'s result, or ``Cancelled`` as soon as ``cancelled`` is set."""
    if cancelled.is_set():
        raise Cancelled
    work = asyncio.ensure_future(awaitable)
    stop = asyncio.ensure_future(cancelled.wait())
    try:
        await asyncio.wait((work, stop), return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.cancel()
    if work.done():
        return work.result()
    work.cancel()
    # Let it unwind before going on: until then what it awaited is still running (an
    # answer's generator, suspended in its anext, could not be closed).
    await asyncio.wait((work,))
    raise Cancelled


class ChatPipeline:
    """``piece_delay`` (ANSWER_PIECE_DELAY_SECONDS) paces an answer's pieces for demos
    and for browser tests that stop or reload mid-answer; the pieces stay the same.
    ``window`` is the coalescing window of an answer's pieces after the first
    (seconds, or a function of the agent's load: see ``agents.slots``)."""

    def __init__(
        self, provider: Provider, *, piece_delay: float = 0.0, window: Window = MAX_DELAY_SECONDS
    ) -> None:
        self.provider = provider
        self.piece_delay = piece_delay
        self.window = window

    async def run(
        self,
        request: ChatRequest,
        emit: EmitEvent,
        *,
        restarted: bool,
        cancelled: asyncio.Event | None = None,
    ) -> ChatReply:
        """Emit the job's agent events through ``emit`` and return the reply to store.

        When ``cancelled`` is set (the student stopped the answer), the work stops at
        once and the reply is what had streamed, with ``finish_reason: cancelled``.
        """
        run = _Run(self, request, emit, cancelled or asyncio.Event(), restarted=restarted)
        try:
            return await run.reply()
        except Cancelled:
            return run.stopped()


class _Run:
    """One request's way through the pipeline, and what it produced so far."""

    def __init__(
        self,
        pipeline: ChatPipeline,
        request: ChatRequest,
        emit: EmitEvent,
        cancelled: asyncio.Event,
        *,
        restarted: bool,
    ) -> None:
        self.provider = pipeline.provider
        self.restarted = restarted
        self.piece_delay = pipeline.piece_delay
        self.window = pipeline.window
        self.request = request
        self.emit = emit
        self.cancelled = cancelled
        self.started = time.perf_counter()
        self.verdict: Verdict | None = None
        self.streamed: list[str] = []

    async def reply(self) -> ChatReply:
        if self.restarted:
            await self.emit("reset", reason="the tutor restarted this answer")
        question = question_of(self.request)
        verdict = self.verdict = await unless_cancelled(
            self.provider.classify(question), self.cancelled
        )
        await self.emit("classification", knowledge_type=verdict.knowledge_type, gate=verdict.gate)

        state = self.request.clarification
        rounds = state.rounds if state else 0
        next_state: ClarificationState | None = None
        kind: ReplyKind
        verified = False
        if verdict.gate == "unanswerable":
            refusal = self.provider.refuse(question, verdict)
            kind, content = "refusal", await unless_cancelled(refusal, self.cancelled)
            await self.emit("token", text=content)
        elif (
            verdict.gate == "needs_clarification"
            and rounds < MAX_CLARIFICATION_ROUNDS
            and self.request.mode != "freepass"  # freepass answers the best reading at once
        ):
            clarify = self.provider.clarify(question, verdict)
            kind, content = "clarification", await unless_cancelled(clarify, self.cancelled)
            await self.emit(
                "clarification", text=content, round=rounds + 1, max_rounds=MAX_CLARIFICATION_ROUNDS
            )
            next_state = ClarificationState(
                question=question.text, answers=list(question.clarifications), rounds=rounds + 1
            )
        else:
            kind, content = "answer", await self._stream_answer(question, verdict)
            review = await self.provider.review(question, content)
            verified = review.verified
            if review.replacement is not None:
                # The answer stated another result than the engine computed: it goes.
                await self.emit("reset", reason="the tutor replaced this answer with a checked one")
                self.streamed.clear()
                content = await self._stream(_pieces_of(review.replacement))
        return self._reply(kind, content, next_state, verified=verified)

    async def _stream_answer(self, question: Question, verdict: Verdict) -> str:
        return await self._stream(self.provider.answer(question, verdict))

    async def _stream(self, source: AsyncIterator[str]) -> str:
        pieces = coalesce(source, max_delay=self.window)
        try:
            while True:
                try:
                    text = await unless_cancelled(anext(pieces), self.cancelled)
                except StopAsyncIteration:
                    break
                if self.streamed and self.piece_delay:
                    await unless_cancelled(asyncio.sleep(self.piece_delay), self.cancelled)
                self.streamed.append(text)
                await self.emit("token", text=text)
        finally:
            await pieces.aclose()
        return "".join(self.streamed)

    def stopped(self) -> ChatReply:
        """The reply of a cancelled run: what had streamed, as an answer."""
        return self._reply("answer", "".join(self.streamed), None, finish_reason="cancelled")

    def _reply(
        self,
        kind: ReplyKind,
        content: str,
        clarification: ClarificationState | None,
        *,
        verified: bool = False,
        finish_reason: FinishReason = "complete",
    ) -> ChatReply:
        return ChatReply(
            job_id=self.request.job_id,
            session_id=self.request.session_id,
            kind=kind,
            content=content,
            verdict=self.verdict,
            provider=self.provider.name,
            model=self.provider.model,
            latency_ms=(time.perf_counter() - self.started) * 1000,
            clarification=clarification,
            verified=verified,
            finish_reason=finish_reason,
            mode=self.request.mode,
        )


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
