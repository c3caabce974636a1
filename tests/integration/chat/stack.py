"""Real MAICE processes for tests: API (uvicorn), Celery worker and agents.

Each stack gets its own Redis prefix, so its queues, mailbox and event logs are
its own; all stacks share the run's PostgreSQL database.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import redis

from bus.keys import RedisKeys
from bus.tasks import TaskSender
from core.settings import Settings

LOG_DIR = Path(__file__).parents[3] / ".maice-test" / "logs"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def keys(self) -> RedisKeys:
        return RedisKeys(self.env["REDIS_PREFIX"])

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.env["REDIS_URL"], decode_responses=True)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log = (LOG_DIR / f"{self.env['REDIS_PREFIX'].strip(':')}-{name}.log").open("ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "maice", *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def start_api(self) -> None:
        self.start("api", "api", "--port", str(self.port))
        _wait_until(lambda: httpx.get(f"{self.url}/health", timeout=1).status_code == 200, "api")

    def start_worker(self) -> None:
        self.start("worker", "worker", "--concurrency", "2")
        _wait_until(lambda: self._worker_ready(), "worker")

    def _worker_ready(self) -> bool:
        client = self.redis()
        try:
            return bool(client.keys(f"{self.env['REDIS_PREFIX']}celery:_kombu.binding.chat*"))
        finally:
            client.close()

    def start_agent(self, name: str = "agent") -> subprocess.Popen[bytes]:
        process = self.start(name, "agent")
        before = time.monotonic()

        def consuming() -> bool:
            client = self.redis()
            try:
                consumers = client.xinfo_consumers(self.keys.agent_mailbox, self.keys.agent_group)
            except redis.ResponseError:
                return False
            finally:
                client.close()
            return any(c["name"].endswith(f"-{process.pid}") for c in consumers)

        _wait_until(consuming, name)
        assert time.monotonic() - before < 60
        return process

    def start_beat(self) -> None:
        self.start("beat", "beat")

    def send_task(self, name: str, *args: Any) -> None:
        """Send a task by name to this stack's workers (its own broker prefix)."""
        sender = TaskSender(
            Settings(redis_url=self.env["REDIS_URL"], redis_prefix=self.keys.prefix)
        )
        try:
            sender.app.send_task(name, args=list(args))
        finally:
            sender.close()

    def kill(self, name: str, signum: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signum)
        process.wait(timeout=30)

    def stop(self) -> None:
        for process in self.processes.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def stack_env(base: dict[str, str], **overrides: str) -> dict[str, str]:
    prefix = f"{base['REDIS_PREFIX']}{uuid.uuid4().hex[:6]}:"
    state_dir = LOG_DIR.parent / "state" / prefix.replace(":", "-")
    env = (
        dict(os.environ)
        | base
        | {
            "REDIS_PREFIX": prefix,
            "LOG_LEVEL": "INFO",
            "MAICE_STATE_DIR": str(state_dir),
        }
    )
    return env | overrides


def _wait_until(check: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError, redis.RedisError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not become ready in {timeout} s")


@dataclass(frozen=True)
class SseEvent:
    id: str | None
    type: str
    data: dict[str, Any]


def read_events(response: httpx.Response) -> Iterator[SseEvent]:
    """Parse a text/event-stream response into events (comments skipped)."""
    event_id: str | None = None
    event_type = "message"
    data: list[str] = []
    for line in response.iter_lines():
        if line == "":
            if data:
                yield SseEvent(event_id, event_type, json.loads("\n".join(data)))
            event_id, event_type, data = None, "message", []
        elif line.startswith(":"):
            continue
        elif line.startswith("id: "):
            event_id = line[4:]
        elif line.startswith("event: "):
            event_type = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
