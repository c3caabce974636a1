"""The ``openai`` provider's QAC score: the rubric as a strict JSON schema.

Every element is a required ``{met: 0|1, evidence}`` object, so a server with
structured output cannot leave one out; a reply that still does not fit raises
``UnreadableRubric`` and the request is retried (never stored as zeros).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openai.types.chat.completion_create_params import ResponseFormat

from agents.providers.base import EvaluationTurn, RubricDraft
from core.rubric import MAX_EVIDENCE_CHARS, get_rubric

# Per message, in the evaluator's prompt.
TURN_CHARS = 1500
MAX_TURNS = 60


class UnreadableRubric(Exception):
    """The model's rubric reply did not have every element as 0|1."""


def rubric_format() -> ResponseFormat:
    element = {
        "type": "object",
        "properties": {
            "met": {"type": "integer", "enum": [0, 1]},
            "evidence": {"type": "string"},
        },
        "required": ["met", "evidence"],
        "additionalProperties": False,
    }
    codes = list(get_rubric().element_codes)
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "qac_rubric",
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {code: element for code in codes},
                "required": codes,
                "additionalProperties": False,
            },
        },
    }


def rubric_text() -> str:
    """The checklist for the prompt: item, then each element's code, title and indicator."""
    lines: list[str] = []
    for item in get_rubric().items:
        lines.append(f"{item.code} {item.title.en}")
        lines.extend(
            f"- {element.code} {element.title.en}: {element.description.en}"
            for element in item.elements
        )
    return "\n".join(lines)


def transcript_text(turns: tuple[EvaluationTurn, ...]) -> str:
    lines: list[str] = []
    for turn in turns[-MAX_TURNS:]:
        who = "Student" if turn.role == "user" else "Tutor"
        content = turn.content[:TURN_CHARS] + ("..." if len(turn.content) > TURN_CHARS else "")
        lines.append(f"{who} ({turn.kind}): {content}")
    return "\n\n".join(lines)


def rubric_draft(data: Mapping[str, Any] | None) -> RubricDraft:
    """The reply as a draft; raises ``UnreadableRubric`` unless every element is 0|1."""
    if data is None:
        raise UnreadableRubric("no JSON object in the reply")
    elements: dict[str, int] = {}
    evidence: dict[str, str] = {}
    for code in get_rubric().element_codes:
        value = data.get(code)
        met = value.get("met") if isinstance(value, Mapping) else None
        if met not in (0, 1) or isinstance(met, bool):
            raise UnreadableRubric(f"element {code} is not 0 or 1")
        elements[code] = int(met)
        text = value.get("evidence") if isinstance(value, Mapping) else None
        if isinstance(text, str) and text.strip():
            evidence[code] = text.strip()[:MAX_EVIDENCE_CHARS]
    return RubricDraft(elements=elements, evidence=evidence)
