"""`python -m benchmarks`: MAICE against the floor at 1, 10 and 50 students."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import make_url

from benchmarks import report
from benchmarks.cpu import cpu_seconds
from benchmarks.load import Level, login_all, run_level
from benchmarks.setup import PASSWORD, handle_signals, prepare_database, run_async
from core.settings import Settings
from maice.cli import default_worker_concurrency
from tests.support.ports import free_port
from tests.support.processes import Processes, Stack, stack_env
from tests.support.services import Throwaway, server_urls, stop_embedded_servers
from tests.support.waits import http_ok, wait_until

RESULTS = Path(__file__).parent / "results.md"


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


def maice_env(run: Throwaway, secret: str, args: argparse.Namespace) -> dict[str, str]:
    """Production settings on the run's database and prefix, the echo provider, no limits."""
    base = {
        "DATABASE_URL": run.database_url,
        "REDIS_URL": run.redis_url,
        "REDIS_PREFIX": run.redis_prefix,
    }
    extra = {"AGENT_CONCURRENCY": str(args.agent_concurrency)} if args.agent_concurrency else {}
    return stack_env(
        base,
        ENVIRONMENT="production",
        JWT_SECRET_KEY=secret,
        LLM_PROVIDER="echo",
        ECHO_TOKENS="50",
        ECHO_TOKEN_DELAY_SECONDS="0",
        DAILY_QUESTION_LIMIT="1000000",
        LOGIN_ATTEMPTS_PER_MINUTE="1000000",  # every student logs in from 127.0.0.1
        # Logins are set-up here, not measured: on a busy machine argon2 queues past 2 s.
        PASSWORD_HASH_WAIT_SECONDS="120",
        LOG_LEVEL="WARNING",
        **extra,
    )


def start_maice(stack: Stack, args: argparse.Namespace) -> None:
    """Worker, agents and API, each waited for."""
    stack.start_worker(args.worker_concurrency)
    for number in range(args.agents):
        stack.start_agent(f"agent{number}")
    stack.start_api()
    stack.check_alive()


def start_floor(stack: Stack) -> str:
    """The floor, as one more process of the stack (so its CPU is counted alike)."""
    port = free_port()
    stack.start("floor", "-m", "benchmarks.floor", "--port", str(port))
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


def main() -> int:
    args = parse_args()
    handle_signals()
    began = time.monotonic()
    server_url, redis_url, _ = server_urls()
    run = Throwaway(server_url, redis_url, "maice-bench")
    run.create()
    secret = uuid.uuid4().hex
    stack = Stack(maice_env(run, secret, args))
    try:
        settings = Settings(
            database_url=run.database_url,
            redis_url=run.redis_url,
            redis_prefix=run.redis_prefix,
            jwt_secret_key=secret,
        )
        emails = [email for _, email in prepare_database(settings, students=args.students)]
        floor_url = start_floor(stack)
        start_maice(stack, args)
        print(f"ready after {time.monotonic() - began:.1f} s; logs: {stack.log_path('*')}")
        pairs = run_async(measure(stack.url, floor_url, emails, args, stack))
        print(f"agents in the mailbox's group: {len(stack.agent_pids())} of {args.agents}")
        stack.check_alive()
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
        stack.stop()
        run.drop()
        stop_embedded_servers()  # those server_urls() started; a no-op for TEST_* servers
        print(f"total {time.monotonic() - began:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
