"""A scripted OpenAI-compatible chat-completions server on loopback, for tests.

It speaks the real protocol (``POST /v1/chat/completions``, JSON or
``text/event-stream``) over real HTTP, served by uvicorn in a background
thread. Each request takes the next behaviour from a queue; every request is
recorded so tests can assert on what the client sent.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from tests.fakes.loopback import serving

Kind = Literal["ok", "stream", "status", "hang", "stall"]
# Tells the SDK to retry almost at once, so retry tests stay fast.
FAST_RETRY = {"retry-after-ms": "1"}


@dataclass(frozen=True)
class Behaviour:
    """What the server does with one request."""

    kind: Kind
    content: str = ""
    chunks: tuple[str, ...] = ()
    status: int = 200


def ok(content: str) -> Behaviour:
    """A normal non-streamed completion whose message is ``content``."""
    return Behaviour("ok", content=content)


def stream(*chunks: str) -> Behaviour:
    """A streamed completion sending ``chunks`` as deltas, then ``[DONE]``."""
    return Behaviour("stream", chunks=chunks)


def status(code: int) -> Behaviour:
    """An error response with an OpenAI-style error body."""
    return Behaviour("status", status=code)


def hang() -> Behaviour:
    """Never respond (until the server closes)."""
    return Behaviour("hang")


def stall(*chunks: str) -> Behaviour:
    """Start a stream, send ``chunks``, then go silent without ending it."""
    return Behaviour("stall", chunks=chunks)


@dataclass
class Received:
    """One request the server got."""

    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeOpenAI:
    """The script and the record; ``url`` is the base URL to give the client."""

    url: str = ""
    behaviours: deque[Behaviour] = field(default_factory=deque)
    requests: list[Received] = field(default_factory=list)
    # A server without structured-output support: any json_schema request gets a 400.
    reject_json_schema: bool = False
    released: threading.Event = field(default_factory=threading.Event)

    def script(self, *behaviours: Behaviour) -> None:
        self.behaviours.extend(behaviours)

    def reset(self) -> None:
        self.behaviours.clear()
        self.requests.clear()
        self.reject_json_schema = False

    async def _wait_released(self) -> None:
        while not self.released.is_set():
            await asyncio.sleep(0.02)

    async def handle(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(Received(body=body, headers=dict(request.headers)))
        response_format = body.get("response_format") or {}
        if self.reject_json_schema and response_format.get("type") == "json_schema":
            return _error(400, "response_format json_schema is not supported")
        if not self.behaviours:
            return _error(500, "fake server: no behaviour scripted", retry=False)
        behaviour = self.behaviours.popleft()
        model = str(body.get("model", ""))
        if behaviour.kind == "ok":
            return JSONResponse(_completion(model, behaviour.content))
        if behaviour.kind == "status":
            return _error(behaviour.status, f"fake server error {behaviour.status}")
        if behaviour.kind == "hang":
            await self._wait_released()
            return _error(503, "released")
        return StreamingResponse(self._events(model, behaviour), media_type="text/event-stream")

    async def _events(self, model: str, behaviour: Behaviour) -> AsyncIterator[str]:
        for index, text in enumerate(behaviour.chunks):
            delta = {"role": "assistant", "content": text} if index == 0 else {"content": text}
            yield _sse(_chunk(model, delta, None))
        if behaviour.kind == "stall":
            await self._wait_released()
            return
        yield _sse(_chunk(model, {}, "stop"))
        yield "data: [DONE]\n\n"


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, delta: dict[str, str], finish_reason: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def _sse(data: dict[str, Any]) -> str:
    return f"data: {json.dumps(data)}\n\n"


def _error(code: int, message: str, *, retry: bool = True) -> JSONResponse:
    headers = FAST_RETRY if retry else {"x-should-retry": "false"}
    body = {"error": {"message": message, "type": "fake_error", "code": code}}
    return JSONResponse(body, status_code=code, headers=headers)


@contextmanager
def running_fake_openai() -> Iterator[FakeOpenAI]:
    """Serve a FakeOpenAI on a free loopback port for the duration of the block."""
    fake = FakeOpenAI()
    app = FastAPI()
    app.add_api_route("/v1/chat/completions", fake.handle, methods=["POST"])
    with serving(app) as url:
        fake.url = f"{url}/v1"
        try:
            yield fake
        finally:
            fake.released.set()  # before the server stops: it waits for open requests
