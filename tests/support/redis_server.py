"""A Redis server of a test's own, which the test may stop, crash and start again.

The machine's shared Redis cannot be restarted under other tests; this one runs
``redis-server`` on a free loopback port, without persistence (a restart loses
everything, as a crash of a Redis without AOF does).
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

import redis

from tests.support.ports import free_port
from tests.support.services import STATE_DIR
from tests.support.waits import wait_until


@dataclass
class RedisServer:
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log_path(self) -> Path:
        return STATE_DIR / "logs" / f"redis-{self.port}.log"

    def start(self) -> None:
        """Start the server and return once it answers PING."""
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        argv = [binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        argv += ["--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_until(self._answers, f"redis-server on {self.port}")

    def _answers(self) -> bool:
        with redis.Redis.from_url(self.url, socket_connect_timeout=0.5) as client:
            return bool(client.ping())

    def crash(self) -> None:
        """SIGKILL: every connection drops at once and the data is gone."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None

    def restart(self) -> None:
        self.crash()
        self.start()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.crash()
