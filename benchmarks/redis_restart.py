"""`python -m benchmarks.redis_restart`: how soon after Redis returns is a chat answered?

Starts a Redis of its own (tests/support/redis_server.py) and a real stack on it
(worker, beat, tutor agent, API), on a database of its own. Each round asks one
chat (so every process holds pooled connections), crashes Redis (SIGKILL: every
connection drops and, without persistence, the data is gone), starts it again
and, from the moment it answers PING, asks one chat after another until one is
answered. It prints, per round and as median and maximum, the seconds from
Redis back to the first answered chat's ``done``, and what the attempts before
it saw (a 503, a stream ending in ``error``).
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from collections import Counter

import httpx

from benchmarks.setup import PASSWORD, prepare_database
from core.settings import Settings
from tests.support.processes import Stack, stack_env
from tests.support.redis_server import RedisServer
from tests.support.services import Throwaway, server_urls
from tests.support.sse import read_events


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10, help="Redis restarts")
    parser.add_argument("--give-up-seconds", type=float, default=60, help="per round")
    return parser.parse_args()


def ask(client: httpx.Client) -> str:
    """One chat: ``done``, the error code its stream ended with, or the HTTP status."""
    try:
        with client.stream("POST", "/maice/chat/streaming", json={"question": "2+3"}) as response:
            if response.status_code != 200:
                return f"HTTP {response.status_code}"
            last = list(read_events(response))[-1]
            return "done" if last.type == "done" else f"error {last.data.get('code')}"
    except httpx.HTTPError as error:
        return type(error).__name__


def one_round(
    client: httpx.Client, redis_server: RedisServer, give_up: float
) -> tuple[float, float, Counter[str]]:
    """Seconds one chat takes before the restart, seconds from Redis back to the first
    answered chat, and what the attempts before that one saw."""
    started = time.monotonic()
    if ask(client) != "done":
        raise RuntimeError("the stack did not answer before the restart")
    usual = time.monotonic() - started
    redis_server.crash()
    redis_server.start()
    back = time.monotonic()
    seen: Counter[str] = Counter()
    while time.monotonic() - back < give_up:
        outcome = ask(client)
        if outcome == "done":
            return usual, time.monotonic() - back, seen
        seen[outcome] += 1
    return usual, float("inf"), seen


def main() -> None:
    args = parse_args()
    server_url, _, _ = server_urls()
    with RedisServer() as redis_server:
        run = Throwaway(server_url, redis_server.url, "maice-bench-restart")
        run.create()
        try:
            [(_, email)] = prepare_database(Settings(database_url=run.database_url), students=1)
            base = {
                "DATABASE_URL": run.database_url,
                "REDIS_URL": redis_server.url,
                "REDIS_PREFIX": run.redis_prefix,
            }
            env = stack_env(
                base,
                ENVIRONMENT="test",
                JWT_SECRET_KEY="bench-" + uuid.uuid4().hex,
                LLM_PROVIDER="tutor",
                LOG_LEVEL="WARNING",
                DAILY_QUESTION_LIMIT="1000000",
            )
            with Stack(env) as stack:
                stack.start_worker()
                stack.start_beat()
                stack.start_agent()
                stack.start_api()
                measure(stack, redis_server, email, args)
        finally:
            run.drop()


def measure(stack: Stack, redis_server: RedisServer, email: str, args: argparse.Namespace) -> None:
    client = httpx.Client(base_url=f"{stack.url}/api/v1", timeout=args.give_up_seconds)
    login = client.post("/auth/login", json={"email": email, "password": PASSWORD})
    login.raise_for_status()
    client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    figures, usual_chats = [], []
    for number in range(1, args.rounds + 1):
        usual, seconds, seen = one_round(client, redis_server, args.give_up_seconds)
        figures.append(seconds)
        usual_chats.append(usual)
        before = ", ".join(f"{what} ×{n}" for what, n in sorted(seen.items())) or "nothing"
        print(
            f"round {number}: first answered chat {seconds:.2f} s after Redis was back "
            f"(before it: {before}; a chat before the restart took {usual:.2f} s)",
            flush=True,
        )
        stack.check_alive()
    print(
        f"Redis back to the first answered chat: median {statistics.median(figures):.2f} s, "
        f"max {max(figures):.2f} s, {args.rounds} restarts; one chat without a restart: "
        f"median {statistics.median(usual_chats):.2f} s",
        flush=True,
    )


if __name__ == "__main__":
    main()
