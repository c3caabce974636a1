"""The load: concurrent students asking questions back to back over SSE.

The same code measures MAICE and the floor: per chat, the time from sending
the POST to the first ``token`` event and to the ``done`` event.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import httpx

from benchmarks.client import Connection, HttpError

CHAT_PATH = "/api/v1/maice/chat/streaming"
QUESTION = "Solve 2x + 3 = 7 and explain each step."


# Where a MAICE chat spends its time, from the events' stream ids (Redis clock, ms):
# each stage ends at the first event of the given type ("last token" for tokens).
STAGES = (
    ("API publish", "accepted"),
    ("worker chat.start", "session"),
    ("agent pickup", "classification"),
    ("agent answer", "last token"),
    ("worker chat.finish", "done"),
)


@dataclass
class Level:
    """What one concurrency level measured (seconds; stages in ms)."""

    concurrency: int
    first_token: list[float] = field(default_factory=list)
    done: list[float] = field(default_factory=list)
    stages: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    # CPU seconds each process used meanwhile (see report.cpu_used).
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def chats_per_second(self) -> float:
        return len(self.done) / self.elapsed if self.elapsed else 0.0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    def add(self, chat: Chat) -> None:
        self.first_token.append(chat.first_token)
        self.done.append(chat.done)
        previous = chat.sent_ms
        for stage, event in STAGES:
            if event not in chat.event_ms:
                return
            self.stages.setdefault(stage, []).append(chat.event_ms[event] - previous)
            previous = chat.event_ms[event]
        self.stages.setdefault("API relay", []).append(chat.received_ms - previous)


@dataclass
class Chat:
    first_token: float
    done: float
    sent_ms: float
    received_ms: float
    event_ms: dict[str, float]


class ChatFailed(Exception):
    pass


def _parse_event(block: bytes) -> tuple[str, float | None]:
    """(type, ms of a stream id like 1700000000000-3) of one SSE event.

    Read by hand, not with httpx-sse as the tests do: the load's client is not httpx
    (see benchmarks/client.py), and it needs only these two fields.
    """
    event_type, ms = "message", None
    for line in block.split(b"\n"):
        if line.startswith(b"event: "):
            event_type = line[7:].decode()
        elif line.startswith(b"id: "):
            ms = float(line[4:].partition(b"-")[0])
    return event_type, ms


async def one_chat(connection: Connection, body: bytes, token: str) -> Chat:
    """Ask once and read the stream to its end; raises ChatFailed unless it ends with ``done``."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    sent_ms, started = time.time() * 1000, time.perf_counter()
    first_token: float | None = None
    done: float | None = None
    received_ms = 0.0
    event_ms: dict[str, float] = {}
    buffer = b""
    try:
        async for piece in connection.post_stream(CHAT_PATH, body, headers):
            *blocks, buffer = (buffer + piece).split(b"\n\n")
            for block in blocks:
                event_type, ms = _parse_event(block)
                if ms is not None:
                    event_ms.setdefault(event_type, ms)
                    if event_type == "token":
                        event_ms["last token"] = ms
                if event_type == "token" and first_token is None:
                    first_token = time.perf_counter() - started
                elif event_type == "error":
                    raise ChatFailed("error event")
                elif event_type == "done":
                    if first_token is None:
                        raise ChatFailed("done before any token")
                    done = time.perf_counter() - started
                    received_ms = time.time() * 1000
    except BaseException:
        await connection.close()  # mid-body: the connection cannot be reused
        raise
    if done is None or first_token is None:
        raise ChatFailed("stream ended without done")
    return Chat(first_token, done, sent_ms, received_ms, event_ms)


async def _student(base_url: str, token: str, level: Level, *, until: float, chats: int) -> None:
    connection = Connection(base_url)
    body = json.dumps({"question": QUESTION}).encode()
    done = 0
    try:
        while done < chats and time.perf_counter() < until:
            try:
                chat = await one_chat(connection, body, token)
            except (ChatFailed, HttpError, OSError) as error:
                level.error(str(error) or type(error).__name__)
                await asyncio.sleep(0.05)
                continue
            level.add(chat)
            done += 1
    finally:
        await connection.close()


async def run_level(
    base_url: str, tokens: list[str], concurrency: int, *, seconds: float, chats: int = 10**9
) -> Level:
    """``concurrency`` students, each chatting back to back for ``seconds`` (or ``chats``)."""
    level = Level(concurrency)
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(
            _student(base_url, tokens[i % len(tokens)], level, until=until, chats=chats)
            for i in range(concurrency)
        )
    )
    level.elapsed = time.perf_counter() - started
    return level


async def login_all(base_url: str, emails: list[str], password: str) -> list[str]:
    """Access tokens through the real login endpoint, a few at a time (argon2 is slow)."""
    limit = asyncio.Semaphore(4)

    async def login(client: httpx.AsyncClient, email: str) -> str:
        async with limit:
            reply = await client.post(
                f"{base_url}/api/v1/auth/login", json={"email": email, "password": password}
            )
        reply.raise_for_status()
        return str(reply.json()["access_token"])

    async with httpx.AsyncClient(timeout=60) as client:
        return list(await asyncio.gather(*(login(client, email) for email in emails)))
