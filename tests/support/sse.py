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


def read_frames(response: httpx.Response) -> Iterator[SseEvent]:
    """The events of a streamed response and its notices, in order of arrival.

    A notice is a comment ``: <type> <json>`` (see api.sse): it is yielded as an event
    of that type without an id. ``: ping`` comments are skipped. httpx-sse never hands
    on a comment's text, so this reads the lines itself; use read_events otherwise.
    """
    block: list[str] = []
    for line in response.iter_lines():
        if line:
            block.append(line)
            continue
        frame, block = block, []
        if len(frame) == 1 and frame[0].startswith(": ") and "{" in frame[0]:
            kind, _, data = frame[0][2:].partition(" ")
            yield SseEvent(None, kind, json.loads(data))
            continue
        fields = dict(line.split(": ", 1) for line in frame if not line.startswith(":"))
        if "data" in fields:
            yield SseEvent(
                fields.get("id"), fields.get("event", "message"), json.loads(fields["data"])
            )
