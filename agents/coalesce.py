"""Coalescing of streamed text: a long answer is tens of events, not thousands.

The first piece goes out at once (the student sees the answer start); after it,
pieces are joined until ``max_chars`` are buffered or the oldest waited the
window. The window may be a function, read when a chunk starts: the agent widens
it with its load, so the events per stream (and their CPU) stay bounded.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable

# About what an LLM streams in the busy window (50 tokens a second for 250 ms), so the
# window bounds a model's events; an instant answer (the tutor's) is cut by size alone,
# into the same pieces whatever ANSWER_PIECE_DELAY_SECONDS paces them by.
MAX_CHARS = 48
MAX_DELAY_SECONDS = 0.05
Window = float | Callable[[], float]


def split_into_pieces(text: str, words: int = 3) -> list[str]:
    """``text`` cut into pieces of a few words, as a model would stream it; joined they
    give ``text`` back."""
    tokens = re.findall(r"\s*\S+", text)
    pieces = ["".join(tokens[i : i + words]) for i in range(0, len(tokens), words)]
    tail = text[len("".join(pieces)) :]
    if tail:
        pieces.append(tail)
    return pieces


async def coalesce(
    pieces: AsyncIterator[str],
    *,
    max_chars: int = MAX_CHARS,
    max_delay: Window = MAX_DELAY_SECONDS,
    first_at_once: bool = True,
) -> AsyncGenerator[str, None]:
    """Join pieces until ``max_chars`` are buffered or the oldest waited ``max_delay``
    (seconds, or a function giving them); the first piece alone at once when
    ``first_at_once``.

    One task reads the pieces and a timer per chunk flushes a slow one: a piece
    costs an append, not a task and a wait (a model sends hundreds of them).
    """
    loop = asyncio.get_running_loop()
    chunks: asyncio.Queue[str | None] = asyncio.Queue()  # None: the pieces ended
    buffer: list[str] = []
    size = 0
    timer: asyncio.TimerHandle | None = None
    window = max_delay if callable(max_delay) else (lambda: max_delay)
    waiting_for_first = first_at_once

    def flush() -> None:
        nonlocal size, timer
        if timer is not None:
            timer.cancel()
            timer = None
        if buffer:
            chunks.put_nowait("".join(buffer))
            buffer.clear()
            size = 0

    async def read_pieces() -> None:
        nonlocal size, timer, waiting_for_first
        try:
            async for piece in pieces:
                buffer.append(piece)
                size += len(piece)
                if size >= max_chars or (waiting_for_first and piece):
                    waiting_for_first = False
                    flush()
                elif timer is None:
                    timer = loop.call_later(window(), flush)
            flush()
        finally:
            if timer is not None:
                timer.cancel()
            chunks.put_nowait(None)

    reader = asyncio.create_task(read_pieces())
    try:
        while (chunk := await chunks.get()) is not None:
            yield chunk
        await reader  # raises what the pieces raised
    finally:
        if reader.done() and not reader.cancelled():
            reader.exception()  # retrieved: a consumer that left early does not care
        reader.cancel()
