"""ANSWER_PIECE_DELAY_SECONDS paces an answer's pieces without changing them."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from agents.pipeline import ChatPipeline
from agents.providers.echo import EchoProvider
from bus.messages import ChatRequest

REQUEST = ChatRequest(job_id="j", session_id=1, user_id=1, question="2+2")


def run(pipeline: ChatPipeline) -> tuple[list[tuple[str, dict[str, Any]]], list[float]]:
    events: list[tuple[str, dict[str, Any]]] = []
    moments: list[float] = []

    async def emit(kind: str, **data: Any) -> None:
        events.append((kind, data))
        moments.append(time.monotonic())

    asyncio.run(pipeline.run(REQUEST, emit, restarted=False))
    return events, moments


def test_a_paced_answer_streams_the_same_pieces() -> None:
    provider = EchoProvider(tokens=200)  # more than one coalesced piece
    plain, _ = run(ChatPipeline(provider))
    paced, moments = run(ChatPipeline(provider, piece_delay=0.05))

    tokens = [data["text"] for kind, data in plain if kind == "token"]
    assert len(tokens) > 2
    assert paced == plain
    token_moments = [m for (kind, _), m in zip(paced, moments, strict=True) if kind == "token"]
    gaps = [b - a for a, b in itertools.pairwise(token_moments)]
    # The pause comes between every two pieces (a sleep never ends early, but for the
    # event loop's clock resolution).
    assert min(gaps) >= 0.049
