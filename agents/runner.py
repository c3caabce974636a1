"""The agent actor: reads the mailbox, runs the pipeline, hands replies to the workers.

Several requests run at once (``AGENT_CONCURRENCY``, see ``agents.slots``); a few
more wait for a slot, and their students are told so. A request is acknowledged
only after its reply was handed to ``chat.finish``, so an agent that dies
mid-answer loses nothing: another agent reclaims the entry and starts over.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

import redis.asyncio as aioredis
import structlog
import uvloop
from pydantic import ValidationError

from agents.cancels import CancelListener
from agents.evaluation import evaluate_session
from agents.pipeline import ChatPipeline, summarize_session
from agents.providers.base import Provider
from agents.providers.factory import make_provider
from agents.slots import Slots, agent_concurrency, agent_waiting, waiting_notice
from bus.events import emit_checked, emit_job_event
from bus.jobs import keep_reply
from bus.keys import RedisKeys
from bus.mailbox import (
    MAX_DELIVERIES,
    AgentMailbox,
    Claim,
    MailboxEntry,
    claim_for_entry,
    job_id_of,
)
from bus.messages import (
    ChatRequest,
    EvaluationRequest,
    SummaryRequest,
    agent_request_adapter,
)
from bus.redis import async_client, connections_for
from bus.tasks import CHAT_FINISH, EVALUATIONS_STORE, SUMMARIES_STORE, TaskSender
from core.logging import configure_logging
from core.settings import Settings, get_settings
from core.vocabulary import WAITING_NOTICE

log = structlog.get_logger(__name__)
READ_BLOCK_MS = 2000
SHUTDOWN_GRACE_SECONDS = 10
# Longer than the API's: no client waits on the agent's connects, and a machine so busy
# that a connect takes over a second should slow answers down, not fail them.
AGENT_CONNECT_TIMEOUT_SECONDS = 5.0


class Agent:
    def __init__(
        self, settings: Settings, provider: Provider, client: aioredis.Redis, tasks: TaskSender
    ) -> None:
        self.settings = settings
        self.tasks = tasks
        self.redis = client
        self.keys = RedisKeys(settings.redis_prefix)
        consumer = f"{socket.gethostname()}-{os.getpid()}"
        self.claim_idle_seconds = settings.agent_claim_idle_seconds
        self.mailbox = AgentMailbox(
            client, self.keys, consumer, claim_idle_ms=int(self.claim_idle_seconds * 1000)
        )
        self.slots = Slots(agent_concurrency(settings))
        self.read_limit = self.slots.size + agent_waiting(settings)
        self.pipeline = ChatPipeline(
            provider,
            piece_delay=settings.answer_piece_delay_seconds,
            window=self.slots.window(
                settings.token_window_idle_seconds,
                settings.token_window_busy_seconds,
                settings.token_events_per_second,
            ),
        )
        self.in_flight: set[asyncio.Task[None]] = set()
        self.cancels = CancelListener(client, self.keys.agent_cancels)

    async def run(self, stop: asyncio.Event) -> None:
        listening = asyncio.create_task(self.cancels.run())
        try:
            await self._serve(stop)
        finally:
            listening.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listening

    async def _serve(self, stop: asyncio.Event) -> None:
        await self.mailbox.ensure_group()
        log.info(
            "agent ready",
            consumer=self.mailbox.consumer,
            provider=self.pipeline.provider.name,
            slots=self.slots.size,
            read_limit=self.read_limit,
        )
        loop = asyncio.get_running_loop()
        next_reclaim = 0.0
        while not stop.is_set():
            free = self.read_limit - len(self.in_flight)
            if free <= 0:
                await asyncio.wait(self.in_flight, return_when=asyncio.FIRST_COMPLETED)
                continue
            entries: list[MailboxEntry] = []
            try:
                if loop.time() >= next_reclaim:
                    entries = await self.mailbox.reclaim(free)
                    next_reclaim = loop.time() + self.claim_idle_seconds / 4
                if not entries:
                    entries = await self.mailbox.read_new(free, READ_BLOCK_MS)
            except (OSError, aioredis.RedisError) as error:
                log.warning("mailbox read failed; retrying", error=str(error))
                await asyncio.sleep(1)
                continue
            for entry in entries:
                task = asyncio.create_task(self._handle_or_leave(entry))
                self.in_flight.add(task)
                task.add_done_callback(self.in_flight.discard)
        await self._drain()

    async def _drain(self) -> None:
        """Let running requests finish; the rest stay pending for other agents."""
        if not self.in_flight:
            return
        _, unfinished = await asyncio.wait(self.in_flight, timeout=SHUTDOWN_GRACE_SECONDS)
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)

    async def _handle_or_leave(self, entry: MailboxEntry) -> None:
        """``handle``; when Redis fails it, the entry stays pending and is retried."""
        try:
            await self.handle(entry)
        except (OSError, aioredis.RedisError) as error:
            log.warning("request not handled; left pending", entry_id=entry.id, error=str(error))

    async def handle(self, entry: MailboxEntry) -> None:
        job_id = job_id_of(entry.payload)
        with structlog.contextvars.bound_contextvars(job_id=job_id, entry_id=entry.id):
            try:
                await self._handle(entry, job_id)
            except (OSError, aioredis.RedisError) as error:
                # Redis went away past the client's retries: the entry stays pending and
                # is taken up again once Redis is back (the job's watchdog bounds the wait).
                log.warning("request left pending: redis unavailable", error=str(error))

    async def _handle(self, entry: MailboxEntry, job_id: str | None) -> None:
        if entry.deliveries > MAX_DELIVERIES:
            await self._give_up(entry, job_id, f"delivered {entry.deliveries} times")
            return
        try:
            request = agent_request_adapter.validate_json(entry.payload)
        except ValidationError as error:
            await self._give_up(entry, job_id, f"invalid request: {error.error_count()} errors")
            return
        if isinstance(request, SummaryRequest):
            await self._work(entry, partial(self._summarize, request))
            return
        if isinstance(request, EvaluationRequest):
            await self._work(entry, partial(self._evaluate, request))
            return
        claim = await claim_for_entry(self.redis, self.keys, request.job_id, entry.id)
        if claim is Claim.SKIP:
            await self.mailbox.ack(entry.id)
            return
        chat = partial(self._chat, request, entry.reclaimed, claim is Claim.CANCELLED)
        await self._work(entry, chat)

    async def _chat(
        self, request: ChatRequest, restarted: bool, cancelled_before: bool
    ) -> tuple[str, dict[str, Any]]:
        with self.cancels.watch(request.job_id) as cancelled:
            if cancelled_before:
                cancelled.set()

            async def emit(event_type: str, **data: Any) -> str | None:
                emitted = await emit_checked(
                    self.redis, self.keys, request.job_id, event_type, **data
                )
                if emitted.cancel_requested:
                    cancelled.set()
                return emitted.id

            async def tell_waiting(position: int) -> None:
                # Advisory: a student who misses it still gets the answer.
                try:
                    await emit(WAITING_NOTICE, **waiting_notice(position))
                except (OSError, aioredis.RedisError) as error:
                    log.warning("waiting notice not sent", error=str(error))

            async with self.slots.hold(tell_waiting, give_up=cancelled):
                reply = await self.pipeline.run(
                    request, emit, restarted=restarted, cancelled=cancelled
                )
        # Kept with the job before it is handed on: if chat.finish is lost (a worker
        # killed holding it), the watchdog hands this reply again.
        await keep_reply(self.redis, self.keys, request.job_id, reply.model_dump_json())
        return CHAT_FINISH, reply.model_dump(mode="json")

    async def _summarize(self, request: SummaryRequest) -> tuple[str, dict[str, Any]]:
        async with self.slots.hold():
            reply = await summarize_session(self.pipeline.provider, request)
        return SUMMARIES_STORE, reply.model_dump(mode="json")

    async def _evaluate(self, request: EvaluationRequest) -> tuple[str, dict[str, Any]]:
        async with self.slots.hold():
            reply = await evaluate_session(self.pipeline.provider, request)
        return EVALUATIONS_STORE, reply.model_dump(mode="json")

    async def _work(
        self,
        entry: MailboxEntry,
        produce: Callable[[], Coroutine[Any, Any, tuple[str, dict[str, Any]]]],
    ) -> None:
        """Produce the reply, hand it to the workers, then acknowledge the entry."""
        work = asyncio.create_task(produce())
        lost = asyncio.Event()
        keep_fresh = asyncio.create_task(self._keep_fresh(entry.id, work, lost))
        try:
            task_name, payload = await work
            label: dict[str, Any] = {
                key: payload[key] for key in ("job_id", "session_id") if key in payload
            }
            await asyncio.to_thread(self.tasks.send, task_name, payload, label=label)
            await self.mailbox.ack(entry.id)
            log.info("reply handed to the workers", task=task_name)
        except asyncio.CancelledError:
            if not lost.is_set():
                raise
            log.warning("another agent took this request over; stopped working on it")
        except Exception:
            # Left pending: reclaimed after the idle time and counted as a delivery.
            log.exception("request failed; it will be retried")
        finally:
            keep_fresh.cancel()
            work.cancel()

    async def _keep_fresh(
        self, entry_id: str, work: asyncio.Task[Any], lost: asyncio.Event
    ) -> None:
        while True:
            await asyncio.sleep(self.claim_idle_seconds / 3)
            with contextlib.suppress(OSError, aioredis.RedisError):
                if not await self.mailbox.keep_fresh(entry_id):
                    lost.set()
                    work.cancel()
                    return

    async def _give_up(self, entry: MailboxEntry, job_id: str | None, reason: str) -> None:
        log.error("request dead-lettered", reason=reason)
        await self.mailbox.dead_letter(entry, reason)
        if job_id:
            await emit_job_event(
                self.redis,
                self.keys,
                job_id,
                "error",
                code="agent_failed",
                message="The tutor could not process this question; please ask again.",
            )


async def _main(settings: Settings) -> None:
    # Slots and waiting entries emit; the mailbox read and the cancel listener hold one each.
    client = async_client(
        settings,
        connect_timeout=AGENT_CONNECT_TIMEOUT_SECONDS,
        max_connections=connections_for(agent_concurrency(settings) + agent_waiting(settings)),
        name="maice-agent",
    )
    tasks = TaskSender(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        provider = make_provider(settings)
        try:
            await Agent(settings, provider, client, tasks).run(stop)
        finally:
            await provider.aclose()
    finally:
        await client.aclose()
        tasks.close()
        log.info("agent stopped")


def run_agent() -> None:
    """Entry point of `maice agent`."""
    settings = get_settings()
    configure_logging(settings)
    uvloop.run(_main(settings))  # the event loop is most of the agent's own CPU
