"""OpenAIProvider against a scripted OpenAI-compatible server over real HTTP."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import openai
import pytest
from structlog.testing import capture_logs

from agents.pipeline import summarize_session
from agents.providers.base import Provider, Question, Turn, Verdict
from agents.providers.openai_chat import FALLBACK_VERDICT, OpenAIProvider
from bus.messages import SummaryRequest, SummaryTurn
from core.settings import ConfigurationError, Settings
from tests.fakes.openai_server import (
    FakeOpenAI,
    hang,
    ok,
    running_fake_openai,
    stall,
    status,
    stream,
)

T = TypeVar("T")
MODEL = "fake-model"
API_KEY = "sk-test-key"
VERDICT_JSON = json.dumps(
    {
        "knowledge_type": "K2",
        "gate": "needs_clarification",
        "reasons": "no expression given",
        "missing_fields": ["the expression"],
    }
)
VERDICT = Verdict("K2", "needs_clarification", "no expression given", ("the expression",))
K3_VERDICT = Verdict("K3", "answerable")


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as fake:
        yield fake


@pytest.fixture
def fake(server: FakeOpenAI) -> FakeOpenAI:
    server.reset()
    return server


def settings_for(fake: FakeOpenAI, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "llm_provider": "openai",
        "llm_base_url": fake.url,
        "llm_api_key": API_KEY,
        "llm_model": MODEL,
        "llm_timeout_seconds": 5,
        "llm_max_retries": 2,
        **overrides,
    }
    return Settings(**values)


def run(fake: FakeOpenAI, work: Callable[[OpenAIProvider], Awaitable[T]], **overrides: Any) -> T:
    """Run ``work`` with a fresh provider (its HTTP pool lives in this event loop)."""

    async def main() -> T:
        provider = OpenAIProvider.from_settings(settings_for(fake, **overrides))
        try:
            return await work(provider)
        finally:
            await provider.aclose()

    return asyncio.run(main())


async def collect(provider: Provider, question: Question, verdict: Verdict) -> list[str]:
    return [piece async for piece in provider.answer(question, verdict)]


def ask(text: str, **kwargs: Any) -> Question:
    return Question(text=text, **kwargs)


# -- answer ---------------------------------------------------------------------------


def test_answer_streams_chunks_in_order_with_history_and_clarifications(
    fake: FakeOpenAI,
) -> None:
    fake.script(stream("**Step 1.** ", "Factor: ", "$(x-2)(x-3)=0$"))
    question = ask(
        "이 방정식 풀어줘",
        history=(Turn("user", "안녕"), Turn("assistant", "어떤 방정식인가요?")),
        clarifications=("x^2 - 5x + 6 = 0",),
    )

    pieces = run(fake, lambda provider: collect(provider, question, K3_VERDICT))

    assert pieces == ["**Step 1.** ", "Factor: ", "$(x-2)(x-3)=0$"]
    [request] = fake.requests
    assert request.body["model"] == MODEL
    assert request.body["stream"] is True
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    messages = request.body["messages"]
    assert [message["role"] for message in messages] == ["system", "user", "assistant", "user"]
    system = messages[0]["content"]
    assert "procedural (K3)" in system
    assert "reply in Korean" in system
    assert messages[1]["content"] == "안녕"
    assert messages[-1]["content"].startswith("이 방정식 풀어줘")
    assert "x^2 - 5x + 6 = 0" in messages[-1]["content"]


@pytest.mark.parametrize(
    ("kind", "style"), [("K1", "factual"), ("K2", "conceptual"), ("K4", "Polya")]
)
def test_answer_prompt_follows_the_knowledge_type(fake: FakeOpenAI, kind: str, style: str) -> None:
    fake.script(stream("ok"))
    verdict = Verdict(kind, "answerable")  # type: ignore[arg-type]

    run(fake, lambda provider: collect(provider, ask("What is a derivative?"), verdict))

    system = fake.requests[0].body["messages"][0]["content"]
    assert style in system
    assert "reply in Korean" not in system


def test_answer_raises_after_persistent_server_errors(fake: FakeOpenAI) -> None:
    fake.script(status(500), status(500), status(500))

    with pytest.raises(openai.InternalServerError):
        run(fake, lambda provider: collect(provider, ask("2+2?"), K3_VERDICT))

    assert len(fake.requests) == 3  # the first try and llm_max_retries=2 retries


def test_answer_times_out_when_the_server_hangs(fake: FakeOpenAI) -> None:
    fake.script(hang())
    started = time.monotonic()

    with pytest.raises(openai.APITimeoutError):
        run(
            fake,
            lambda provider: collect(provider, ask("2+2?"), K3_VERDICT),
            llm_timeout_seconds=1,
            llm_max_retries=0,
        )

    assert time.monotonic() - started < 5
    assert len(fake.requests) == 1


def test_a_stream_that_stalls_midway_raises(fake: FakeOpenAI) -> None:
    fake.script(stall("First, ", "we "))
    received: list[str] = []

    async def work(provider: OpenAIProvider) -> None:
        async for piece in provider.answer(ask("Prove it"), K3_VERDICT):
            received.append(piece)

    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        run(fake, work, llm_timeout_seconds=1, llm_max_retries=0)

    assert time.monotonic() - started < 5
    assert received == ["First, ", "we "]


# -- classify -------------------------------------------------------------------------


def test_classify_parses_a_valid_verdict_with_strict_json_schema(fake: FakeOpenAI) -> None:
    fake.script(ok(VERDICT_JSON))

    verdict = run(fake, lambda provider: provider.classify(ask("Simplify it")))

    assert verdict == VERDICT
    [request] = fake.requests
    assert "stream" not in request.body or request.body["stream"] is False
    response_format = request.body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert set(schema["required"]) == {"knowledge_type", "gate", "reasons", "missing_fields"}
    assert schema["properties"]["knowledge_type"]["enum"] == ["K1", "K2", "K3", "K4"]


@pytest.mark.parametrize(
    "reply",
    [
        f"Here is my verdict:\n```json\n{VERDICT_JSON}\n```",
        f"Sure! {VERDICT_JSON} Hope this helps.",
        f'<think>Maybe {{"knowledge_type": "K1"}}? No.</think>\n{VERDICT_JSON}',
    ],
    ids=["fence", "prose", "thinking"],
)
def test_classify_finds_json_in_a_fence_or_prose(fake: FakeOpenAI, reply: str) -> None:
    fake.script(ok(reply))

    assert run(fake, lambda provider: provider.classify(ask("Simplify it"))) == VERDICT


@pytest.mark.parametrize(
    "reply",
    [
        "I think this is a procedural question.",
        json.dumps({"knowledge_type": "K9", "gate": "answerable"}),
        json.dumps({"knowledge_type": "K1", "gate": "maybe"}),
        json.dumps({"knowledge_type": "K1"}),
        json.dumps(["K1", "answerable"]),
        "",
    ],
    ids=["prose", "bad-type", "bad-gate", "missing-gate", "array", "empty"],
)
def test_classify_falls_back_on_junk(fake: FakeOpenAI, reply: str) -> None:
    fake.script(ok(reply))

    verdict = run(fake, lambda provider: provider.classify(ask("Solve x+1=2")))

    assert verdict == FALLBACK_VERDICT
    assert verdict.knowledge_type == "K3"
    assert verdict.gate == "answerable"
    assert len(fake.requests) == 1


def test_classify_accepts_null_reasons_and_lenient_case(fake: FakeOpenAI) -> None:
    reply = {"knowledge_type": "k4", "gate": "Answerable", "reasons": None, "missing_fields": None}
    fake.script(ok(json.dumps(reply)))

    verdict = run(fake, lambda provider: provider.classify(ask("Where do I start?")))

    assert verdict == Verdict("K4", "answerable")


def test_a_500_then_success_is_retried(fake: FakeOpenAI) -> None:
    fake.script(status(500), ok(VERDICT_JSON))

    assert run(fake, lambda provider: provider.classify(ask("Simplify it"))) == VERDICT
    assert len(fake.requests) == 2


def test_classify_falls_back_after_persistent_server_errors(fake: FakeOpenAI) -> None:
    fake.script(status(500), status(500))

    verdict = run(fake, lambda provider: provider.classify(ask("2+2?")), llm_max_retries=1)

    assert verdict == FALLBACK_VERDICT
    assert len(fake.requests) == 2


def test_classify_falls_back_when_the_server_hangs(fake: FakeOpenAI) -> None:
    fake.script(hang())
    started = time.monotonic()

    verdict = run(
        fake,
        lambda provider: provider.classify(ask("2+2?")),
        llm_timeout_seconds=1,
        llm_max_retries=0,
    )

    assert verdict == FALLBACK_VERDICT
    assert time.monotonic() - started < 5


def test_json_schema_rejected_with_400_retries_with_json_object(fake: FakeOpenAI) -> None:
    fake.reject_json_schema = True
    fake.script(ok(VERDICT_JSON), ok(VERDICT_JSON))

    async def work(provider: OpenAIProvider) -> list[Verdict]:
        return [await provider.classify(ask("Simplify it")) for _ in range(2)]

    assert run(fake, work) == [VERDICT, VERDICT]
    formats = [request.body["response_format"]["type"] for request in fake.requests]
    # The 400 is not retried by the SDK; the provider remembers the server's limit.
    assert formats == ["json_schema", "json_object", "json_object"]


# -- clarify and refuse ---------------------------------------------------------------


def test_clarify_asks_one_question_back(fake: FakeOpenAI) -> None:
    fake.script(ok("  Which expression do you want to simplify?  "))

    text = run(fake, lambda provider: provider.clarify(ask("Simplify it"), VERDICT))

    assert text == "Which expression do you want to simplify?"
    [request] = fake.requests
    assert request.body.get("stream") in (None, False)
    assert "the expression" in request.body["messages"][0]["content"]


def test_clarify_and_refuse_fall_back_when_the_server_fails(fake: FakeOpenAI) -> None:
    fake.script(status(500), status(500))

    async def work(provider: OpenAIProvider) -> tuple[str, str]:
        question = ask("이거 어떻게 해?")
        clarification = await provider.clarify(question, VERDICT)
        refusal = await provider.refuse(question, Verdict("K1", "unanswerable"))
        return clarification, refusal

    clarification, refusal = run(fake, work, llm_max_retries=0)

    assert "?" in clarification
    assert "수학" in refusal
    assert len(fake.requests) == 2


def test_refuse_uses_the_model_text(fake: FakeOpenAI) -> None:
    fake.script(ok("Sorry, I only help with math."))

    text = run(
        fake,
        lambda provider: provider.refuse(ask("Write my essay"), Verdict("K1", "unanswerable")),
    )

    assert text == "Sorry, I only help with math."


# -- summarize ------------------------------------------------------------------------


def summary_request(*turns: SummaryTurn) -> SummaryRequest:
    return SummaryRequest(
        session_id=1, student_id=1, first_message_id=1, last_message_id=9, turns=list(turns)
    )


SESSION = summary_request(
    SummaryTurn(
        question="What is a derivative?",
        verdict=Verdict("K1", "answerable"),
        reply="The rate of change.",
    ),
    SummaryTurn(question="Differentiate x^2", verdict=K3_VERDICT, reply="2x"),
    SummaryTurn(question="Differentiate sin x", verdict=K3_VERDICT, reply="cos x"),
)
LOCAL_COUNTS = {"K1": 1, "K2": 0, "K3": 2, "K4": 0}


def test_summarize_counts_knowledge_types_locally(fake: FakeOpenAI) -> None:
    reply = {
        "summary": "The student practised derivatives.",
        "key_concepts": ["derivative", "power rule"],
        "knowledge_types": {"K1": 99},
    }
    fake.script(ok(json.dumps(reply)))

    summary = run(fake, lambda provider: summarize_session(provider, SESSION))

    assert summary.summary == "The student practised derivatives."
    assert summary.key_concepts == ["derivative", "power rule"]
    assert summary.knowledge_types == LOCAL_COUNTS
    [request] = fake.requests
    assert request.body["response_format"]["json_schema"]["name"] == "learning_summary"
    prompt = request.body["messages"][-1]["content"]
    assert "Q2 [K3]: Differentiate x^2" in prompt


def test_summarize_falls_back_to_a_plain_summary_on_junk(fake: FakeOpenAI) -> None:
    fake.script(ok("The session went well."))

    summary = run(fake, lambda provider: summarize_session(provider, SESSION))

    assert "3 question(s)" in summary.summary
    assert "Differentiate sin x" in summary.summary
    assert summary.key_concepts == []
    assert summary.knowledge_types == LOCAL_COUNTS


def test_summarize_an_empty_session_calls_no_model(fake: FakeOpenAI) -> None:
    summary = run(fake, lambda provider: summarize_session(provider, summary_request()))

    assert summary.knowledge_types == {"K1": 0, "K2": 0, "K3": 0, "K4": 0}
    assert fake.requests == []


def test_summarize_labels_each_question_with_its_own_verdict(fake: FakeOpenAI) -> None:
    """A job that ended without a verdict (an error, a timeout) mislabels no later question."""
    fake.script(ok(json.dumps({"summary": "ok", "key_concepts": []})))
    session = summary_request(
        SummaryTurn(question="What is a derivative?", verdict=Verdict("K1", "answerable")),
        SummaryTurn(question="Why is the sky blue?"),  # its job failed: no verdict, no reply
        SummaryTurn(question="Differentiate x^2", verdict=K3_VERDICT, reply="2x"),
    )

    summary = run(fake, lambda provider: summarize_session(provider, session))

    prompt = fake.requests[0].body["messages"][-1]["content"]
    assert "Q1 [K1]: What is a derivative?" in prompt
    assert "Q2: Why is the sky blue?" in prompt
    assert "Q3 [K3]: Differentiate x^2" in prompt
    assert "A3: 2x" in prompt
    assert summary.knowledge_types == {"K1": 1, "K2": 0, "K3": 1, "K4": 0}


# -- settings and hygiene -------------------------------------------------------------


@pytest.mark.parametrize("missing", ["llm_base_url", "llm_model"])
def test_from_settings_requires_base_url_and_model(fake: FakeOpenAI, missing: str) -> None:
    settings = settings_for(fake, **{missing: None})

    with pytest.raises(ConfigurationError, match=missing.upper()):
        OpenAIProvider.from_settings(settings)


def test_an_empty_api_key_sends_a_placeholder(fake: FakeOpenAI) -> None:
    fake.script(ok(VERDICT_JSON))

    provider_name = run(
        fake,
        lambda provider: _classify_and_name(provider),
        llm_api_key="",
    )

    assert provider_name == ("openai", MODEL)
    assert fake.requests[0].headers["authorization"] == "Bearer not-needed"


async def _classify_and_name(provider: OpenAIProvider) -> tuple[str, str]:
    await provider.classify(ask("2+2?"))
    return provider.name, provider.model


def test_questions_and_keys_never_reach_info_logs(fake: FakeOpenAI) -> None:
    secret_question = "Solve the secret equation 7x = 42"
    fake.script(ok("junk reply"), status(500))

    async def work(provider: OpenAIProvider) -> None:
        await provider.classify(ask(secret_question))
        await provider.clarify(ask(secret_question), VERDICT)

    with capture_logs() as logs:
        run(fake, work, llm_max_retries=0)

    assert logs, "the fallbacks should be logged"
    for entry in logs:
        if entry["log_level"] != "debug":
            rendered = json.dumps(entry, default=str)
            assert "secret equation" not in rendered
            assert API_KEY not in rendered
