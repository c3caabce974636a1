"""Answer slots: a bound that holds, back-pressure that speaks, a window that widens."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from agents.slots import DEFAULT_CONCURRENCY, Slots, agent_concurrency, agent_waiting
from core.settings import Settings

T = TypeVar("T")
HANG = 5.0  # only a broken semaphore waits this long


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coroutine, HANG))


class TestHold:
    def test_holders_never_exceed_the_bound_and_all_get_through(self) -> None:
        async def scenario() -> tuple[int, int]:
            slots = Slots(5)
            holding, most, finished = 0, 0, 0

            async def holder() -> None:
                nonlocal holding, most, finished
                async with slots.hold() as held:
                    assert held
                    holding += 1
                    most = max(most, holding)
                    for _ in range(3):
                        await asyncio.sleep(0)  # let the others pile up meanwhile
                    holding -= 1
                finished += 1

            await asyncio.gather(*(holder() for _ in range(50)))
            return most, finished

        most, finished = run(scenario())
        assert most == 5
        assert finished == 50

    def test_a_holder_that_must_wait_is_told_its_place_first(self) -> None:
        async def scenario() -> list[str]:
            slots = Slots(1)
            log: list[str] = []
            release = asyncio.Event()

            async def first() -> None:
                async with slots.hold(lambda position: _note(log, f"first waits {position}")):
                    log.append("first holds")
                    await release.wait()

            async def second() -> None:
                async with slots.hold(lambda position: _note(log, f"second waits {position}")):
                    log.append("second holds")

            one = asyncio.create_task(first())
            await asyncio.sleep(0)
            two = asyncio.create_task(second())
            while slots.waiting == 0:
                await asyncio.sleep(0)
            log.append("released")
            release.set()
            await asyncio.gather(one, two)
            return log

        assert run(scenario()) == ["first holds", "second waits 1", "released", "second holds"]

    def test_a_cancelled_waiter_goes_on_without_a_slot_and_takes_none(self) -> None:
        async def scenario() -> tuple[bool, int, int]:
            slots = Slots(1)
            release, give_up = asyncio.Event(), asyncio.Event()

            async def busy() -> None:
                async with slots.hold():
                    await release.wait()

            holder = asyncio.create_task(busy())
            await asyncio.sleep(0)

            async def waiter() -> bool:
                async with slots.hold(give_up=give_up) as held:
                    return held

            waiting = asyncio.create_task(waiter())
            while slots.waiting == 0:
                await asyncio.sleep(0)
            give_up.set()
            held = await waiting
            busy_then = slots.busy
            release.set()
            await holder
            return held, busy_then, slots.busy

        held, busy_while_other_held, busy_after = run(scenario())
        assert held is False
        assert busy_while_other_held == 1  # only the first holder
        assert busy_after == 0


async def _note(log: list[str], line: str) -> None:
    log.append(line)


class TestWindow:
    def test_the_window_widens_with_the_answers_in_flight_between_its_bounds(self) -> None:
        """At 20 events a second in all: one answer gets the idle window, four share the
        rate (200 ms each), ten would need 500 ms and get the busy bound."""

        async def scenario() -> list[float]:
            slots = Slots(10)
            window = slots.window(0.05, 0.25, events_per_second=20)
            seen = [window()]
            release = asyncio.Event()

            async def holder() -> None:
                async with slots.hold():
                    await release.wait()

            tasks: list[asyncio.Task[None]] = []
            for count in (1, 4, 10):
                tasks += [asyncio.create_task(holder()) for _ in range(count - len(tasks))]
                while slots.busy < count:
                    await asyncio.sleep(0)
                seen.append(window())
            release.set()
            await asyncio.gather(*tasks)
            return seen

        assert run(scenario()) == pytest.approx([0.05, 0.05, 0.2, 0.25])


class TestDefaults:
    @pytest.mark.parametrize("provider", ["tutor", "echo", "openai"])
    def test_each_provider_has_its_own_default(self, provider: str) -> None:
        settings = Settings(llm_provider=provider, _env_file=None)  # type: ignore[call-arg]
        assert agent_concurrency(settings) == DEFAULT_CONCURRENCY[provider]
        assert agent_waiting(settings) == max(4, DEFAULT_CONCURRENCY[provider] // 4)

    def test_the_settings_win_over_the_defaults(self) -> None:
        settings = Settings(
            llm_provider="echo",
            agent_concurrency=3,
            agent_waiting_limit=0,
            _env_file=None,  # type: ignore[call-arg]
        )
        assert (agent_concurrency(settings), agent_waiting(settings)) == (3, 0)
