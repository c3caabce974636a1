"""`python -m benchmarks.login_flood`: does a flood of logins slow the other routes?

Starts a real `maice api` on a database and Redis prefix of its own and measures:

- where 429s start: wrong passwords at one account, back to back, until the first 429;
- the latency of ordinary routes (GET /auth/me and GET /maice/sessions/ in turn, one
  client back to back) with no flood; while ``--clients`` clients hammer GET /health
  (what any flood of cheap requests costs one API process, for comparison); then while
  they hammer POST /auth/login with wrong passwords for ``--seconds``:
  - *one address*: every attempt from 127.0.0.1 (the per-address limit answers them);
  - *many addresses*: each attempt with its own account and its own X-Forwarded-For
    (uvicorn trusts that header from 127.0.0.1, its FORWARDED_ALLOW_IPS default, as from
    a proxy), so the login limits never apply and every attempt reaches argon2: only the
    bound on password hashing stands between the flood and the other routes.

Run it standalone (it needs nothing but PostgreSQL and Redis, as `make bench`);
the numbers are printed and written to ``--output``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import platform
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from benchmarks.client import Connection, HttpError
from benchmarks.setup import PASSWORD, prepare_database
from core.settings import Settings
from tests.support.ports import free_port
from tests.support.processes import Processes
from tests.support.services import Throwaway, server_urls, stop_embedded_servers
from tests.support.waits import http_ok, wait_until

LOGIN = "/api/v1/auth/login"
PROBES = ("/api/v1/auth/me", "/api/v1/maice/sessions/")
MAX_ONSET_ATTEMPTS = 50
Flood = Literal["health", "one address", "many addresses"]
RESULTS = Path(__file__).parent / "login_flood_results.md"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.login_flood", description=__doc__)
    parser.add_argument("--clients", type=int, default=50, help="concurrent flooding clients")
    parser.add_argument("--seconds", type=float, default=20, help="length of each flood")
    parser.add_argument("--probe-seconds", type=float, default=20, help="probe without a flood")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def percentile_ms(samples: list[float], percent: float) -> float:
    """Nearest-rank percentile in milliseconds (NaN without samples)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1] * 1000


@dataclass
class Scenario:
    name: str
    probe: list[float] = field(default_factory=list)
    probe_errors: Counter[str] = field(default_factory=Counter)
    logins: Counter[int] = field(default_factory=Counter)
    login_seconds: list[float] = field(default_factory=list)
    elapsed: float = 0.0

    def row(self) -> str:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.logins.items())) or "-"
        rate = sum(self.logins.values()) / self.elapsed if self.elapsed else 0.0
        return (
            f"| {self.name} | {len(self.probe)} | {percentile_ms(self.probe, 50):.1f}"
            f" | {percentile_ms(self.probe, 99):.1f} | {max(self.probe, default=0) * 1000:.1f}"
            f" | {rate:.0f} | {percentile_ms(self.login_seconds, 99):.0f} | {statuses} |"
        )


async def probe(base_url: str, token: str, scenario: Scenario, until: float) -> None:
    """Ordinary routes back to back on one keep-alive connection."""
    connection = Connection(base_url)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        for path in itertools.cycle(PROBES):
            if time.perf_counter() >= until:
                return
            started = time.perf_counter()
            try:
                status, _, _ = await connection.request("GET", path, headers=headers)
            except (HttpError, OSError) as error:
                scenario.probe_errors[type(error).__name__] += 1
                await connection.close()
                continue
            if status != 200:
                scenario.probe_errors[f"HTTP {status}"] += 1
            scenario.probe.append(time.perf_counter() - started)
    finally:
        await connection.close()


async def flooder(base_url: str, scenario: Scenario, until: float, *, flood: Flood) -> None:
    """Requests back to back: wrong passwords (from 127.0.0.1, or each from a new account
    and address), or for comparison GET /health, the cheapest route there is."""
    connection = Connection(base_url)
    try:
        while time.perf_counter() < until:
            tag = uuid.uuid4().hex
            body = json.dumps({"email": f"{tag}@flood.example.com", "password": "wrong-" + tag})
            headers = {"X-Forwarded-For": _address(tag)} if flood == "many addresses" else {}
            started = time.perf_counter()
            try:
                if flood == "health":
                    status, _, _ = await connection.request("GET", "/health")
                else:
                    status, _, _ = await connection.request("POST", LOGIN, body.encode(), headers)
            except (HttpError, OSError):
                await connection.close()
                status = 0
            scenario.logins[status] += 1
            scenario.login_seconds.append(time.perf_counter() - started)
    finally:
        await connection.close()


def _address(tag: str) -> str:
    """A documentation-range IPv6 address (RFC 3849) made from ``tag``."""
    return "2001:db8:" + ":".join(tag[i : i + 4] for i in range(0, 24, 4))


async def run_scenario(
    base_url: str, token: str, name: str, seconds: float, clients: int, flood: Flood | None
) -> Scenario:
    """The probe for ``seconds``, with ``clients`` flooders alongside unless ``flood`` is None."""
    scenario = Scenario(name)
    started = time.perf_counter()
    until = started + seconds
    tasks = [probe(base_url, token, scenario, until)]
    if flood is not None:
        tasks += [flooder(base_url, scenario, until, flood=flood) for _ in range(clients)]
    await asyncio.gather(*tasks)
    scenario.elapsed = time.perf_counter() - started
    return scenario


async def login(connection: Connection, email: str, password: str, address: str) -> tuple[int, str]:
    body = json.dumps({"email": email, "password": password}).encode()
    status, headers, reply = await connection.request(
        "POST", LOGIN, body, {"X-Forwarded-For": address}
    )
    detail = headers.get("retry-after", "") if status == 429 else reply.decode()
    return status, detail


async def onset(base_url: str, email: str, other_email: str) -> list[str]:
    """Wrong passwords at one account until the first 429; then who else is refused."""
    connection = Connection(base_url)
    lines = []
    try:
        started = time.perf_counter()
        for attempt in itertools.count(1):
            status, retry_after = await login(connection, email, "wrong-password", "192.0.2.10")
            if status == 429:
                elapsed = time.perf_counter() - started
                lines.append(
                    f"- one account, one address, back to back: attempt {attempt} (after"
                    f" {elapsed:.2f} s) is the first 429, Retry-After {retry_after} s"
                )
                break
            if attempt >= MAX_ONSET_ATTEMPTS:
                lines.append(f"- no 429 in {attempt} attempts: logins are not limited")
                break
        status, _ = await login(connection, email, PASSWORD, "192.0.2.11")
        lines.append(f"- the same account, right password, another address: {status}")
        status, _ = await login(connection, other_email, PASSWORD, "192.0.2.10")
        lines.append(f"- another account, right password, the same address: {status}")
    finally:
        await connection.close()
    return lines


async def measure(base_url: str, emails: list[str], args: argparse.Namespace) -> str:
    probe_connection = Connection(base_url)
    try:
        status, _, reply = await probe_connection.request(
            "POST",
            LOGIN,
            json.dumps({"email": emails[0], "password": PASSWORD}).encode(),
            {"X-Forwarded-For": "198.51.100.1"},
        )
    finally:
        await probe_connection.close()
    if status != 200:
        raise RuntimeError(f"probe login failed: {status} {reply[:200]!r}")
    token = json.loads(reply)["access_token"]
    lines = await onset(base_url, emails[1], emails[2])
    print("\n".join(lines), flush=True)
    await run_scenario(base_url, token, "warm-up", 2, 0, None)
    scenarios = []
    floods: list[tuple[str, float, Flood | None]] = [
        ("no flood", args.probe_seconds, None),
        (
            f"{args.clients} clients, GET /health (any cheap request, for comparison)",
            args.seconds,
            "health",
        ),
        (f"{args.clients} clients, logins from one address", args.seconds, "one address"),
        (
            f"{args.clients} clients, logins from many addresses and accounts",
            args.seconds,
            "many addresses",
        ),
    ]
    for name, seconds, flood in floods:
        scenario = await run_scenario(base_url, token, name, seconds, args.clients, flood)
        scenarios.append(scenario)
        print(scenario.row(), dict(scenario.probe_errors) or "", flush=True)
    table = [
        "| scenario | probe requests | probe p50 ms | probe p99 ms | probe max ms"
        " | flood requests/s | flood p99 ms | flood statuses |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        *(scenario.row() for scenario in scenarios),
    ]
    return "\n".join(["## Where 429s start", "", *lines, "", "## Probe latency", "", *table])


def main() -> int:
    args = parse_args()
    began = time.monotonic()
    server_url, redis_url, _ = server_urls()
    run = Throwaway(server_url, redis_url, "maice-login-flood")
    run.create()
    secret = uuid.uuid4().hex + uuid.uuid4().hex
    env = dict(os.environ) | {
        "ENVIRONMENT": "production",
        "JWT_SECRET_KEY": secret,
        "DATABASE_URL": run.database_url,
        "REDIS_URL": run.redis_url,
        "REDIS_PREFIX": run.redis_prefix,
        "LOG_LEVEL": "WARNING",
    }
    processes = Processes(env)
    try:
        settings = Settings(
            database_url=run.database_url,
            redis_url=run.redis_url,
            redis_prefix=run.redis_prefix,
            jwt_secret_key=secret,
        )
        emails = [email for _, email in prepare_database(settings, students=3)]
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        processes.start("api", "-m", "maice", "api", "--port", str(port))
        wait_until(http_ok(f"{url}/health"), "api")
        results = asyncio.run(measure(url, emails, args))
        processes.check_alive()
        setup = (
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, one `maice api`"
            f" process; {args.clients} flooding clients for {args.seconds:g} s; the probe is"
            " one client alternating GET /auth/me and GET /maice/sessions/ back to back."
        )
        text = f"# Login flood benchmark\n\n{setup}\n\n{results}\n"
        args.output.write_text(text)
        print(f"\n{text}\nwritten to {args.output}")
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        processes.stop()
        run.drop()
        stop_embedded_servers()
        print(f"total {time.monotonic() - began:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
