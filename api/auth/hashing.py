"""Password hashing behind a bound, so a flood of logins cannot starve every other route.

argon2 is slow on purpose (a core for a fraction of a second per hash). At most
``concurrency`` hashes run at once, each in a thread of its own limiter (never one of
the thread pool that sync routes and dependencies use); a login that finds every
permit taken waits on the event loop, holding no thread and no database connection,
and after ``wait_seconds`` gets 503 with Retry-After.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.from_thread
import anyio.to_thread

from core.errors import Overloaded
from core.security import hash_password, verify_password

T = TypeVar("T")


class PasswordHashing:
    def __init__(self, *, concurrency: int, wait_seconds: float) -> None:
        self.concurrency = concurrency
        self.wait_seconds = wait_seconds
        self.permits = anyio.Semaphore(concurrency)
        self._threads = anyio.CapacityLimiter(concurrency)

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """Whether ``password`` matches (always one full argon2 run, even without a hash)."""
        return await self._run(verify_password, password, password_hash)

    async def hash(self, password: str) -> str:
        return await self._run(hash_password, password)

    def verify_from_thread(self, password: str, password_hash: str | None) -> bool:
        """``verify`` for sync routes, which run in a worker thread of the event loop."""
        return anyio.from_thread.run(self.verify, password, password_hash)

    def hash_from_thread(self, password: str) -> str:
        return anyio.from_thread.run(self.hash, password)

    async def _run(self, work: Callable[..., T], *args: object) -> T:
        try:
            with anyio.fail_after(self.wait_seconds):
                await self.permits.acquire()
        except TimeoutError:
            raise Overloaded(
                "Too many sign-ins at once; try again in a moment",
                retry_after_seconds=math.ceil(self.wait_seconds),
            ) from None
        try:
            return await anyio.to_thread.run_sync(work, *args, limiter=self._threads)
        finally:
            self.permits.release()
