"""Bounded Redis pools: past their bound, commands wait for a connection instead of failing."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

import redis

from bus.redis import async_client, connections_for, sync_client
from core.settings import get_settings

BOUND = 3
CALLERS = 12
# Each caller holds its connection this long, so the callers overlap and must share.
HOLD_SECONDS = 0.2


def connections_named(name: str) -> int:
    with redis.Redis.from_url(get_settings().redis_url or "") as client:
        return sum(1 for entry in client.client_list() if entry.get("name") == name)


def empty_list_key() -> str:
    return f"{get_settings().redis_prefix}pool-test:{uuid.uuid4().hex}"


def test_an_async_pool_never_opens_more_than_its_bound_and_serves_every_caller() -> None:
    name = f"pool-test-{uuid.uuid4().hex[:8]}"

    async def scenario() -> tuple[list[object], int]:
        client = async_client(get_settings(), max_connections=BOUND, name=name)
        key = empty_list_key()
        try:
            replies = await asyncio.gather(
                *(client.blpop([key], timeout=HOLD_SECONDS) for _ in range(CALLERS))
            )
            return list(replies), connections_named(name)
        finally:
            await client.aclose()

    replies, opened = asyncio.run(scenario())
    assert replies == [None] * CALLERS  # every caller got its answer: nobody was refused
    assert opened == BOUND


def test_a_sync_pool_never_opens_more_than_its_bound_and_serves_every_thread() -> None:
    name = f"pool-test-{uuid.uuid4().hex[:8]}"
    client = sync_client(get_settings(), max_connections=BOUND, name=name)
    key = empty_list_key()
    try:
        with ThreadPoolExecutor(CALLERS) as threads:
            replies = list(
                threads.map(lambda _: client.blpop([key], timeout=HOLD_SECONDS), range(CALLERS))
            )
        opened = connections_named(name)
    finally:
        client.close()
    assert replies == [None] * CALLERS
    assert opened == BOUND


def test_pools_grow_with_the_concurrency_they_serve_up_to_a_ceiling() -> None:
    sizes = [connections_for(concurrency) for concurrency in (1, 8, 32, 256, 2000, 100_000)]
    assert sizes == sorted(sizes)
    assert sizes[0] > 1  # the mailbox read and the cancel listener hold one each
    assert sizes[-1] == sizes[-2]  # the ceiling
