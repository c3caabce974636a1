"""Child processes of the benchmark: started in their own session, always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis

LOG_DIR = Path(__file__).parent.parent / ".maice-test" / "logs"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError, redis.RedisError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not become ready in {timeout:g} s")


def http_ok(url: str) -> Callable[[], bool]:
    return lambda: httpx.get(url, timeout=1).status_code == 200


@dataclass
class Processes:
    """Named child processes sharing one environment; logs under .maice-test/logs."""

    env: dict[str, str]
    log_prefix: str
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, *argv: str) -> subprocess.Popen[bytes]:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        with self.log_path(name).open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, *argv],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches only us; we stop the children
            )
        self.running[name] = process
        return process

    def log_path(self, name: str) -> Path:
        return LOG_DIR / f"{self.log_prefix}-{name}.log"

    def check_alive(self) -> None:
        for name, process in self.running.items():
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {self.log_path(name)}")

    def stop(self) -> None:
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


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def worker_ready(redis_url: str, prefix: str) -> Callable[[], bool]:
    def check() -> bool:
        with redis.Redis.from_url(redis_url) as client:
            return bool(client.keys(f"{prefix}celery:_kombu.binding.chat*"))

    return check


def agent_ready(redis_url: str, prefix: str, pid: int) -> Callable[[], bool]:
    from bus.keys import RedisKeys

    keys = RedisKeys(prefix)

    def check() -> bool:
        with redis.Redis.from_url(redis_url, decode_responses=True) as client:
            try:
                consumers = client.xinfo_consumers(keys.agent_mailbox, keys.agent_group)
            except redis.ResponseError:
                return False
        return any(str(c["name"]).endswith(f"-{pid}") for c in consumers)

    return check
