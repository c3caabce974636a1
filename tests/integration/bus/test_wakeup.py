"""The PubSub hub wakes followers of a channel, also after earlier channels came and went."""

from __future__ import annotations

import asyncio
import uuid

from bus.redis import async_client
from bus.wakeup import WakeUpHub
from core.settings import get_settings


def test_followers_are_woken_after_other_channels_were_left() -> None:
    async def scenario() -> list[bool]:
        client = async_client(get_settings())
        prefix = f"{get_settings().redis_prefix}hub-{uuid.uuid4().hex[:6]}:"
        hub = WakeUpHub(client, f"{prefix}home")
        woken = []
        try:
            for round_number in range(3):
                channel = f"{prefix}job-{round_number}"
                async with hub.watch(channel) as wake_up:
                    await client.publish(channel, "1-0")
                    woken.append(await wake_up.wait(5.0))
        finally:
            await hub.close()
            await client.aclose()
        return woken

    assert asyncio.run(scenario()) == [True, True, True]


def test_two_followers_of_one_channel_are_both_woken() -> None:
    async def scenario() -> tuple[bool, bool]:
        client = async_client(get_settings())
        prefix = f"{get_settings().redis_prefix}hub-{uuid.uuid4().hex[:6]}:"
        hub = WakeUpHub(client, f"{prefix}home")
        try:
            async with hub.watch(f"{prefix}job") as first, hub.watch(f"{prefix}job") as second:
                await client.publish(f"{prefix}job", "1-0")
                return await first.wait(5.0), await second.wait(5.0)
        finally:
            await hub.close()
            await client.aclose()

    assert asyncio.run(scenario()) == (True, True)
