"""`python -m benchmarks.capacity`: how many students one machine serves at an LLM's pace.

Each student asks, reads the whole answer (the echo provider streaming at an
LLM's pace: by default 300 tokens 33 ms apart, a 10-second answer), thinks a
few seconds and asks again. Per level of concurrent students it reports the
first-token latency MAICE adds to the provider's own, ``done`` latency, errors,
chats/s, the CPU of every process, and the resident memory of the API and the
agent with its growth per open stream. It stops early once the machine is
saturated, and says so. Results: benchmarks/capacity_results.md and
docs/capacity.png.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import make_url

from benchmarks import capacity_report
from benchmarks.client import Connection, HttpError
from benchmarks.cpu import cpu_seconds, rss_bytes
from benchmarks.load import QUESTION, ChatFailed, Level, one_chat
from benchmarks.report import cpu_used
from benchmarks.setup import handle_signals, prepare_database, run_async
from core.security import create_access_token
from core.settings import Settings
from tests.support.processes import Stack, stack_env
from tests.support.services import Throwaway, server_urls, stop_embedded_servers

HERE = Path(__file__).parent
RESULTS = HERE / "capacity_results.md"
PLOT = HERE.parent / "docs" / "capacity.png"
SAMPLE_SECONDS = 2.0
# A level past which the next would only measure a queue: the machine's cores all busy,
# or more than this share of chats failing.
SATURATED_CPU_SHARE = 0.95
SATURATED_ERROR_SHARE = 0.05
# Or the first token waiting this long: students no longer read an answer, they wait.
SATURATED_FIRST_TOKEN_SECONDS = 10.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.capacity", description=__doc__)
    parser.add_argument("--levels", default="100,500,1000,2000", help="concurrent students")
    parser.add_argument("--seconds", type=float, default=30, help="questions asked per level")
    parser.add_argument("--tokens", type=int, default=300, help="echo tokens per answer")
    parser.add_argument("--token-delay", type=float, default=0.033, help="seconds per token")
    parser.add_argument("--think", default="2,5", help="seconds a student thinks: min,max")
    parser.add_argument("--ramp", type=float, default=5, help="seconds over which students join")
    parser.add_argument("--api-workers", type=int, default=1, help="API_WORKERS")
    parser.add_argument("--agents", type=int, default=1, help="`maice agent` processes")
    parser.add_argument("--worker-concurrency", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--plot", type=Path, default=PLOT)
    return parser.parse_args()


@dataclass
class Run:
    """One level: the chats, and what was sampled of the servers while it ran."""

    level: Level
    open_streams: int = 0
    # (open streams, {process: resident bytes}) every SAMPLE_SECONDS.
    samples: list[tuple[int, dict[str, int]]] = field(default_factory=list)
    idle_rss: dict[str, int] = field(default_factory=dict)


async def student(
    url: str, token: str, run: Run, args: argparse.Namespace, rng: random.Random, until: float
) -> None:
    think_min, think_max = (float(value) for value in args.think.split(","))
    connection = Connection(url)
    body = json.dumps({"question": QUESTION}).encode()
    try:
        await asyncio.sleep(rng.uniform(0, args.ramp))
        while time.perf_counter() < until:
            run.open_streams += 1
            try:
                chat = await one_chat(connection, body, token)
            except (ChatFailed, HttpError, OSError) as error:
                run.level.error(str(error) or type(error).__name__)
                await asyncio.sleep(rng.uniform(think_min, think_max))
                continue
            finally:
                run.open_streams -= 1
            run.level.add(chat)
            await asyncio.sleep(rng.uniform(think_min, think_max))
    finally:
        await connection.close()


async def sample(run: Run, stack: Stack, stop: asyncio.Event) -> None:
    while not stop.is_set():
        run.samples.append((run.open_streams, rss_bytes(stack)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_SECONDS)


async def run_level(
    stack: Stack, tokens: list[str], students: int, args: argparse.Namespace
) -> Run:
    run = Run(Level(students), idle_rss=rss_bytes(stack))
    rng = random.Random(students)  # the same think times on every run of a level
    database = str(make_url(stack.env["DATABASE_URL"]).database)
    before, client_before = cpu_seconds(stack, database), time.process_time()
    started = time.perf_counter()
    until = started + args.ramp + args.seconds
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample(run, stack, stop))
    load = (student(stack.url, tokens[i], run, args, rng, until) for i in range(students))
    await asyncio.gather(*load)
    run.level.elapsed = time.perf_counter() - started
    stop.set()
    await sampler
    after = cpu_seconds(stack, database)
    run.level.cpu = cpu_used(before, after, time.process_time() - client_before)
    return run


def mint_tokens(students: list[tuple[int, str]], secret: str) -> list[str]:
    """Access tokens made as the API makes them: logging 2,000 students in would spend
    minutes of argon2 on the cores being measured (the login path has its own benchmark)."""
    return [
        create_access_token(
            user_id=user_id,
            role="student",
            family_id=uuid.uuid4().hex,
            secret=secret,
            lifetime=timedelta(hours=2),
        )[0]
        for user_id, _ in students
    ]


def saturated(run: Run) -> str | None:
    """Why the next level would only measure a queue, or None."""
    level, cores = run.level, os.cpu_count() or 1
    # What this run used (MAICE, its servers, the load): others' work is not ours to count.
    ours = sum(s for name, s in level.cpu.items() if name != "other") / max(level.elapsed, 1e-9)
    asked = len(level.done) + sum(level.errors.values())
    if ours >= SATURATED_CPU_SHARE * cores:
        return f"MAICE and its load kept {100 * ours / cores:.0f} % of the {cores} cores busy"
    if asked and sum(level.errors.values()) / asked > SATURATED_ERROR_SHARE:
        return f"{sum(level.errors.values())} of {asked} chats failed"
    if level.first_token and max(level.first_token) > SATURATED_FIRST_TOKEN_SECONDS:
        return f"first tokens took up to {max(level.first_token):.0f} s"
    return None


def start_stack(run: Throwaway, secret: str, args: argparse.Namespace) -> Stack:
    env = {"DATABASE_URL": run.database_url, "REDIS_URL": run.redis_url}
    stack = Stack(
        stack_env(
            env | {"REDIS_PREFIX": run.redis_prefix},
            ENVIRONMENT="production",
            JWT_SECRET_KEY=secret,
            LLM_PROVIDER="echo",
            ECHO_TOKENS=str(args.tokens),
            ECHO_TOKEN_DELAY_SECONDS=str(args.token_delay),
            API_WORKERS=str(args.api_workers),
            DAILY_QUESTION_LIMIT="1000000",
            AGENT_TIMEOUT_SECONDS="120",
            LOG_LEVEL="WARNING",
        )
    )
    stack.start_worker(args.worker_concurrency)
    for number in range(args.agents):
        stack.start_agent(f"agent{number}")
    stack.start_api()
    return stack


def main() -> int:
    args = parse_args()
    handle_signals()
    began = time.monotonic()
    levels = [int(level) for level in args.levels.split(",")]
    server_url, redis_url, _ = server_urls()
    throwaway = Throwaway(server_url, redis_url, "maice-capacity")
    throwaway.create()
    secret = uuid.uuid4().hex
    stack: Stack | None = None
    try:
        settings = Settings(
            database_url=throwaway.database_url,
            redis_url=throwaway.redis_url,
            redis_prefix=throwaway.redis_prefix,
            jwt_secret_key=secret,
        )
        students = prepare_database(settings, students=max(levels))
        tokens = mint_tokens(students, secret)
        stack = start_stack(throwaway, secret, args)
        print(f"ready after {time.monotonic() - began:.1f} s", flush=True)
        runs: list[Run] = []
        stopped: str | None = None
        for students_now in levels:
            run = run_async(run_level(stack, tokens, students_now, args))
            stack.check_alive()
            runs.append(run)
            previous = runs[-2] if len(runs) > 1 else None
            print(capacity_report.describe(run, args, previous), flush=True)
            reason = saturated(run)
            if reason and students_now != levels[-1]:
                stopped = reason
                print(f"stopping: {stopped}", flush=True)
                break
        setup = (
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {args.agents} agent(s),"
            f" {args.api_workers} API process(es), worker --concurrency"
            f" {args.worker_concurrency}; echo provider: {args.tokens} tokens"
            f" {1000 * args.token_delay:g} ms apart; students think {args.think} s between"
            f" answers, join over {args.ramp:g} s and ask for {args.seconds:g} s per level"
        )
        text = capacity_report.markdown(runs, args, setup, stopped)
        args.output.write_text(text)
        capacity_report.plot(runs, args, args.plot)
        print(f"\n{text}\nwritten to {args.output} and {args.plot}")
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        if stack is not None:
            stack.stop()
        throwaway.drop()
        stop_embedded_servers()
        print(f"total {time.monotonic() - began:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
