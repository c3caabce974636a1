"""`python -m benchmarks`: MAICE against the floor at 1, 10 and 50 students."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import sys
import time
import uuid
from collections.abc import Coroutine
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

from sqlalchemy import make_url

from benchmarks import report
from benchmarks.load import Level, login_all, run_level
from benchmarks.processes import (
    Processes,
    agent_consumers,
    agent_group_ready,
    cpu_seconds,
    free_port,
    http_ok,
    wait_until,
    worker_ready,
)
from benchmarks.services import BenchServices, prepare_database, server_urls
from maice.cli import default_worker_concurrency
from maice.embedded import stop_embedded_services

RESULTS = Path(__file__).parent / "results.md"
PASSWORD = "bench-password-123"
T = TypeVar("T")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--levels", default="1,10,50", help="concurrent students per level")
    parser.add_argument("--seconds", type=float, default=10, help="MAICE run per level")
    parser.add_argument("--floor-seconds", type=float, default=5, help="floor run per level")
    parser.add_argument("--students", type=int, default=50, help="users to create")
    parser.add_argument("--agents", type=int, default=1, help="`maice agent` processes")
    parser.add_argument(
        "--agent-concurrency", type=int, help="AGENT_CONCURRENCY (default: settings)"
    )
    parser.add_argument(
        "--worker-concurrency",
        type=int,
        default=default_worker_concurrency(),
        help="`maice worker --concurrency` (default: as `maice worker`, the number of CPUs)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def child_env(services: BenchServices, secret: str, args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ) | {
        "ENVIRONMENT": "production",
        "JWT_SECRET_KEY": secret,
        "DATABASE_URL": services.database_url,
        "REDIS_URL": services.redis_url,
        "REDIS_PREFIX": services.redis_prefix,
        "LLM_PROVIDER": "echo",
        "ECHO_TOKENS": "50",
        "ECHO_TOKEN_DELAY_SECONDS": "0",
        "DAILY_QUESTION_LIMIT": "1000000",
        "LOGIN_ATTEMPTS_PER_MINUTE": "1000000",  # every student logs in from 127.0.0.1
        "LOG_LEVEL": "WARNING",
    }
    if args.agent_concurrency:
        env["AGENT_CONCURRENCY"] = str(args.agent_concurrency)
    return env


def start_maice(processes: Processes, services: BenchServices, args: argparse.Namespace) -> str:
    """API, worker and agents, each waited for; returns the API's URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    processes.start("api", "-m", "maice", "api", "--port", str(port))
    worker = ("-m", "maice", "worker", "--concurrency", str(args.worker_concurrency))
    processes.start("worker", *worker)
    for number in range(args.agents):
        processes.start(f"agent{number}", "-m", "maice", "agent")
    wait_until(http_ok(f"{url}/health"), "api")
    wait_until(worker_ready(services.redis_url, services.redis_prefix), "worker")
    wait_until(agent_group_ready(services.redis_url, services.redis_prefix), "agent")
    time.sleep(0.5)  # the agents' imports and connections
    processes.check_alive()
    return url


def start_floor(processes: Processes) -> str:
    port = free_port()
    processes.start("floor", "-m", "benchmarks.floor", "--port", str(port))
    url = f"http://127.0.0.1:{port}"
    wait_until(http_ok(f"{url}/health"), "floor")
    return url


async def run_measured(
    name: str, url: str, tokens: list[str], concurrency: int, seconds: float, procs: Processes
) -> Level:
    """One level against one server, printed with where the CPU went meanwhile."""
    database = str(make_url(procs.env["DATABASE_URL"]).database)
    before, client_before = cpu_seconds(procs, database), time.process_time()
    level = await run_level(url, tokens, concurrency, seconds=seconds)
    after = cpu_seconds(procs, database)
    used = report.cpu_used(before, after, time.process_time() - client_before)
    level.cpu = used
    print(report.describe(name, level))
    print("       " + report.cpu_line(used, level), flush=True)
    return level


async def measure(
    maice_url: str, floor_url: str, emails: list[str], args: argparse.Namespace, procs: Processes
) -> list[tuple[Level, Level]]:
    tokens = await login_all(maice_url, emails, PASSWORD)
    for url in (floor_url, maice_url):  # warm up: connections, caches, lazy imports
        await run_level(url, tokens, 10, seconds=3, chats=3)
    pairs = []
    for concurrency in (int(level) for level in args.levels.split(",")):
        # Floor then MAICE at each level, so drift on the machine hits both alike.
        floor = await run_measured(
            "floor", floor_url, tokens, concurrency, args.floor_seconds, procs
        )
        maice = await run_measured("MAICE", maice_url, tokens, concurrency, args.seconds, procs)
        print("       stages p50 ms: " + report.stages_line(maice))
        print("       " + report.ratios(maice, floor), flush=True)
        pairs.append((maice, floor))
    return pairs


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """uvloop when installed (a cheaper client leaves more CPU to the servers)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # As Ctrl-C: asyncio's runner then cancels the load cleanly and raises KeyboardInterrupt.
    signal.raise_signal(signal.SIGINT)


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started in background
    signal.signal(signal.SIGTERM, _interrupt)
    began = time.monotonic()
    services = BenchServices(*server_urls())
    services.create()
    processes = Processes({}, log_prefix=f"bench-{services.run_id}")
    try:
        from core.settings import Settings

        secret = uuid.uuid4().hex
        processes.env = child_env(services, secret, args)
        settings = Settings(
            database_url=services.database_url,
            redis_url=services.redis_url,
            redis_prefix=services.redis_prefix,
            jwt_secret_key=secret,
        )
        emails = prepare_database(settings, students=args.students, password=PASSWORD)
        floor_url = start_floor(processes)
        maice_url = start_maice(processes, services, args)
        print(f"ready after {time.monotonic() - began:.1f} s; logs: {processes.log_path('*')}")
        pairs = run_async(measure(maice_url, floor_url, emails, args, processes))
        consumers = agent_consumers(services.redis_url, services.redis_prefix)
        print(f"agents that took work: {consumers} of {args.agents}")
        processes.check_alive()
        table = report.markdown_table(pairs)
        setup = (
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {args.agents} agent(s),"
            f" worker --concurrency {args.worker_concurrency}, echo provider (50 tokens, no"
            f" delay), {args.seconds:g} s per level"
        )
        targets = "".join(f"- {line}\n" for line in report.target_lines(pairs))
        print(f"\n{table}\n{targets}")
        args.output.write_text(f"# Chat benchmark\n\n{setup}.\n\n{table}\n{targets}")
        print(f"\nwritten to {args.output}")
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        processes.stop()
        services.drop()
        stop_embedded_services()  # those server_urls() started; a no-op for TEST_* servers
        print(f"total {time.monotonic() - began:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
