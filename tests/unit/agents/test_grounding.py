"""An LLM grounded in the math engine: it explains the engine's checked result, and an
answer that states another result is replaced by the engine's own (after ``reset``).

The model is a scripted OpenAI-compatible server over real HTTP; the engine runs in
its pool of worker processes, as in the agent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from agents.engine.engine import solve_question
from agents.pipeline import ChatPipeline
from agents.providers.openai_chat import OpenAIProvider
from bus.messages import ChatReply, ChatRequest
from core.settings import Settings
from tests.fakes.openai_server import FakeOpenAI, ok, running_fake_openai, stream

QUADRATIC = "x^2 - 5x + 6 = 0 을 풀어줘"
K3 = '{"knowledge_type": "K3", "gate": "answerable", "reasons": "", "missing_fields": []}'


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as fake:
        yield fake


@pytest.fixture
def fake(server: FakeOpenAI) -> FakeOpenAI:
    server.reset()
    return server


def ask(fake: FakeOpenAI, question: str) -> tuple[list[tuple[str, dict[str, Any]]], ChatReply]:
    """Run one chat through the pipeline with the grounded provider."""
    events: list[tuple[str, dict[str, Any]]] = []

    async def emit(kind: str, **data: Any) -> None:
        events.append((kind, data))

    async def main() -> ChatReply:
        settings = Settings(
            llm_provider="openai",
            llm_base_url=fake.url,
            llm_model="m",
            llm_max_retries=0,
            llm_timeout_seconds=10,
        )
        provider = OpenAIProvider.from_settings(settings)
        try:
            request = ChatRequest(job_id="j", session_id=1, user_id=1, question=question)
            return await ChatPipeline(provider).run(request, emit, restarted=False)
        finally:
            await provider.aclose()

    return events, asyncio.run(main())


def streamed(events: list[tuple[str, dict[str, Any]]]) -> str:
    return "".join(data["text"] for kind, data in events if kind == "token")


def test_a_truthful_model_explains_the_engines_result_and_is_verified(fake: FakeOpenAI) -> None:
    fake.script(
        ok(K3),
        stream("인수분해하면 $(x-2)(x-3)=0$ 이에요.\n\n", "**답:** $x = 2$ 또는 $x = 3$"),
    )

    events, reply = ask(fake, QUADRATIC)

    assert "reset" not in [kind for kind, _ in events]
    assert reply.verified is True
    assert reply.content == streamed(events)
    assert "x = 3" in reply.content
    system = fake.requests[1].body["messages"][0]["content"]
    assert "checked result" in system  # the model was given the engine's result to explain
    assert "3" in system


def test_a_model_that_states_another_result_is_replaced_by_the_engine(fake: FakeOpenAI) -> None:
    fake.script(ok(K3), stream("잘 풀면 ", "**답:** $x = 1$ 또는 $x = 6$"))

    events, reply = ask(fake, QUADRATIC)

    kinds = [kind for kind, _ in events]
    assert kinds.count("reset") == 1
    after_reset = events[kinds.index("reset") + 1 :]
    engine = solve_question(QUADRATIC)
    assert reply.content == streamed(after_reset) == engine.markdown
    assert reply.verified is True
    assert "x = 1" not in reply.content


def test_an_answer_that_states_no_result_is_not_verified(fake: FakeOpenAI) -> None:
    fake.script(ok(K3), stream("먼저 좌변을 인수분해해 보세요. 어떤 두 수의 곱이 6일까요?"))

    events, reply = ask(fake, QUADRATIC)

    assert "reset" not in [kind for kind, _ in events]
    assert reply.verified is False
    assert reply.content == streamed(events)


def test_a_question_the_engine_cannot_compute_is_the_models_alone(fake: FakeOpenAI) -> None:
    fake.script(
        ok('{"knowledge_type": "K2", "gate": "answerable", "reasons": "", "missing_fields": []}'),
        stream("미분은 순간변화율이에요."),
    )

    _, reply = ask(fake, "미분이 왜 필요한지 설명해줘")

    assert reply.verified is False
    assert reply.content == "미분은 순간변화율이에요."
    system = fake.requests[1].body["messages"][0]["content"]
    assert "checked result" not in system
