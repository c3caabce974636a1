"""`make bench-exports`: stream an export of N messages (default 10,000) from a real
`maice api` as CSV and as XLSX, and print the API's peak memory (RSS) while it does.

Constant memory means the peak barely moves with N: run it with `--messages 50000`
to compare.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid

sys.path.insert(0, ".")

import httpx
import psutil
from sqlalchemy import insert

from core.settings import Settings
from models import ChatSession, Consent, Message
from models.database import Database
from models.migrate import upgrade_to_head
from tests.support.factories import user_row
from tests.support.processes import Stack, stack_env
from tests.support.services import Throwaway, server_urls, stop_embedded_servers

PASSWORD = "bench-password-123"
# About a long answer's size, so the rows weigh what real ones do.
CONTENT = "x^2 - 5x + 6 = 0 의 해는 (x-2)(x-3) = 0 에서 x = 2 또는 x = 3 입니다. " * 6


def prepare(settings: Settings, messages: int) -> str:
    """An admin, and one consenting student with ``messages`` messages in 100 sessions."""
    upgrade_to_head(settings)
    database = Database(settings, pool_size=1)
    try:
        with database.session() as session:
            admin = user_row("admin", "admin@bench.example.com", "Bench Admin", password=PASSWORD)
            student = user_row("student", "s@bench.example.com", "Bench Student")
            session.add_all([admin, student])
            session.flush()
            session.add(
                Consent(student_id=student.id, version=settings.consent_version, accepted=True)
            )
            chats = [ChatSession(user_id=student.id, title=f"chat {n}") for n in range(100)]
            session.add_all(chats)
            session.flush()
            rows = [
                {
                    "session_id": chats[n % len(chats)].id,
                    "role": "user" if n % 2 == 0 else "assistant",
                    "kind": "question" if n % 2 == 0 else "answer",
                    "content": CONTENT,
                    "mode": None if n % 2 == 0 else "agent",
                }
                for n in range(messages)
            ]
            for start in range(0, len(rows), 2000):
                session.execute(insert(Message), rows[start : start + 2000])
            session.commit()
            return admin.email
    finally:
        database.dispose()


class PeakRss:
    """Samples the RSS of a process and its children every few ms, in a thread."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def rss(self) -> int:
        processes = [self.process, *self.process.children(recursive=True)]
        return sum(p.memory_info().rss for p in processes if p.is_running())

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.005)

    def __enter__(self) -> PeakRss:
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/exports.py", description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    server_url, redis_url, _ = server_urls()
    run = Throwaway(server_url, redis_url, "maice-bench-exports")
    run.create()
    secret = uuid.uuid4().hex
    base = {
        "DATABASE_URL": run.database_url,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": run.redis_prefix,
    }
    stack = Stack(
        stack_env(base, ENVIRONMENT="production", JWT_SECRET_KEY=secret, LOG_LEVEL="WARNING")
    )
    try:
        settings = Settings(
            database_url=run.database_url,
            redis_url=redis_url,
            redis_prefix=run.redis_prefix,
            jwt_secret_key=secret,
        )
        email = prepare(settings, args.messages)
        stack.start_api()
        api = stack.running["api"].pid
        with httpx.Client(base_url=f"{stack.url}/api/v1", timeout=600) as client:
            login = client.post("/auth/login", json={"email": email, "password": PASSWORD})
            client.headers["Authorization"] = (
                f"Bearer {login.raise_for_status().json()['access_token']}"
            )
            client.get("/teacher/exports/messages.csv?until=2000-01-01").raise_for_status()  # warm
            print(f"{args.messages} messages, {len(CONTENT)} characters each")
            for file_format in ("csv", "xlsx"):
                with PeakRss(api) as memory:
                    before = memory.peak
                    started = time.perf_counter()
                    size = 0
                    with client.stream("GET", f"/teacher/exports/messages.{file_format}") as reply:
                        reply.raise_for_status()
                        for chunk in reply.iter_bytes():
                            size += len(chunk)
                    seconds = time.perf_counter() - started
                print(
                    f"{file_format}: {size / 1e6:.1f} MB in {seconds:.1f} s; API RSS"
                    f" {before / 1e6:.0f} MB before, peak {memory.peak / 1e6:.0f} MB"
                    f" (+{(memory.peak - before) / 1e6:.1f} MB)"
                )
        stack.check_alive()
        return 0
    finally:
        stack.stop()
        run.drop()
        stop_embedded_servers()


if __name__ == "__main__":
    sys.exit(main())
