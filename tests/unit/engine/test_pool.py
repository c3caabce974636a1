"""The engine pool: deadlines, replacement of killed workers, the bound, shutdown,
and hostile questions answered quickly while an ordinary question is answered."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from agents.engine.pool import EnginePool, PoolError, PoolTimeout

HOSTILE = [
    "2^(99999*99999)",
    "(((9^200)^200)^200)^200",
    "10^10^10",
    "9^9^9^9",
    "(10^9)!",
    "pi.n(99999999999)",
    "N(pi, 10**9)",
    "x^2 + " * 600 + "1",
    "(" * 5000 + "1" + ")" * 5000,
]


def _loop_forever() -> None:
    while True:
        pass


def _pid() -> int:
    return os.getpid()


@pytest.fixture(scope="module")
def pool() -> EnginePool:
    engine_pool = EnginePool(2)
    engine_pool.start()
    yield engine_pool  # type: ignore[misc]
    engine_pool.close()


def test_a_looping_job_is_killed_and_its_worker_replaced(pool: EnginePool) -> None:
    before = pool.pids
    with pytest.raises(PoolTimeout):
        asyncio.run(pool.run(_loop_forever, (), 0.5))
    assert len(pool.pids) == 2
    assert pool.pids != before
    assert asyncio.run(pool.run("solve_question", ("2+3",), 5)).result == "5"


def test_the_bound_holds_under_many_jobs(pool: EnginePool) -> None:
    async def many() -> list[int]:
        return list(await asyncio.gather(*(pool.run(_pid, (), 5) for _ in range(20))))

    pids = set(asyncio.run(many()))
    assert pids <= set(pool.pids)
    assert len(pool.pids) == 2


def test_a_raising_job_reports_an_error(pool: EnginePool) -> None:
    with pytest.raises(PoolError):
        asyncio.run(pool.run(int, ("not a number",), 5))


def test_hostile_questions_return_quickly_while_an_ordinary_one_is_answered(
    pool: EnginePool,
) -> None:
    async def scenario() -> tuple[list[object], object, float, float]:
        stalls: list[float] = []

        async def heartbeat() -> None:
            last = time.perf_counter()
            while True:
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                stalls.append(now - last - 0.01)
                last = now

        beat = asyncio.create_task(heartbeat())
        started = time.perf_counter()
        hostile = [pool.run("solve_question", (q,), 3) for q in HOSTILE * 2]
        ordinary = pool.run("solve_question", ("x^2-5x+6=0 풀어줘",), 3)
        results = await asyncio.gather(*hostile, ordinary, return_exceptions=True)
        elapsed = time.perf_counter() - started
        beat.cancel()
        return list(results[:-1]), results[-1], elapsed, max(stalls)

    hostile, ordinary, elapsed, stall = asyncio.run(scenario())
    assert elapsed < 5
    assert stall < 0.2
    assert all(getattr(r, "status", "too_large") != "solved" for r in hostile)
    assert getattr(ordinary, "status", None) == "solved"


def test_shutdown_leaves_no_process() -> None:
    engine_pool = EnginePool(2, warm_up=False)
    engine_pool.start()
    pids = engine_pool.pids
    engine_pool.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
