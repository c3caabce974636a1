"""A stopped answer ends as a cancelled reply, whatever the provider was doing."""

from __future__ import annotations

import asyncio
from typing import Any

from agents.pipeline import ChatPipeline
from agents.providers.echo import EchoProvider
from bus.messages import ChatReply, ChatRequest

REQUEST = ChatRequest(job_id="j", session_id=1, user_id=1, question="2+2")


def test_stopping_while_the_first_piece_is_awaited_ends_with_an_empty_answer() -> None:
    # The provider's first piece is a minute away: the stop comes while the pipeline
    # waits for it, inside the answer's generator.
    provider = EchoProvider(tokens=3, delay_seconds=60)
    events: list[str] = []

    async def stopped_mid_wait() -> ChatReply:
        cancelled = asyncio.Event()

        async def emit(kind: str, **data: Any) -> None:
            events.append(kind)
            if kind == "classification":  # the answer starts next; stop once it waits
                asyncio.get_running_loop().call_later(0.05, cancelled.set)

        pipeline = ChatPipeline(provider)
        return await pipeline.run(REQUEST, emit, restarted=False, cancelled=cancelled)

    reply = asyncio.run(stopped_mid_wait())
    assert events == ["classification"]
    assert reply.kind == "answer"
    assert reply.content == ""
    assert reply.finish_reason == "cancelled"
