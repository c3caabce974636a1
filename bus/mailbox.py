"""The agent mailbox: one Redis Stream, one consumer group, any number of agents.

Entries are read with XREADGROUP; an entry whose agent died stays pending and
is taken over with XAUTOCLAIM once idle longer than ``claim_idle_ms``; an agent
working on an entry keeps it fresh (XCLAIM JUSTID) so nobody steals live work.
An entry delivered more than ``MAX_DELIVERIES`` times goes to the dead-letter
stream (written before the XACK, so it cannot be lost in between).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import redis
import redis.asyncio as aioredis

from bus.events import StreamEntries
from bus.keys import RedisKeys
from bus.scripts import RedisScript

MAX_DELIVERIES = 3
MAILBOX_MAXLEN = 100_000


@dataclass(frozen=True)
class MailboxEntry:
    id: str
    payload: str
    deliveries: int

    @property
    def reclaimed(self) -> bool:
        return self.deliveries > 1


def send_to_agent_sync(client: redis.Redis, keys: RedisKeys, payload: str) -> str:
    """Post a request (JSON) to the agents; returns the entry id."""
    return str(client.xadd(keys.agent_mailbox, {"payload": payload}, maxlen=MAILBOX_MAXLEN))


class AgentMailbox:
    def __init__(
        self, client: aioredis.Redis, keys: RedisKeys, consumer: str, *, claim_idle_ms: int
    ) -> None:
        self.client = client
        self.keys = keys
        self.consumer = consumer
        self.claim_idle_ms = claim_idle_ms
        self._reclaim_from = "0-0"

    async def ensure_group(self) -> None:
        try:
            await self.client.xgroup_create(
                self.keys.agent_mailbox, self.keys.agent_group, id="0", mkstream=True
            )
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        # Registered up front, so operators (and tests) see an idle agent too.
        await self.client.xgroup_createconsumer(
            self.keys.agent_mailbox, self.keys.agent_group, self.consumer
        )

    async def _regroup_if_lost(self, error: redis.ResponseError) -> None:
        """A Redis that lost its data (restarted without persistence) has no group:
        make it again, from the stream's start, so requests posted since are read."""
        if "NOGROUP" not in str(error):
            raise error
        await self.ensure_group()

    async def reclaim(self, count: int) -> list[MailboxEntry]:
        """Entries of dead agents, idle longer than ``claim_idle_ms``, now ours."""
        try:
            return await self._reclaim(count)
        except redis.ResponseError as error:
            await self._regroup_if_lost(error)
            return []

    async def _reclaim(self, count: int) -> list[MailboxEntry]:
        reply = await self.client.xautoclaim(
            self.keys.agent_mailbox,
            self.keys.agent_group,
            self.consumer,
            min_idle_time=self.claim_idle_ms,
            start_id=self._reclaim_from,
            count=count,
        )
        # Continue where this scan stopped next time; "0-0" means it went round.
        self._reclaim_from = str(reply[0])
        claimed = cast(list[tuple[str, dict[str, str] | None]], reply[1])
        entries = []
        for entry_id, fields in claimed:
            if fields is None:  # trimmed away while pending
                await self.ack(entry_id)
                continue
            entries.append(
                MailboxEntry(entry_id, fields["payload"], await self._deliveries(entry_id))
            )
        return entries

    async def read_new(self, count: int, block_ms: int) -> list[MailboxEntry]:
        try:
            response = await self.client.xreadgroup(
                self.keys.agent_group,
                self.consumer,
                {self.keys.agent_mailbox: ">"},
                count=count,
                block=block_ms,
            )
        except redis.ResponseError as error:
            await self._regroup_if_lost(error)
            return []
        # RESP2 answers [[stream, entries]], RESP3 {stream: entries}.
        streams = response.items() if isinstance(response, dict) else response or ()
        return [
            MailboxEntry(entry_id, fields["payload"], 1)
            for _, entries in cast(Iterable[tuple[str, StreamEntries]], streams)
            for entry_id, fields in entries
        ]

    async def keep_fresh(self, entry_id: str) -> bool:
        """Reset the entry's idle time, so XAUTOCLAIM leaves work in progress alone.

        False when another agent has taken the entry over (we stalled past the
        idle time): then the work is theirs and we must stop.
        """
        pending = await self.client.xpending_range(
            self.keys.agent_mailbox, self.keys.agent_group, min=entry_id, max=entry_id, count=1
        )
        if not pending or pending[0]["consumer"] != self.consumer:
            return False
        await self.client.xclaim(
            self.keys.agent_mailbox,
            self.keys.agent_group,
            self.consumer,
            min_idle_time=0,
            message_ids=[entry_id],
            justid=True,
        )
        return True

    async def ack(self, entry_id: str) -> None:
        await self.client.xack(self.keys.agent_mailbox, self.keys.agent_group, entry_id)

    async def dead_letter(self, entry: MailboxEntry, reason: str) -> None:
        await self.client.xadd(
            self.keys.agent_dead_letters,
            {
                "entry_id": entry.id,
                "payload": entry.payload,
                "reason": reason,
                "deliveries": str(entry.deliveries),
            },
            maxlen=MAILBOX_MAXLEN,
        )
        await self.ack(entry.id)

    async def _deliveries(self, entry_id: str) -> int:
        pending = await self.client.xpending_range(
            self.keys.agent_mailbox, self.keys.agent_group, min=entry_id, max=entry_id, count=1
        )
        return int(pending[0]["times_delivered"]) if pending else 1


_CLAIM_FOR_ENTRY = RedisScript("claim_for_entry")


@dataclass(frozen=True)
class ClaimForEntry:
    """The arguments of ``claim_for_entry.lua``: a job and the mailbox entry asking for it."""

    keys: RedisKeys
    job_id: str
    entry_id: str

    def script_keys(self) -> list[str]:
        return [self.keys.job(self.job_id)]

    def script_args(self) -> list[str | int]:
        return [self.entry_id]


class Claim(enum.Enum):
    """What an agent does with a mailbox entry for a chat job."""

    SKIP = 0  # the job ended or expired, or this is a second request of it
    WORK = 1
    CANCELLED = 2  # the student stopped the job before any agent took it: finish at once


async def claim_for_entry(
    client: aioredis.Redis, keys: RedisKeys, job_id: str, entry_id: str
) -> Claim:
    """Whether the agent should work on this mailbox entry (SKIP for a job that ended or
    expired, or for a second request of one job: a redelivered ``chat.start``)."""
    return Claim(int(await _CLAIM_FOR_ENTRY.run(client, ClaimForEntry(keys, job_id, entry_id))))


def job_id_of(payload: str) -> str | None:
    """The job id of a request, even a malformed one, to tell its client what happened."""
    try:
        value = json.loads(payload).get("job_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None
