"""Coalescing of streamed pieces into token events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from typing import Any, TypeVar

import pytest

from agents.coalesce import coalesce

T = TypeVar("T")
# Generous: only a broken coalescer waits this long (a flush that never comes).
HANG = 5.0


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coroutine, HANG))


async def instant(pieces: list[str]) -> AsyncIterator[str]:
    for piece in pieces:
        yield piece


async def collect(source: AsyncIterator[str], **limits: Any) -> list[str]:
    return [chunk async for chunk in coalesce(source, **limits)]


class TestInstantPieces:
    def test_chunks_reach_max_chars_without_splitting_a_piece(self) -> None:
        pieces = [f"tok{index} " for index in range(50)]
        chunks = run(collect(instant(pieces), max_chars=48, max_delay=10))
        assert "".join(chunks) == "".join(pieces)
        assert chunks[0] == "tok0 "  # the first piece alone, at once
        assert all(len(chunk) >= 48 for chunk in chunks[1:-1])
        assert all(len(chunk) < 48 + len("tok49 ") for chunk in chunks)
        assert all(chunk.endswith(" ") for chunk in chunks)  # whole pieces only
        assert len(chunks) < len(pieces) / 5

    def test_nothing_in_nothing_out(self) -> None:
        assert run(collect(instant([]))) == []

    def test_a_short_answer_is_one_chunk_after_its_first_piece(self) -> None:
        chunks = run(collect(instant(["x = ", "2", " so"]), max_chars=48, max_delay=10))
        assert chunks == ["x = ", "2 so"]

    def test_without_first_at_once_the_first_piece_waits_for_company(self) -> None:
        chunks = run(collect(instant(["x = ", "2"]), max_delay=10, first_at_once=False))
        assert chunks == ["x = 2"]


class TestSlowPieces:
    def test_a_waiting_piece_goes_out_before_the_next_arrives(self) -> None:
        """The source sends its next piece only once the last one was relayed."""

        async def scenario() -> list[str]:
            relayed = asyncio.Event()

            async def slow() -> AsyncIterator[str]:
                for piece in ("first ", "second ", "third"):
                    relayed.clear()
                    yield piece
                    await relayed.wait()

            chunks = []
            async for chunk in coalesce(slow(), max_chars=1000, max_delay=0.01):
                chunks.append(chunk)
                relayed.set()
            return chunks

        assert run(scenario()) == ["first ", "second ", "third"]


class TestWindow:
    def test_the_window_is_read_when_each_chunk_starts(self) -> None:
        """A window of 0 s flushes every piece of a slow source; one of an hour joins them
        until the source ends: which one applies is the function's answer at the time."""

        async def scenario() -> list[str]:
            windows = iter([0.0, 3600.0])
            relayed = asyncio.Event()

            async def slow() -> AsyncIterator[str]:
                for piece in ("a ", "b ", "c ", "d"):
                    relayed.clear()
                    yield piece
                    if piece in ("a ", "b "):
                        await relayed.wait()  # "b " must go out before "c " comes

            chunks = []
            async for chunk in coalesce(slow(), max_delay=lambda: next(windows)):
                chunks.append(chunk)
                relayed.set()
            return chunks

        assert run(scenario()) == ["a ", "b ", "c d"]


class TestEndings:
    def test_an_error_of_the_source_reaches_the_reader_after_what_came_before(self) -> None:
        async def failing() -> AsyncIterator[str]:
            yield "a" * 60
            raise RuntimeError("model went away")

        chunks: list[str] = []

        async def scenario() -> None:
            async for chunk in coalesce(failing(), max_chars=48, max_delay=10):
                chunks.append(chunk)

        with pytest.raises(RuntimeError, match="model went away"):
            run(scenario())
        assert chunks == ["a" * 60]

    def test_a_reader_that_stops_early_stops_the_source(self) -> None:
        async def scenario() -> bool:
            stopped = asyncio.Event()

            async def endless() -> AsyncIterator[str]:
                try:
                    while True:
                        yield "x" * 50
                        await asyncio.sleep(0)
                finally:
                    stopped.set()

            chunks = coalesce(endless(), max_chars=48, max_delay=10)
            assert await anext(chunks) == "x" * 50
            await chunks.aclose()
            await asyncio.wait_for(stopped.wait(), HANG)
            return stopped.is_set()

        assert run(scenario())
