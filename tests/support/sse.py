"""Reading a MAICE event stream (``text/event-stream``) with httpx-sse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from httpx_sse import EventSource


@dataclass(frozen=True)
class SseEvent:
    id: str | None
    type: str
    data: dict[str, Any]


def read_events(response: httpx.Response) -> Iterator[SseEvent]:
    """The events of a streamed response, its data decoded from JSON; keep-alives skipped.

    httpx-sse hands on a comment-only block (our ``: ping``) as an event without data
    carrying the last id; the SSE standard dispatches nothing for it, and neither do we.
    """
    for event in EventSource(response).iter_sse():
        if event.data:
            yield SseEvent(event.id or None, event.event, json.loads(event.data))
