"""Server-Sent Events on the wire: the one place that frames events, errors and keep-alives.

A job's events are relayed as stored: the JSON from the event log goes out as
the ``data`` line untouched, and the events of one read go out as one chunk.

Written by hand rather than with FastAPI's ``EventSourceResponse``: that one
builds a pydantic ``ServerSentEvent`` per event, sends each as its own chunk
through two memory streams and a task pair per response, and pings at exactly
15 s (the contract's limit, settable only through a private name). Measured
with ``make bench`` (7 rounds, 10 and 50 students): 4.0 ms of API CPU per chat
against 3.1 ms here, and a higher first-token latency at 50 students.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterable

from fastapi.responses import StreamingResponse

from bus.events import JobEvent
from core.vocabulary import NOTICE_TYPES

# The contract asks for a comment at least every 15 s while nothing else is sent.
PING_INTERVAL_SECONDS = 10.0
PING = ": ping\n\n"
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Connection": "keep-alive"}


def _frame(event: JobEvent) -> str:
    # A notice has no id, so a client's Last-Event-ID stays on the last contract event.
    if event.type in NOTICE_TYPES:
        return f": {event.type} {event.payload}\n\n"
    return f"id: {event.id}\nevent: {event.type}\ndata: {event.payload}\n\n"


def event_frames(events: Iterable[JobEvent]) -> str:
    return "".join(_frame(event) for event in events)


def error_frame(event_id: str, job_id: str, code: str, message: str) -> str:
    """An ``error`` the API itself ends a stream with; ``event_id`` is the last one relayed,
    so a client resuming from it misses nothing."""
    data = {"type": "error", "job_id": job_id, "code": code, "message": message}
    return f"id: {event_id}\nevent: error\ndata: {json.dumps(data)}\n\n"


class KeepAlive:
    """A clock that says when a ping is due: nothing sent for ``interval`` seconds."""

    interval = PING_INTERVAL_SECONDS

    def __init__(self) -> None:
        self._last_sent = time.monotonic()

    def sent(self) -> None:
        self._last_sent = time.monotonic()

    def ping(self) -> str | None:
        """A ping if one is due (and count it as sent), else None."""
        if time.monotonic() - self._last_sent < self.interval:
            return None
        self.sent()
        return PING


def event_stream_response(
    frames: AsyncIterator[str], headers: dict[str, str] | None = None
) -> StreamingResponse:
    return StreamingResponse(
        frames, media_type="text/event-stream", headers={**HEADERS, **(headers or {})}
    )
