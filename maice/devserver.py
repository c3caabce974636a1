"""`maice dev`: the whole system in one terminal.

`run_dev()` ensures the embedded PostgreSQL / Redis (when `DATABASE_URL` /
`REDIS_URL` are unset), runs `maice migrate`, then starts `maice api`, `worker`,
`beat`, `agent` and `flower` as children, each in its own process group, and
relays their output line by line behind a `name | ` prefix.

SIGINT / SIGTERM, or any child exiting, stops everything: SIGTERM to every
child's process group, SIGKILL to what is left after `GRACE_SECONDS`, then the
embedded servers this command started are stopped.

`MAICE_DEV_SERVICES` (comma-separated, e.g. `api,worker`) starts only a subset
of the children; default: all of `SERVICES`.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from types import FrameType
from typing import IO

import psutil  # type: ignore[import-untyped]

from maice.embedded import ensure_embedded_services, stop_embedded_services

SERVICES = ("api", "worker", "beat", "agent", "flower")
GRACE_SECONDS = 10.0
POLL_SECONDS = 0.2
_WIDTH = 7  # len("migrate")
_COLOURS = {"api": 32, "worker": 33, "beat": 35, "agent": 36, "flower": 34, "migrate": 37, "dev": 1}


class _Output:
    """Our stdout, shared by the relay threads: whole lines, one writer at a time."""

    def __init__(self) -> None:
        self._lock = threading.RLock()  # reentrant: the signal handler writes too
        self._colour = sys.stdout.isatty()

    def prefix(self, name: str) -> str:
        label = f"{name:<{_WIDTH}}|"
        return f"\x1b[{_COLOURS.get(name, 0)}m{label}\x1b[0m " if self._colour else f"{label} "

    def line(self, name: str, text: str) -> None:
        with self._lock:
            sys.stdout.write(self.prefix(name) + text.rstrip("\r\n") + "\n")
            sys.stdout.flush()


@dataclass
class _Child:
    name: str
    process: subprocess.Popen[bytes]
    relay: threading.Thread


def _relay(name: str, stream: IO[bytes], output: _Output) -> None:
    with stream:
        for raw in iter(stream.readline, b""):
            output.line(name, raw.decode("utf-8", errors="replace"))


def _spawn(name: str, args: list[str], output: _Output) -> _Child:
    process = subprocess.Popen(
        [sys.executable, "-m", "maice", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    relay = threading.Thread(target=_relay, args=(name, process.stdout, output), daemon=True)
    relay.start()
    output.line("dev", f"started {name} (pid {process.pid}): maice {' '.join(args)}")
    return _Child(name, process, relay)


def _group_alive(child: _Child) -> bool:
    """True while the child or anything left in its process group still runs."""
    if child.process.poll() is None:
        return True
    for process in psutil.process_iter(["status"]):
        try:
            if (
                process.info["status"] != psutil.STATUS_ZOMBIE
                and os.getpgid(process.pid) == child.process.pid
            ):
                return True
        except (ProcessLookupError, psutil.Error):
            continue
    return False


def _signal_group(child: _Child, signum: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(child.process.pid, signum)


def _shut_down(children: list[_Child], output: _Output) -> None:
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    while any(_group_alive(child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    for child in children:
        if _group_alive(child):
            output.line(
                "dev", f"{child.name} did not stop within {GRACE_SECONDS:.0f} s; killing it"
            )
            _signal_group(child, signal.SIGKILL)
    for child in children:
        child.process.wait()
        child.relay.join(timeout=2)


def _exit_code(returncode: int) -> int:
    """A failing child's code as a shell would report it; an unexpected 0 still fails."""
    if returncode < 0:
        return 128 - returncode
    return returncode or 1


def _selected_services() -> list[str]:
    raw = os.environ.get("MAICE_DEV_SERVICES", "")
    chosen = [name.strip() for name in raw.split(",") if name.strip()] or list(SERVICES)
    unknown = sorted(set(chosen) - set(SERVICES))
    if unknown:
        raise ValueError(f"MAICE_DEV_SERVICES: unknown service(s) {', '.join(unknown)}")
    return chosen


def _service_args(name: str, port: int, flower_port: int) -> list[str]:
    if name == "api":
        return ["api", "--port", str(port)]
    if name == "flower":
        return ["flower", "--port", str(flower_port)]
    return [name]


def run_dev(port: int, flower_port: int) -> int:
    """Run migrations, then every service until a signal or a child's exit; see the module doc."""
    os.environ.setdefault("ENVIRONMENT", "development")
    output = _Output()
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format=f"{output.prefix('dev')}%(message)s", stream=sys.stdout
        )
    try:
        services = _selected_services()
    except ValueError as error:
        output.line("dev", str(error))
        return 2

    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if not stop.is_set():
            output.line("dev", f"received {signal.Signals(signum).name}; stopping everything")
        stop.set()

    previous = {
        signum: signal.signal(signum, on_signal) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    children: list[_Child] = []
    try:
        ensure_embedded_services()
        if stop.is_set():
            return 0
        children.append(_spawn("migrate", ["migrate"], output))
        while children[0].process.poll() is None and not stop.wait(POLL_SECONDS):
            pass
        if stop.is_set():
            return 0
        migrate = children.pop()
        migrate.relay.join(timeout=2)
        if migrate.process.returncode != 0:
            output.line("dev", f"migrate failed with code {migrate.process.returncode}")
            return _exit_code(migrate.process.returncode)

        children.extend(
            _spawn(name, _service_args(name, port, flower_port), output) for name in services
        )
        while not stop.wait(POLL_SECONDS):
            for child in children:
                if child.process.poll() is not None:
                    code = child.process.returncode
                    output.line("dev", f"{child.name} exited with code {code}; stopping everything")
                    return _exit_code(code)
        return 0
    finally:
        _shut_down(children, output)
        stop_embedded_services()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        output.line("dev", "stopped")
