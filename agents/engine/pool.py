"""A small pool of pre-forked worker processes with a deadline per job.

Every parse and evaluation of student text runs here, never in the agent's
event loop: a thread cannot be stopped, so a pathological integral would keep
a core and a thread busy long after the student was told it took too long.
Workers are forked once SymPy and the engine are imported (and warmed up), so
a job costs a message on a pipe, not a fork; a worker that misses its deadline
is killed and replaced. ``run`` is a coroutine that waits in the pool's own
threads, so the event loop never blocks, whichever loop calls it.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from . import engine

# Jobs named by string: the pool's public vocabulary.
JOBS: dict[str, Callable[..., Any]] = {
    "solve_question": engine.solve_question,
    "check_claim": engine.check_claim,
}
DEFAULT_TIMEOUT = 5.0
MEMORY_HEADROOM = 1536 * 1024 * 1024  # per worker, above what it inherits
_WARM_UP = ("x^2-5x+6=0", "∫_0^1 x^2 dx", "lim x->0 sin(x)/x", "x^2-4<0", "factor x^3-1")


class PoolTimeout(TimeoutError):
    """The job missed its deadline; its worker was killed and replaced."""


class PoolError(RuntimeError):
    """The job raised, or its worker died (out of memory, a signal)."""


def _limit_memory() -> None:
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + MEMORY_HEADROOM
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):
        pass  # not Linux: the deadline still applies


def _serve(connection: Connection) -> None:
    """The worker loop: one job at a time until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    _limit_memory()
    try:
        while True:
            try:
                job = connection.recv()
            except (EOFError, OSError):
                break
            if job is None:
                break
            func, args = job
            try:
                target = JOBS[func] if isinstance(func, str) else func
                connection.send((True, target(*args)))
            except MemoryError:
                connection.send((False, "MemoryError"))
            except Exception as error:  # the caller decides what to tell the student
                connection.send((False, f"{type(error).__name__}: {error}"))
    finally:
        os._exit(0)  # skip the parent's atexit handlers and buffered output


class _Worker:
    def __init__(self, context: Any) -> None:
        self.connection, child = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def stop(self, grace: float = 1.0) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.connection.send(None)
        self.process.join(grace)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


class EnginePool:
    """``size`` pre-forked workers (the CPU count by default)."""

    def __init__(self, size: int | None = None, *, warm_up: bool = True) -> None:
        self.size = size or os.cpu_count() or 2
        self._warm_up = warm_up
        self._context = multiprocessing.get_context("fork")
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._condition = threading.Condition()
        self._threads = ThreadPoolExecutor(
            max_workers=self.size * 8, thread_name_prefix="engine-pool"
        )
        self._started = False
        self._closed = False
        self.replaced = 0  # workers killed at a deadline or found dead

    @property
    def pids(self) -> list[int]:
        with self._condition:
            return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    def start(self) -> None:
        """Fork the workers (idempotent). Blocking: call before the loop or in a thread."""
        with self._condition:
            if self._started:
                return
            if self._warm_up:
                # Import SymPy's lazily loaded parts once, so every fork shares them.
                for question in _WARM_UP:
                    engine.solve_question(question)
            for _ in range(self.size):
                worker = _Worker(self._context)
                self._all.add(worker)
                self._idle.append(worker)
            self._started = True

    def _take(self) -> _Worker:
        with self._condition:
            while not self._idle:
                if self._closed:
                    raise PoolError("the pool is closed")
                self._condition.wait()
            return self._idle.pop()

    def _give_back(self, worker: _Worker) -> None:
        with self._condition:
            self._idle.append(worker)
            self._condition.notify()

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._condition:
            self._all.discard(worker)
            self.replaced += 1
            if self._closed:
                return
            fresh = _Worker(self._context)
            self._all.add(fresh)
            self._idle.append(fresh)
            self._condition.notify()

    def run_sync(
        self, func: str | Callable[..., Any], args: tuple[Any, ...], timeout: float
    ) -> Any:
        """``func(*args)`` in a worker; PoolTimeout past ``timeout`` seconds of work."""
        self.start()
        worker = self._take()
        try:
            worker.connection.send((func, args))
            if not worker.connection.poll(timeout):
                self._replace(worker)
                raise PoolTimeout(f"no result within {timeout:g} s")
            ok, value = worker.connection.recv()
        except PoolTimeout:  # a TimeoutError is an OSError: caught first
            raise
        except (EOFError, OSError, BrokenPipeError) as error:
            self._replace(worker)
            raise PoolError("the worker died") from error
        except BaseException:
            self._replace(worker)
            raise
        self._give_back(worker)
        if not ok:
            raise PoolError(value)
        return value

    async def run(
        self,
        func: str | Callable[..., Any],
        args: tuple[Any, ...],
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Any:
        """Await ``func(*args)`` from any event loop; the loop is never blocked."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self.run_sync, func, args, timeout)

    def close(self) -> None:
        """Stop every worker; waiting jobs get PoolError. Idempotent."""
        with self._condition:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._condition.notify_all()
        for worker in workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def aclose(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close)
