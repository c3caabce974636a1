"""Scripts run again after Redis forgot them (a restart, SCRIPT FLUSH), sync and async."""

from __future__ import annotations

import asyncio
import uuid

from bus import jobs
from bus.events import emit_job_event, emit_job_event_sync, event_types_sync
from bus.keys import RedisKeys
from bus.mailbox import claim_for_entry
from bus.redis import async_client, sync_client
from core.settings import get_settings


def test_emit_and_claim_load_again_after_a_script_flush() -> None:
    settings = get_settings()
    keys = RedisKeys(f"{settings.redis_prefix}scripts-{uuid.uuid4().hex[:6]}:")
    client = sync_client(settings)
    job_id = jobs.new_job_id()
    jobs.create_job(client, keys, job_id=job_id, user_id=7, session_id=None)

    async def emit_and_claim() -> tuple[str | None, bool]:
        aclient = async_client(settings)
        try:
            event_id = await emit_job_event(aclient, keys, job_id, "session", session_id=1)
            await aclient.script_flush()
            return event_id, await claim_for_entry(aclient, keys, job_id, "1-0")
        finally:
            await aclient.aclose()

    try:
        assert emit_job_event_sync(client, keys, job_id, "accepted", session_id=None)
        client.script_flush()
        event_id, claimed = asyncio.run(emit_and_claim())
        assert event_id is not None
        assert claimed
        client.script_flush()
        assert emit_job_event_sync(client, keys, job_id, "done", message_id=1)
        assert event_types_sync(client, keys, job_id) == ["accepted", "session", "done"]
    finally:
        client.close()
