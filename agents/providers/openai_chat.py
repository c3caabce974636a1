"""The ``openai`` provider: any OpenAI-compatible chat-completions server.

Works with OpenAI, vLLM, Ollama, llama.cpp and the Gemini/Anthropic
compatibility endpoints through the official SDK. Verdicts and summaries are
structured output (``json_schema``, falling back to ``json_object`` on servers
that reject it), validated with pydantic; anything unreadable falls back to a
safe local value. Answers stream. Timeouts and retries are the SDK's own,
configured from settings; a stream that stalls raises ``openai.APITimeoutError``.

Prompts live in ``prompts/*.md`` next to this module. Prompts, questions and
answers are never logged above debug level.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import openai
import structlog
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from openai.types.chat.completion_create_params import ResponseFormat
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from agents.grounding import NOT_VERIFIED, Grounding, Review, engine_note
from agents.providers.base import (
    GATES,
    KNOWLEDGE_TYPES,
    EvaluationTurn,
    Gate,
    KnowledgeType,
    Question,
    RubricDraft,
    SessionTranscript,
    SummaryDraft,
    Verdict,
)
from agents.providers.openai_evaluate import (
    rubric_draft,
    rubric_format,
    rubric_text,
    transcript_text,
)
from core.settings import ConfigurationError, Settings

log = structlog.get_logger(__name__)

# Local servers ignore the key, but the SDK insists on one.
PLACEHOLDER_API_KEY = "not-needed"
# Earlier turns sent with each request, newest kept.
MAX_HISTORY_TURNS = 12
# Per answer, in the summariser's prompt.
SUMMARY_ANSWER_CHARS = 400
SUMMARY_MAX_QUESTIONS = 40

FALLBACK_VERDICT = Verdict(
    knowledge_type="K3", gate="answerable", reasons="fallback: unreadable verdict"
)
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
# Reasoning models served raw (Qwen3, DeepSeek-R1 on some servers) think aloud first.
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_JSON_FENCE = re.compile(r"```(?:json)?\s*(\{.*?\})\s*```", re.DOTALL | re.IGNORECASE)


def is_korean(text: str) -> bool:
    """True if ``text`` contains Hangul."""
    return _HANGUL.search(text) is not None


@cache
def load_prompt(name: str) -> str:
    """The text of ``prompts/<name>.md``."""
    return (resources.files(__package__) / "prompts" / f"{name}.md").read_text("utf-8").strip()


class _VerdictReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    knowledge_type: KnowledgeType
    gate: Gate
    reasons: str = ""
    missing_fields: list[str] = []

    @field_validator("reasons", "missing_fields", mode="before")
    @classmethod
    def _null_is_empty(cls, value: object, info: ValidationInfo) -> object:
        if value is None:
            return "" if info.field_name == "reasons" else []
        return value

    @field_validator("knowledge_type", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("gate", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class _SummaryReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    summary: str
    key_concepts: list[str] = []

    @field_validator("summary")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty summary")
        return value.strip()


def _strict_schema(name: str, properties: dict[str, Any]) -> ResponseFormat:
    return {
        "type": "json_schema",
        "json_schema": {
            "name": name,
            "strict": True,
            "schema": {
                "type": "object",
                "properties": properties,
                "required": list(properties),
                "additionalProperties": False,
            },
        },
    }


_STRINGS = {"type": "array", "items": {"type": "string"}}
VERDICT_FORMAT = _strict_schema(
    "verdict",
    {
        "knowledge_type": {"type": "string", "enum": list(KNOWLEDGE_TYPES)},
        "gate": {"type": "string", "enum": list(GATES)},
        "reasons": {"type": "string"},
        "missing_fields": _STRINGS,
    },
)
SUMMARY_FORMAT = _strict_schema(
    "learning_summary", {"summary": {"type": "string"}, "key_concepts": _STRINGS}
)
JSON_OBJECT_FORMAT: ResponseFormat = {"type": "json_object"}


def strip_thinking(text: str) -> str:
    """``text`` without ``<think>...</think>`` blocks, stripped."""
    return _THINKING.sub("", text).strip()


def extract_json_object(text: str) -> dict[str, Any] | None:
    """The JSON object in a reply: bare, in a ```json fence, or embedded in prose."""
    text = strip_thinking(text)
    candidates = [text, *(match.group(1) for match in _JSON_FENCE.finditer(text))]
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    decoder = json.JSONDecoder()
    for start in (index for index, char in enumerate(text) if char == "{"):
        try:
            value, _ = decoder.raw_decode(text, start)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _system(text: str) -> ChatCompletionMessageParam:
    return {"role": "system", "content": text}


def _user(text: str) -> ChatCompletionMessageParam:
    return {"role": "user", "content": text}


def _conversation(question: Question) -> list[ChatCompletionMessageParam]:
    """The session's recent turns, then the question with the student's clarifications."""
    messages: list[ChatCompletionMessageParam] = []
    for turn in question.history[-MAX_HISTORY_TURNS:]:
        if turn.role == "assistant":
            messages.append({"role": "assistant", "content": turn.content})
        else:
            messages.append(_user(turn.content))
    text = question.text
    if question.clarifications:
        given = "\n".join(f"- {answer}" for answer in question.clarifications)
        text = f"{text}\n\nMy answers to the tutor's clarifying questions:\n{given}"
    messages.append(_user(text))
    return messages


def _language_note(question: Question) -> str:
    if is_korean(question.full_text):
        return "The student writes in Korean: reply in Korean (한국어)."
    return "Reply in the language of the student's question."


def _verdict_note(verdict: Verdict) -> str:
    parts = [f"Classifier notes: {verdict.reasons or 'none'}."]
    if verdict.missing_fields:
        parts.append("Missing: " + ", ".join(verdict.missing_fields) + ".")
    return " ".join(parts)


def fallback_summary(session: SessionTranscript) -> str:
    """A plain summary listing the session's questions, for when the model fails."""
    questions = [" ".join(text.split()) for text in session.questions]
    korean = any(is_korean(text) for text in questions)
    if not questions:
        return (
            "이 세션에는 질문이 없었습니다."
            if korean
            else "No questions were asked in this session."
        )
    listed = "; ".join(text if len(text) <= 80 else text[:77] + "..." for text in questions)
    if korean:
        return f"이 세션에서 {len(questions)}개의 질문을 다루었습니다: {listed}"
    return f"This session covered {len(questions)} question(s): {listed}"


def clarify_fallback(question: Question) -> str:
    if is_korean(question.full_text):
        return (
            "질문에서 정확히 어떤 부분이 궁금한가요? 문제 전체와 지금까지 해 본 풀이를 알려 줄래요?"
        )
    return (
        "Which part exactly is unclear to you? Could you share the full problem "
        "and what you have tried so far?"
    )


def refuse_fallback(question: Question) -> str:
    if is_korean(question.full_text):
        return "죄송하지만 그 질문은 도와드리기 어려워요. 수학 질문이라면 언제든지 물어보세요!"
    return "Sorry, I can't help with that. I'm happy to help with any math question, though!"


class OpenAIProvider:
    """The Provider protocol over an OpenAI-compatible chat-completions API."""

    name = "openai"

    def __init__(
        self,
        client: AsyncOpenAI,
        model: str,
        *,
        temperature: float | None = None,
        grounding: Grounding | None = None,
    ) -> None:
        self.client = client
        self.model = model
        self.temperature = temperature
        # The math engine: it solves first, the model explains, the engine checks.
        self.grounding = grounding
        # Flipped off the first time the server rejects a json_schema response_format.
        self.json_schema_supported = True

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIProvider:
        """A provider for LLM_BASE_URL / LLM_MODEL; the API key may be empty."""
        if not settings.llm_base_url:
            raise ConfigurationError("LLM_PROVIDER=openai needs LLM_BASE_URL")
        if not settings.llm_model:
            raise ConfigurationError("LLM_PROVIDER=openai needs LLM_MODEL")
        client = AsyncOpenAI(
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or PLACEHOLDER_API_KEY,
            timeout=settings.llm_timeout_seconds,
            max_retries=settings.llm_max_retries,
        )
        return cls(client, settings.llm_model, grounding=Grounding())

    async def aclose(self) -> None:
        """Close the HTTP connections (and the engine's workers)."""
        await self.client.close()
        if self.grounding is not None:
            await self.grounding.aclose()

    # -- the Provider protocol ----------------------------------------------------------

    async def classify(self, question: Question) -> Verdict:
        messages = [_system(load_prompt("classify")), *_conversation(question)]
        data = await self._complete_json(messages, VERDICT_FORMAT, "classify")
        try:
            reply = _VerdictReply.model_validate(data)
        except ValidationError as error:
            log.warning("unreadable verdict; using the fallback", errors=error.error_count())
            return FALLBACK_VERDICT
        return Verdict(
            knowledge_type=reply.knowledge_type,
            gate=reply.gate,
            reasons=reply.reasons,
            missing_fields=tuple(reply.missing_fields),
        )

    async def clarify(self, question: Question, verdict: Verdict) -> str:
        system = "\n\n".join(
            (load_prompt("clarify"), _verdict_note(verdict), _language_note(question))
        )
        messages = [_system(system), *_conversation(question)]
        return await self._complete_text(messages, "clarify") or clarify_fallback(question)

    async def refuse(self, question: Question, verdict: Verdict) -> str:
        system = "\n\n".join((load_prompt("refuse"), _language_note(question)))
        messages = [_system(system), *_conversation(question)]
        return await self._complete_text(messages, "refuse") or refuse_fallback(question)

    async def answer(self, question: Question, verdict: Verdict) -> AsyncIterator[str]:
        """Stream the answer; raises ``openai.APIError`` (``APITimeoutError`` on a stall).

        For a question the engine solved, the model is asked to explain the engine's
        checked result (see agents.grounding)."""
        notes = [
            load_prompt("answer"),
            load_prompt(f"answer_{verdict.knowledge_type}"),
            _language_note(question),
        ]
        if self.grounding is not None:
            solution = await self.grounding.solve(question.full_text)
            if solution is not None:
                notes.append(engine_note(solution))
        system = "\n\n".join(notes)
        messages = [_system(system), *_conversation(question)]
        stream = await self.client.chat.completions.create(
            model=self.model, messages=messages, stream=True, **self._sampling()
        )
        async with stream:
            async for chunk in stream:
                for choice in chunk.choices:
                    if choice.index == 0 and choice.delta.content:
                        yield choice.delta.content

    async def review(self, question: Question, answer: str) -> Review:
        """The engine checks the result the model's answer states (never trusted as is)."""
        if self.grounding is None:
            return NOT_VERIFIED
        return await self.grounding.review(question.full_text, answer)

    async def summarize(self, session: SessionTranscript) -> SummaryDraft:
        if not session.turns:
            return SummaryDraft(summary=fallback_summary(session))
        messages = [_system(load_prompt("summarize")), _user(_session_text(session))]
        data = await self._complete_json(messages, SUMMARY_FORMAT, "summarize")
        try:
            reply = _SummaryReply.model_validate(data)
        except ValidationError as error:
            log.warning("unreadable summary; using the fallback", errors=error.error_count())
            return SummaryDraft(summary=fallback_summary(session))
        concepts = tuple(concept.strip() for concept in reply.key_concepts if concept.strip())
        return SummaryDraft(summary=reply.summary, key_concepts=concepts)

    async def evaluate(self, turns: tuple[EvaluationTurn, ...]) -> RubricDraft:
        """The rubric as a strict JSON schema; raises ``UnreadableRubric`` (so the request
        is retried) rather than store a score the model did not give."""
        system = "\n\n".join((load_prompt("evaluate"), rubric_text()))
        messages = [_system(system), _user(transcript_text(turns))]
        return rubric_draft(await self._complete_json(messages, rubric_format(), "evaluate"))

    # -- calls ------------------------------------------------------------------------

    def _sampling(self) -> dict[str, Any]:
        return {} if self.temperature is None else {"temperature": self.temperature}

    async def _create(
        self, messages: list[ChatCompletionMessageParam], response_format: ResponseFormat | None
    ) -> str:
        """One non-streamed completion's text ("" if the model sent none)."""
        extra: dict[str, Any] = self._sampling()
        if response_format is not None:
            extra["response_format"] = response_format
        completion = await self.client.chat.completions.create(
            model=self.model, messages=messages, **extra
        )
        if not completion.choices:
            return ""
        return completion.choices[0].message.content or ""

    async def _complete_text(self, messages: list[ChatCompletionMessageParam], step: str) -> str:
        """The completion's text, or "" when the server fails after its retries."""
        try:
            text = await self._create(messages, None)
        except openai.OpenAIError as error:
            log.warning("completion failed", step=step, error=type(error).__name__)
            return ""
        log.debug("completion", step=step, text=text)
        return strip_thinking(text)

    async def _complete_json(
        self, messages: list[ChatCompletionMessageParam], schema: ResponseFormat, step: str
    ) -> Mapping[str, Any] | None:
        """The reply's JSON object, or None (server failure or no JSON object in it).

        Asks for ``schema``; on a 400 (a server without json_schema support) asks
        once more with ``json_object``, and uses only that from then on.
        """
        try:
            if self.json_schema_supported:
                try:
                    text = await self._create(messages, schema)
                except openai.BadRequestError:
                    log.info("server rejected json_schema; retrying with json_object", step=step)
                    self.json_schema_supported = False
                    text = await self._create(messages, JSON_OBJECT_FORMAT)
            else:
                text = await self._create(messages, JSON_OBJECT_FORMAT)
        except openai.OpenAIError as error:
            log.warning("structured completion failed", step=step, error=type(error).__name__)
            return None
        log.debug("structured completion", step=step, text=text)
        return extract_json_object(text)


def _session_text(session: SessionTranscript) -> str:
    """The summariser's input: numbered questions with their types and answer openings."""
    lines: list[str] = []
    for number, turn in enumerate(session.turns[-SUMMARY_MAX_QUESTIONS:], start=1):
        kind = f" [{turn.verdict.knowledge_type}]" if turn.verdict else ""
        lines.append(f"Q{number}{kind}: {turn.question}")
        answer = turn.reply or ""
        if answer:
            ellipsis = "..." if len(answer) > SUMMARY_ANSWER_CHARS else ""
            lines.append(f"A{number}: {answer[:SUMMARY_ANSWER_CHARS]}{ellipsis}")
    return "\n".join(lines)
