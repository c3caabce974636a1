"""The agent's longest event-loop stall while hostile questions are asked at once.

Drives the agent's own chat pipeline and summariser in-process (the provider the
settings name, `tutor` by default, with its engine pool), on uvloop as `maice agent`
runs. A heartbeat task wakes every 10 ms and records how late it woke: the loop's lag.
Meanwhile every hostile question is classified and answered concurrently, then the
session holding them all is summarised, and an ordinary question is answered alongside.

    .venv/bin/python benchmarks/event_loop_stall.py [--rounds 3]

Prints the max and p99 lag, and how long each question took. No services are needed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

import uvloop

from agents.pipeline import ChatPipeline, summarize_session
from agents.providers.factory import make_provider
from bus.messages import ChatRequest, SummaryRequest, SummaryTurn
from core.settings import Settings

HEARTBEAT_SECONDS = 0.010
HOSTILE = {
    "power tower": "2^(99999*99999)",
    "nested powers": "(((9^200)^200)^200)^200",
    "precision": "pi.n(99999999999)",
    "10^10^10": "10^10^10",
    "factorial": "factorial(10^9)",
    "4000 characters": "1+" * 1999 + "1",
    "5000 parentheses": "(" * 5000 + "1" + ")" * 5000,
}
ORDINARY = "Solve x^2 - 5x + 6 = 0"


class Heartbeat:
    """Wakes every ``HEARTBEAT_SECONDS``; each late wake-up is a stall of the loop."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self._stop = asyncio.Event()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._stop.is_set():
            due = loop.time() + HEARTBEAT_SECONDS
            await asyncio.sleep(HEARTBEAT_SECONDS)
            self.lags.append(max(0.0, loop.time() - due))

    def stop(self) -> None:
        self._stop.set()


async def _emit(event_type: str, **data: Any) -> None:
    return None


async def _ask(pipeline: ChatPipeline, number: int, question: str) -> tuple[float, str]:
    request = ChatRequest(job_id=f"bench-{number}", session_id=1, user_id=1, question=question)
    started = time.perf_counter()
    reply = await pipeline.run(request, _emit, restarted=False)
    return time.perf_counter() - started, reply.content[:60].replace("\n", " ")


async def _summarise(pipeline: ChatPipeline) -> float:
    turns = [SummaryTurn(question=question) for question in HOSTILE.values()]
    request = SummaryRequest(
        session_id=1, student_id=1, first_message_id=1, last_message_id=2, turns=turns
    )
    started = time.perf_counter()
    await summarize_session(pipeline.provider, request)
    return time.perf_counter() - started


async def idle_lag(seconds: float = 2.0) -> float:
    """The heartbeat's max lag with nothing to do: what the machine's load alone costs."""
    heartbeat = Heartbeat()
    beating = asyncio.create_task(heartbeat.run())
    await asyncio.sleep(seconds)
    heartbeat.stop()
    await beating
    return max(heartbeat.lags)


async def one_round(pipeline: ChatPipeline) -> dict[str, Any]:
    heartbeat = Heartbeat()
    beating = asyncio.create_task(heartbeat.run())
    await asyncio.sleep(0.1)  # a baseline of beats before the load
    hostile = asyncio.gather(*(_ask(pipeline, n, q) for n, q in enumerate(HOSTILE.values())))
    answers, (ordinary_seconds, _), summary_seconds = await asyncio.gather(
        hostile, _ask(pipeline, 99, ORDINARY), _summarise(pipeline)
    )
    heartbeat.stop()
    await beating
    lags = sorted(heartbeat.lags)
    return {
        "max_lag": lags[-1],
        "p99_lag": lags[int(len(lags) * 0.99) - 1],
        "beats": len(lags),
        "answers": dict(zip(HOSTILE, answers, strict=True)),
        "ordinary": ordinary_seconds,
        "summary": summary_seconds,
    }


async def main(rounds: int) -> None:
    pipeline = ChatPipeline(make_provider(Settings()))
    try:
        await _ask(pipeline, 0, "1+1")  # the pool is warm, as in a running agent
        alone, _ = await _ask(pipeline, 98, ORDINARY)
        idle = await idle_lag()
        print(f"idle loop: max lag {idle * 1000:.1f} ms; ordinary question alone {alone:.2f} s")
        results = []
        for number in range(1, rounds + 1):
            # A fresh cache each round, so every round computes (or refuses) again.
            getattr(pipeline.provider, "_cache", {}).clear()
            result = await one_round(pipeline)
            results.append(result)
            print(
                f"round {number}: max lag {result['max_lag'] * 1000:.1f} ms, "
                f"p99 {result['p99_lag'] * 1000:.1f} ms over {result['beats']} beats; "
                f"ordinary question {result['ordinary']:.2f} s, summary {result['summary']:.2f} s"
            )
            for name, (seconds, start) in result["answers"].items():
                print(f"    {name:>16}: {seconds:5.2f} s  {start!r}")
        worst = max(result["max_lag"] for result in results)
        median = statistics.median(result["max_lag"] for result in results)
        print(
            f"longest event-loop stall: {worst * 1000:.1f} ms "
            f"(median of rounds {median * 1000:.1f} ms; idle {idle * 1000:.1f} ms)"
        )
    finally:
        await pipeline.provider.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    uvloop.run(main(arguments.rounds))
