"""The SSE relay of a job's log: pings while it is quiet, ``stream_unavailable`` when Redis goes."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest

from api import sse
from api.app import create_app
from api.chat.service import job_event_stream
from api.state import AppState
from bus import jobs
from bus.events import emit_job_event, emit_job_event_sync
from bus.keys import RedisKeys
from bus.redis import sync_client
from core.settings import Settings, get_settings

# A guard against a hung stream, never a measurement.
HANG_SECONDS = 60


class RedisProxy:
    """A TCP hop between the app and Redis that the test cuts, as a failing network would."""

    def __init__(self, redis_url: str) -> None:
        target = urlsplit(redis_url)
        self.target = (target.hostname or "127.0.0.1", target.port or 6379)
        self.server: asyncio.Server | None = None
        self.writers: list[asyncio.StreamWriter] = []

    async def start(self, redis_url: str) -> str:
        """Listen; returns ``redis_url`` pointed at the proxy."""
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return redis_url.replace(f"{self.target[0]}:{self.target[1]}", f"127.0.0.1:{port}", 1)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        self.writers += [writer, upstream_writer]

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.writers:
            writer.transport.abort()


@contextlib.asynccontextmanager
async def app_state(settings: Settings) -> AsyncIterator[AppState]:
    """What the API's lifespan makes, for driving the relay directly."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        state: AppState = app.state.maice
        yield state


def accepted_job(settings: Settings) -> tuple[str, str]:
    """A recorded job with its ``accepted`` event (no worker or agent will touch it)."""
    client, keys = sync_client(settings), RedisKeys(settings.redis_prefix)
    try:
        job_id = jobs.new_job_id()
        jobs.create_job(client, keys, job_id=job_id, user_id=1, session_id=None)
        accepted = emit_job_event_sync(client, keys, job_id, "accepted", session_id=None)
        assert accepted is not None
        return job_id, accepted
    finally:
        client.close()


def frame_fields(frame: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in frame.strip().split("\n"))


def test_a_quiet_stream_is_pinged_and_still_ends_with_its_terminal_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sse.KeepAlive, "interval", 0.0)  # a ping is due whenever it is quiet
    settings = get_settings()
    job_id, accepted = accepted_job(settings)

    async def relay() -> list[str]:
        async with app_state(settings) as state:
            frames = job_event_stream(state, job_id, None)
            relayed = [await anext(frames), await anext(frames)]
            await emit_job_event(state.async_redis, state.keys, job_id, "done", message_id=1)
            relayed += [frame async for frame in frames]
            return relayed

    relayed = asyncio.run(asyncio.wait_for(relay(), HANG_SECONDS))
    assert frame_fields(relayed[0])["id"] == accepted
    assert relayed[1] == sse.PING
    assert all(frame == sse.PING for frame in relayed[1:-1])
    assert frame_fields(relayed[-1])["event"] == "done"


def test_losing_redis_mid_stream_ends_it_with_stream_unavailable_at_the_last_id() -> None:
    settings = get_settings()
    job_id, accepted = accepted_job(settings)

    async def relay() -> list[str]:
        proxy = RedisProxy(str(settings.redis_url))
        proxied = settings.model_copy(
            update={"redis_url": await proxy.start(str(settings.redis_url))}
        )
        async with app_state(proxied) as state:
            frames = job_event_stream(state, job_id, None)
            relayed = [await anext(frames)]
            proxy.cut()
            relayed += [frame async for frame in frames]
            return relayed

    relayed = asyncio.run(asyncio.wait_for(relay(), HANG_SECONDS))
    assert len(relayed) == 2
    assert frame_fields(relayed[0])["id"] == accepted
    error = frame_fields(relayed[1])
    assert (error["id"], error["event"]) == (accepted, "error")
    data = json.loads(error["data"])
    assert (data["type"], data["job_id"], data["code"]) == ("error", job_id, "stream_unavailable")
