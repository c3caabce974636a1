"""Child processes of the benchmark: started in their own session, always stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis

ROOT = Path(__file__).parent.parent
LOG_DIR = ROOT / ".maice-test" / "logs"


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
                cwd=ROOT,
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
                raise RuntimeError(
                    f"{name} exited with {process.returncode}; see {self.log_path(name)}"
                )

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
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def worker_ready(redis_url: str, prefix: str) -> Callable[[], bool]:
    def check() -> bool:
        with redis.Redis.from_url(redis_url) as client:
            return bool(client.keys(f"{prefix}celery:_kombu.binding.chat*"))

    return check


def agent_group_ready(redis_url: str, prefix: str) -> Callable[[], bool]:
    """The agents' consumer group exists (a blocked XREADGROUP is not listed as a consumer
    on Redis 7.0 until it reads something, so the warm-up chats prove the rest)."""
    from bus.keys import RedisKeys

    keys = RedisKeys(prefix)

    def check() -> bool:
        with redis.Redis.from_url(redis_url, decode_responses=True) as client:
            try:
                groups = client.xinfo_groups(keys.agent_mailbox)
            except redis.ResponseError:
                return False
        return any(group["name"] == keys.agent_group for group in groups)

    return check


def agent_consumers(redis_url: str, prefix: str) -> int:
    """How many agents have read from the mailbox so far."""
    from bus.keys import RedisKeys

    keys = RedisKeys(prefix)
    with redis.Redis.from_url(redis_url) as client:
        return len(client.xinfo_consumers(keys.agent_mailbox, keys.agent_group))


def _process_ticks() -> Iterator[tuple[int, int, bytes]]:
    """(session id, CPU ticks user + system, command line) of every process on the machine."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rpartition(")")[2].split()
            command = (proc / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        # After "pid (comm)": state ppid pgrp session ... utime(12) stime(13).
        yield int(fields[3]), int(fields[11]) + int(fields[12]), command


def cpu_seconds(processes: Processes, database_name: str) -> dict[str, float]:
    """CPU time so far of each child (with its children: each leads its own session),
    of PostgreSQL's backends serving ``database_name``, of redis-server (shared with
    whatever else uses it) and of the whole machine ("machine")."""
    sessions = {process.pid: name for name, process in processes.running.items()}
    ticks = dict.fromkeys([*processes.running, "postgres", "redis"], 0)
    for session, used, command in _process_ticks():
        if session in sessions:
            ticks[sessions[session]] += used
        elif command.startswith(b"postgres:") and database_name.encode() in command:
            ticks["postgres"] += used
        elif command.split(b"\0")[0].split(b" ")[0].endswith(b"redis-server"):  # any install
            ticks["redis"] += used
    with open("/proc/stat") as stat:
        cpu = [int(value) for value in stat.readline().split()[1:]]
    ticks["machine"] = sum(cpu) - cpu[3] - cpu[4]  # all but idle and iowait
    per_second = os.sysconf("SC_CLK_TCK")
    return {name: value / per_second for name, value in ticks.items()}
