"""Answer slots: how many requests one agent works on at once, and back-pressure beyond.

An answer from an LLM (or the echo provider) is mostly waiting on the network,
so one agent streams hundreds at once; what bounds them is memory and the
event rate, not the cores. Engine (SymPy) work does not run in these slots'
event loop at all: it goes to the process pool sized to the CPUs
(``agents.engine.pool``), whatever the number of slots.

The agent reads a few more mailbox entries than it has slots (``waiting``), so a
student whose request must wait for a slot is told so at once in the stream
instead of hearing nothing; entries beyond that stay in the mailbox, where
another agent of the group can take them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from core.settings import Settings

# Answers one agent streams at once, per provider, when AGENT_CONCURRENCY is unset.
# tutor: the event loop only waits on the engine's process pool, which queues beyond its
# CPUs; more slots than that only hold answers that are waiting anyway.
# openai: a model server's own rate limit is usually met well before the agent's memory.
# echo: the benchmarks' stand-in for an LLM, limited only by memory and the event rate.
DEFAULT_CONCURRENCY = {"tutor": 32, "openai": 256, "echo": 2000}

OnWait = Callable[[int], Awaitable[None]]


def agent_concurrency(settings: Settings) -> int:
    """AGENT_CONCURRENCY when set, else the default of the configured provider."""
    return settings.agent_concurrency or DEFAULT_CONCURRENCY[settings.llm_provider]


def agent_waiting(settings: Settings) -> int:
    """Entries read ahead of a free slot (AGENT_WAITING_LIMIT, else a quarter of the slots)."""
    if settings.agent_waiting_limit is not None:
        return settings.agent_waiting_limit
    return max(4, agent_concurrency(settings) // 4)


def waiting_notice(position: int) -> dict[str, Any]:
    """The data of the ``WAITING_NOTICE`` entry that tells a student their answer waits.

    CONTRACT.md has no event for waiting, so the API relays this entry as an SSE
    comment (``: waiting {...}``): it is in the stream for whoever reads it (the web
    app shows it), and a client that knows only the contract's events sees nothing new.
    """
    return {
        "position": position,
        "message": "튜터가 앞선 질문에 답하는 중입니다. 곧 답합니다."
        " / The tutor will answer shortly: it is busy with earlier questions.",
    }


class Slots:
    """At most ``size`` holders at once; one that has to wait is told so before it waits."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._free = asyncio.Semaphore(size)
        self.busy = 0
        self.waiting = 0

    @property
    def load(self) -> float:
        """The share of slots taken, 0..1 (the coalescing window widens with it)."""
        return self.busy / self.size

    def window(self, idle: float, busy: float, events_per_second: float) -> Callable[[], float]:
        """The coalescing window now: as wide as keeps the token events of every answer in
        flight near ``events_per_second`` in all, within ``idle``..``busy`` seconds.

        One answer gets ``idle`` (smooth reading); 1,000 at a 250 ms window are 4,000
        events a second, where each event costs CPU in the agent, Redis and the API.
        """

        def now() -> float:
            return min(busy, max(idle, self.busy / events_per_second))

        return now

    @contextlib.asynccontextmanager
    async def hold(
        self, on_wait: OnWait | None = None, give_up: asyncio.Event | None = None
    ) -> AsyncIterator[bool]:
        """Hold a slot for the block; yields True when it holds one.

        When none is free, ``on_wait(position)`` runs first (position 1 is next in
        line). When ``give_up`` is set while waiting (the student cancelled), the block
        runs at once without a slot and yields False: it only has to finish empty.
        """
        if self._free.locked():
            self.waiting += 1
            try:
                if on_wait is not None:
                    await on_wait(self.waiting)
                held = await self._acquire_unless(give_up)
            finally:
                self.waiting -= 1
        else:
            await self._free.acquire()
            held = True
        if held:
            self.busy += 1
        try:
            yield held
        finally:
            if held:
                self.busy -= 1
                self._free.release()

    async def _acquire_unless(self, give_up: asyncio.Event | None) -> bool:
        if give_up is None:
            await self._free.acquire()
            return True
        acquiring = asyncio.ensure_future(self._free.acquire())
        stopping = asyncio.ensure_future(give_up.wait())
        try:
            await asyncio.wait((acquiring, stopping), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if acquiring.done() and not acquiring.cancelled():
            return True
        acquiring.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await acquiring
        # A slot granted just as the cancel came in is kept, not leaked.
        return acquiring.done() and not acquiring.cancelled()
