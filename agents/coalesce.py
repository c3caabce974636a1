"""Coalescing of streamed text: a long answer is tens of events, not thousands."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator, AsyncIterator

MAX_CHARS = 48
MAX_DELAY_SECONDS = 0.02


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
    pieces: AsyncIterator[str], *, max_chars: int = MAX_CHARS, max_delay: float = MAX_DELAY_SECONDS
) -> AsyncGenerator[str, None]:
    """Join pieces until ``max_chars`` are buffered or the oldest waited ``max_delay``.

    One task reads the pieces and a timer per chunk flushes a slow one: a piece
    costs an append, not a task and a wait (a model sends hundreds of them).
    """
    loop = asyncio.get_running_loop()
    chunks: asyncio.Queue[str | None] = asyncio.Queue()  # None: the pieces ended
    buffer: list[str] = []
    size = 0
    timer: asyncio.TimerHandle | None = None

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
        nonlocal size, timer
        try:
            async for piece in pieces:
                buffer.append(piece)
                size += len(piece)
                if size >= max_chars:
                    flush()
                elif timer is None:
                    timer = loop.call_later(max_delay, flush)
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
