"""The agent's mailbox handling against real Redis: reclaim counts, dead letters, twins."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator

import pytest

from agents.providers.echo import EchoProvider
from agents.runner import Agent
from bus.jobs import create_job
from bus.keys import RedisKeys
from bus.mailbox import AgentMailbox
from bus.redis import async_client, sync_client
from bus.tasks import TaskSender
from core.settings import Settings, get_settings


@pytest.fixture
def settings() -> Iterator[Settings]:
    # A prefix of its own: no other agent or worker reads this mailbox.
    return get_settings().model_copy(
        update={"redis_prefix": f"{get_settings().redis_prefix}mbx{uuid.uuid4().hex[:6]}:"}
    )


def request_payload(job_id: str) -> str:
    return json.dumps(
        {"type": "chat", "job_id": job_id, "session_id": 1, "user_id": 1, "question": "1 + 1"}
    )


def events_of(settings: Settings, job_id: str) -> list[dict[str, object]]:
    client = sync_client(settings)
    entries = client.xrange(RedisKeys(settings.redis_prefix).job_events(job_id))
    return [json.loads(fields["data"]) for _, fields in entries]


async def _post(settings: Settings, payload: str) -> None:
    client = async_client(settings)
    keys = RedisKeys(settings.redis_prefix)
    mailbox = AgentMailbox(client, keys, "poster", claim_idle_ms=0)
    await mailbox.ensure_group()
    await client.xadd(keys.agent_mailbox, {"payload": payload})
    await client.aclose()


def new_job(settings: Settings) -> str:
    """A recorded job, as the API records one before posting its question."""
    job_id = uuid.uuid4().hex
    keys = RedisKeys(settings.redis_prefix)
    create_job(sync_client(settings), keys, job_id=job_id, user_id=1, session_id=1)
    return job_id


def test_poison_request_goes_to_dead_letters_and_its_job_ends_with_error(
    settings: Settings,
) -> None:
    job_id = new_job(settings)

    async def scenario() -> None:
        await _post(settings, json.dumps({"type": "chat", "job_id": job_id, "session_id": "x"}))
        client = async_client(settings)
        agent = Agent(settings, EchoProvider(tokens=3), client, TaskSender(settings))
        entries = await agent.mailbox.read_new(10, 100)
        await agent.handle(entries[0])
        await client.aclose()

    asyncio.run(scenario())
    client, keys = sync_client(settings), RedisKeys(settings.redis_prefix)
    dead = client.xrange(keys.agent_dead_letters)
    assert len(dead) == 1
    assert job_id in dead[0][1]["payload"]
    assert client.xpending(keys.agent_mailbox, keys.agent_group)["pending"] == 0
    assert [e["type"] for e in events_of(settings, job_id)] == ["error"]
    assert events_of(settings, job_id)[0]["code"] == "agent_failed"


def test_entry_delivered_more_than_three_times_is_dead_lettered(settings: Settings) -> None:
    job_id = new_job(settings)

    async def scenario() -> list[int]:
        await _post(settings, request_payload(job_id))
        client = async_client(settings)
        mailbox = AgentMailbox(
            client, RedisKeys(settings.redis_prefix), "crashing", claim_idle_ms=0
        )
        seen = [entry.deliveries for entry in await mailbox.read_new(1, 100)]
        for _ in range(3):  # three agents that died while holding it
            seen += [entry.deliveries for entry in await mailbox.reclaim(1)]
        agent = Agent(settings, EchoProvider(tokens=3), client, TaskSender(settings))
        agent.mailbox = mailbox
        await agent.handle((await mailbox.reclaim(1))[0])
        await client.aclose()
        return seen

    assert asyncio.run(scenario()) == [1, 2, 3, 4]
    client, keys = sync_client(settings), RedisKeys(settings.redis_prefix)
    assert len(client.xrange(keys.agent_dead_letters)) == 1
    assert [e["type"] for e in events_of(settings, job_id)] == ["error"]


def test_twin_request_of_one_job_is_answered_once(settings: Settings) -> None:
    job_id = new_job(settings)

    async def scenario() -> None:
        await _post(settings, request_payload(job_id))
        await _post(settings, request_payload(job_id))
        client = async_client(settings)
        agent = Agent(settings, EchoProvider(tokens=3), client, TaskSender(settings))
        for entry in await agent.mailbox.read_new(10, 100):
            await agent.handle(entry)
        await client.aclose()

    asyncio.run(scenario())
    types = [e["type"] for e in events_of(settings, job_id)]
    assert types.count("classification") == 1
    client, keys = sync_client(settings), RedisKeys(settings.redis_prefix)
    assert client.xpending(keys.agent_mailbox, keys.agent_group)["pending"] == 0


def test_an_agent_that_lost_its_entry_is_told_so(settings: Settings) -> None:
    async def scenario() -> tuple[bool, bool]:
        await _post(settings, request_payload(uuid.uuid4().hex))
        client = async_client(settings)
        keys = RedisKeys(settings.redis_prefix)
        stalled = AgentMailbox(client, keys, "stalled", claim_idle_ms=0)
        rescuer = AgentMailbox(client, keys, "rescuer", claim_idle_ms=0)
        [entry] = await stalled.read_new(1, 100)
        still_ours_before = await stalled.keep_fresh(entry.id)
        await rescuer.reclaim(1)
        still_ours_after = await stalled.keep_fresh(entry.id)
        await client.aclose()
        return still_ours_before, still_ours_after

    assert asyncio.run(scenario()) == (True, False)
