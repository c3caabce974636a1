"""Real MAICE processes for tests and benchmarks: API (uvicorn), Celery worker, agents, beat.

Each child leads its own session, so Ctrl-C reaches only us and stopping signals
its whole group; its output goes to ``.maice-test/logs/<prefix>-<name>.log``.
Each stack gets its own Redis prefix, so its queues, mailbox and event logs are
its own; all stacks of a run share the run's PostgreSQL database.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import redis

from bus.keys import RedisKeys
from bus.tasks import TaskSender, is_redis_url
from core.settings import Settings
from tests.support.ports import free_port
from tests.support.services import REPO, STATE_DIR
from tests.support.waits import http_ok, wait_until

LOG_DIR = STATE_DIR / "logs"


@dataclass
class Processes:
    """Named child processes sharing one environment; a context manager that stops them."""

    env: dict[str, str]
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def log_prefix(self) -> str:
        return self.env["REDIS_PREFIX"].strip(":").replace(":", "-")

    def start(self, name: str, *argv: str) -> subprocess.Popen[bytes]:
        """``python *argv`` in the repository, as ``name``."""
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        with self.log_path(name).open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, *argv],
                env=self.env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running[name] = process
        return process

    def log_path(self, name: str) -> Path:
        return LOG_DIR / f"{self.log_prefix}-{name}.log"

    def check_alive(self) -> None:
        for name, process in self.running.items():
            if process.poll() is not None:
                raise RuntimeError(
                    f"{name} exited with {process.returncode}; see {self.log_path(name)}"
                )

    def kill(self, name: str, signum: int = signal.SIGKILL) -> None:
        process = self.running.pop(name)
        _signal_group(process, signum)
        process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM to every child, SIGKILL to those still there after 15 s."""
        for process in self.running.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        self.running.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


@dataclass
class Stack(Processes):
    """`maice` processes on one Redis prefix; each ``start_*`` returns once it is ready."""

    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def keys(self) -> RedisKeys:
        return RedisKeys(self.env["REDIS_PREFIX"])

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.env["REDIS_URL"], decode_responses=True)

    def start_maice(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        return self.start(name, "-m", "maice", *args)

    def start_api(self) -> None:
        self.start_maice("api", "api", "--port", str(self.port))
        wait_until(http_ok(f"{self.url}/health"), "api")

    def start_worker(self, concurrency: int = 2) -> None:
        self.start_maice("worker", "worker", "--concurrency", str(concurrency))
        wait_until(self._worker_ready, "worker")

    @property
    def settings(self) -> Settings:
        """What this stack's processes need to reach its Redis and its Celery broker."""
        return Settings(
            redis_url=self.env["REDIS_URL"],
            redis_prefix=self.keys.prefix,
            celery_broker_url=self.env.get("CELERY_BROKER_URL"),
        )

    def _worker_ready(self) -> bool:
        if is_redis_url(self.settings.celery_broker_url or self.env["REDIS_URL"]):
            with self.redis() as client:
                return bool(client.keys(f"{self.keys.prefix}celery:_kombu.binding.chat*"))
        # Elsewhere (RabbitMQ) a worker that answers a ping consumes its queues.
        sender = TaskSender(self.settings)
        try:
            return bool(sender.app.control.ping(timeout=0.5))
        finally:
            sender.close()

    def start_agent(self, name: str = "agent") -> subprocess.Popen[bytes]:
        process = self.start_maice(name, "agent")
        wait_until(lambda: process.pid in self.agent_pids(), name)
        return process

    def agent_pids(self) -> set[int]:
        """The pids of the agents in the mailbox's consumer group (named ``<host>-<pid>``)."""
        with self.redis() as client:
            try:
                consumers = client.xinfo_consumers(self.keys.agent_mailbox, self.keys.agent_group)
            except redis.ResponseError:  # no mailbox or group yet
                return set()
        return {int(consumer["name"].rsplit("-", 1)[1]) for consumer in consumers}

    def start_beat(self) -> None:
        self.start_maice("beat", "beat")

    def send_task(self, name: str, *args: Any) -> None:
        """Send a task by name to this stack's workers (its own broker prefix)."""
        sender = TaskSender(self.settings)
        try:
            sender.app.send_task(name, args=list(args))
        finally:
            sender.close()


def stack_env(base: dict[str, str], **overrides: str) -> dict[str, str]:
    """The environment of a new stack: ``base`` (the run's services) under a Redis prefix
    and state folder of its own, then ``overrides``."""
    prefix = f"{base['REDIS_PREFIX']}{uuid.uuid4().hex[:6]}:"
    state_dir = STATE_DIR / "state" / prefix.replace(":", "-")
    own = {"REDIS_PREFIX": prefix, "LOG_LEVEL": "INFO", "MAICE_STATE_DIR": str(state_dir)}
    return dict(os.environ) | base | own | overrides
