"""The floor: a bare FastAPI app streaming the echo answer as SSE, nothing else.

No auth, database, Redis or queue: what any FastAPI + uvicorn SSE endpoint
costs on this machine. Run as ``python -m benchmarks.floor --port N``.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

TOKENS = 50
app = FastAPI()


class QuestionIn(BaseModel):
    question: str = Field(min_length=1, max_length=4000)
    session_id: int | None = None


def sse(event_id: str, event_type: str, data: dict[str, Any]) -> str:
    payload = json.dumps({"type": event_type, **data}, ensure_ascii=False)
    return f"id: {event_id}\nevent: {event_type}\ndata: {payload}\n\n"


async def answer_events(job_id: str) -> AsyncIterator[str]:
    """``accepted``, the echo provider's 50 tokens one event each, then ``done``."""
    base = f"{int(time.time() * 1000)}-"
    yield sse(base + "0", "accepted", {"job_id": job_id, "session_id": None})
    pieces = [f"tok{index} " for index in range(TOKENS)]
    for index, piece in enumerate(pieces, start=1):
        yield sse(base + str(index), "token", {"job_id": job_id, "text": piece})
    done = {"job_id": job_id, "session_id": 1, "message_id": 1, "kind": "answer"}
    yield sse(base + str(TOKENS + 1), "done", done | {"content": "".join(pieces)})


@app.post("/api/v1/maice/chat/streaming")
async def chat_streaming(body: QuestionIn) -> StreamingResponse:
    job_id = uuid.uuid4().hex
    return StreamingResponse(
        answer_events(job_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Job-Id": job_id},
    )


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    # The same server settings as `maice api`.
    uvicorn.run(
        app, host="127.0.0.1", port=parser.parse_args().port, log_config=None, access_log=False
    )
