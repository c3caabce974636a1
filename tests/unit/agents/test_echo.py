"""The echo provider: instant, canned output of a fixed size."""

from __future__ import annotations

import asyncio
import time

from agents.pipeline import summarize_session
from agents.providers.base import Question, Verdict
from agents.providers.echo import EchoProvider
from bus.messages import SummaryRequest, SummaryTurn


async def _collect(provider: EchoProvider, question: Question) -> list[str]:
    verdict = await provider.classify(question)
    return [piece async for piece in provider.answer(question, verdict)]


def test_classify_is_k3_answerable() -> None:
    verdict = asyncio.run(EchoProvider().classify(Question("anything")))
    assert (verdict.knowledge_type, verdict.gate) == ("K3", "answerable")


def test_answer_yields_exactly_the_configured_number_of_tokens() -> None:
    pieces = asyncio.run(_collect(EchoProvider(tokens=7), Question("x")))
    assert pieces == [f"tok{i} " for i in range(7)]


def test_default_is_fifty_tokens_and_instant() -> None:
    started = time.perf_counter()
    pieces = asyncio.run(_collect(EchoProvider(), Question("x")))
    assert len(pieces) == 50
    assert time.perf_counter() - started < 0.5


def test_zero_tokens() -> None:
    assert asyncio.run(_collect(EchoProvider(tokens=0), Question("x"))) == []


def test_clarify_refuse_and_summarize_are_short_fixed_texts() -> None:
    provider = EchoProvider()
    verdict = Verdict("K3", "answerable")
    clarify = asyncio.run(provider.clarify(Question("a"), verdict))
    refuse = asyncio.run(provider.refuse(Question("b"), verdict))
    assert clarify == asyncio.run(provider.clarify(Question("other"), verdict))
    assert 0 < len(clarify) < 80
    assert 0 < len(refuse) < 80
    request = SummaryRequest(
        session_id=1,
        student_id=1,
        first_message_id=1,
        last_message_id=2,
        turns=[SummaryTurn(question=q, verdict=verdict) for q in ("a", "b")],
    )
    summary = asyncio.run(summarize_session(provider, request))
    assert summary.summary
    assert summary.knowledge_types == {"K1": 0, "K2": 0, "K3": 2, "K4": 0}


def test_identity() -> None:
    provider = EchoProvider()
    assert provider.name == "echo"
    assert provider.model
