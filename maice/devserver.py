"""`maice dev`: the whole system in one terminal, run by honcho.

`run_dev()` ensures the embedded PostgreSQL / Redis (when `DATABASE_URL` /
`REDIS_URL` are unset), runs `maice migrate`, then starts `maice api`, `worker`,
`beat`, `agent` and `flower`. honcho runs each in its own process group and
relays its output line by line behind a `time name | ` prefix (our own
lines, and the embedded servers' log, come as `system`, like honcho's).

SIGINT / SIGTERM, or any child exiting, stops everything: honcho sends SIGTERM to
every child's process group and SIGKILL to what is left 5 s after the first one
stopped. What a child left behind outside its group (this process is their
subreaper, so they come back to us) is stopped next, then the embedded servers
this command started. The exit status is 0 after a signal, and a child's
failure (an unexpected 0 counts as one) otherwise.

`MAICE_DEV_SERVICES` (comma-separated, e.g. `api,worker`) starts only a subset
of the children; default: all of `SERVICES`.

honcho and psutil come with the `embedded` extra, like the servers.
"""

from __future__ import annotations

import ctypes
import datetime
import logging
import os
import shlex
import signal
import sys
import threading
from contextlib import suppress
from types import FrameType
from typing import Any

from maice.embedded import ensure_embedded_services, require, stop_embedded_services

SERVICES = ("api", "worker", "beat", "agent", "flower")
GRACE_SECONDS = 10.0
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# What honcho's Manager.loop() answers when it stopped on a signal (not a child's code).
_SIGNALLED = {130, 143}
_PR_SET_CHILD_SUBREAPER = 36

_honcho_manager = require("honcho.manager", "`maice dev`")
_honcho_printer = require("honcho.printer", "`maice dev`")
_psutil = require("psutil", "`maice dev`")


def _say(text: str) -> None:
    """A line of our own, prefixed as honcho prefixes its children's."""
    message = _honcho_printer.Message("line", text, datetime.datetime.now(), "system", None)
    _honcho_printer.Printer(sys.stdout, width=len("system")).write(message)


class _SayHandler(logging.Handler):
    """The embedded servers' log lines (started, attached, stopped), prefixed like ours."""

    def emit(self, record: logging.LogRecord) -> None:
        _say(self.format(record))


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


def _run(children: dict[str, list[str]]) -> int | None:
    """Run ``children`` (name → `maice` arguments) under honcho until they have all stopped.

    None when a signal stopped them, else the code of the first to exit.
    """
    manager: Any = _honcho_manager.Manager(_honcho_printer.Printer(sys.stdout))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name, args in children.items():
        # honcho runs a command through /bin/sh; `exec` leaves no shell between it and us.
        command = "exec " + shlex.join([sys.executable, "-m", "maice", *args])
        manager.add_process(name, command, env=env)
    manager.loop()
    code: int | None = manager.returncode
    return None if code in _SIGNALLED else code


def _exit_code(returncode: int) -> int:
    """A failing child's code as a shell would report it; an unexpected 0 still fails."""
    if returncode < 0:
        return 128 - returncode
    return returncode or 1


def _become_subreaper() -> None:
    """Orphans of our children (a worker's pool, the agent's sandboxes) become ours, not
    init's, so that `_stop_leftovers` can find them. Linux only; elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _stop_leftovers() -> None:
    """SIGTERM whatever still runs below us, SIGKILL it after `GRACE_SECONDS`."""
    leftovers = _psutil.Process().children(recursive=True)
    for process in leftovers:
        with suppress(_psutil.Error):
            process.terminate()
    _, alive = _psutil.wait_procs(leftovers, timeout=GRACE_SECONDS)
    for process in alive:
        with suppress(_psutil.Error):
            process.kill()
    _psutil.wait_procs(alive, timeout=2)


def run_dev(port: int, flower_port: int) -> int:
    """Run migrations, then every service until a signal or a child's exit; see the module doc."""
    os.environ.setdefault("ENVIRONMENT", "development")
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[_SayHandler()])
    try:
        services = _selected_services()
    except ValueError as error:
        _say(str(error))
        return 2
    # Until honcho takes the signals over: a signal while the servers start stops us after.
    stopping = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    previous = {signum: signal.signal(signum, on_signal) for signum in _STOP_SIGNALS}
    try:
        ensure_embedded_services()
        if stopping.is_set():
            return 0
        _become_subreaper()  # after the servers have daemonized: they are not leftovers
        migrated = _run({"migrate": ["migrate"]})
        if migrated is None or stopping.is_set():
            return 0
        if migrated != 0:
            _say(f"migrate failed with code {migrated}")
            return _exit_code(migrated)
        code = _run({name: _service_args(name, port, flower_port) for name in services})
        if code is None:
            return 0
        _say(f"a service exited with code {code}; stopped everything")
        return _exit_code(code)
    finally:
        for signum in _STOP_SIGNALS:
            signal.signal(signum, on_signal)  # a second Ctrl-C must not cut the clean-up short
        _stop_leftovers()
        stop_embedded_services()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _say("stopped")
