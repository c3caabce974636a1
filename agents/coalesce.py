"""Coalescing of streamed text: a long answer is tens of events, not thousands."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

MAX_CHARS = 48
MAX_DELAY_SECONDS = 0.02


async def coalesce(
    pieces: AsyncIterator[str], *, max_chars: int = MAX_CHARS, max_delay: float = MAX_DELAY_SECONDS
) -> AsyncIterator[str]:
    """Join pieces until ``max_chars`` are buffered or the oldest waited ``max_delay``."""
    loop = asyncio.get_running_loop()
    iterator = aiter(pieces)
    buffer: list[str] = []
    size = 0
    deadline = 0.0
    pending: asyncio.Future[str] = asyncio.ensure_future(anext(iterator))
    try:
        while True:
            timeout = max(0.0, deadline - loop.time()) if buffer else None
            done, _ = await asyncio.wait({pending}, timeout=timeout)
            if not done:
                yield "".join(buffer)
                buffer, size = [], 0
                continue
            try:
                piece = pending.result()
            except StopAsyncIteration:
                break
            if not buffer:
                deadline = loop.time() + max_delay
            buffer.append(piece)
            size += len(piece)
            if size >= max_chars:
                yield "".join(buffer)
                buffer, size = [], 0
            pending = asyncio.ensure_future(anext(iterator))
        if buffer:
            yield "".join(buffer)
    finally:
        if not pending.done():
            pending.cancel()
