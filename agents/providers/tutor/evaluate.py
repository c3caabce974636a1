"""The ``tutor`` provider's QAC score: rules over observable facts of the dialogue.

Each rule decides one element from what the transcript records (gates, kinds,
the engine's ``verified`` mark, the shape of an answer) and says so in the
evidence. An element no rule can decide stays 0, with evidence that says so:
no score is a mystery.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from agents.providers.base import EvaluationTurn, RubricDraft
from core.rubric import get_rubric

_STEP_LINE = re.compile(r"^\s*(?:\d+[.)]|[-*] |#+ |\*\*(?:step|단계)|step \d|\d+단계)", re.I | re.M)
_EMPHASIS = re.compile(r"\*\*[^*\n]+\*\*|\$\$|\\boxed")
NOT_JUDGED = "rule: not decidable from the transcript's facts; left 0"


@dataclass(frozen=True)
class Facts:
    """What the rules look at, read once from the transcript."""

    questions: tuple[EvaluationTurn, ...]
    replies: tuple[EvaluationTurn, ...]

    @property
    def first(self) -> EvaluationTurn | None:
        return self.questions[0] if self.questions else None

    @property
    def answers(self) -> tuple[EvaluationTurn, ...]:
        return tuple(reply for reply in self.replies if reply.kind == "answer")

    @property
    def asked_back(self) -> bool:
        return any(reply.kind == "clarification" for reply in self.replies)

    @property
    def refused(self) -> bool:
        return any(reply.kind == "refusal" for reply in self.replies)


def _first_answerable(facts: Facts) -> bool:
    return facts.first is not None and facts.first.gate == "answerable"


def _first_classified_clear(facts: Facts) -> bool:
    first = facts.first
    return (
        first is not None
        and first.knowledge_type is not None
        and first.gate != ("needs_clarification")
    )


def _stepwise(facts: Facts) -> bool:
    return any(len(_STEP_LINE.findall(answer.content)) >= 2 for answer in facts.answers)


def _emphasised(facts: Facts) -> bool:
    return any(_EMPHASIS.search(answer.content) for answer in facts.answers)


Rule = Callable[[Facts], bool]
# code -> (rule, what it checks): the evidence names the rule either way.
RULES: dict[str, tuple[Rule, str]] = {
    "A1-1": (
        lambda f: _first_answerable(f) and any(a.verified for a in f.answers),
        "the engine verified an answer to the first, answerable question",
    ),
    "A1-2": (
        lambda f: any(q.gate for q in f.questions) and not f.refused,
        "the questions were classified and none was refused as out of scope",
    ),
    "A1-4": (_first_answerable, "the first question's gate was answerable"),
    "A2-1": (_first_answerable, "the gate was answerable on the first try"),
    "A2-2": (
        lambda f: _first_answerable(f) and not f.asked_back,
        "answerable on the first try and no condition was asked back",
    ),
    "A2-4": (_first_classified_clear, "the first question was classified without asking back"),
    "A3-2": (
        lambda f: any(q.kind == "clarification_answer" for q in f.questions),
        "the student told what they knew or tried in answer to the tutor",
    ),
    "B1-4": (
        lambda f: any(a.verified for a in f.answers),
        "an answer was computed from the student's own expression",
    ),
    "B2-2": (_stepwise, "an answer is a worked solution in at least two steps"),
    "B2-3": (_emphasised, "an answer marks its key result (bold or display math)"),
    "C1-1": (lambda f: bool(f.replies) and not f.refused, "no reply left the topic (no refusal)"),
    "C1-2": (
        lambda f: f.asked_back and bool(f.answers),
        "an answer followed a clarification and used its context",
    ),
    "C1-4": (
        lambda f: bool(f.questions) and len(f.replies) >= len(f.questions),
        "every student message got a reply",
    ),
    "C2-1": (lambda f: f.asked_back, "the tutor asked the student back"),
    "C2-4": (
        lambda f: any(q.knowledge_type == "K2" for q in f.questions) and bool(f.answers),
        "a conceptual (why) question was answered with an explanation",
    ),
}


def evaluate_transcript(turns: tuple[EvaluationTurn, ...]) -> RubricDraft:
    facts = Facts(
        questions=tuple(turn for turn in turns if turn.role == "user"),
        replies=tuple(turn for turn in turns if turn.role == "assistant"),
    )
    elements: dict[str, int] = {}
    evidence: dict[str, str] = {}
    for code in get_rubric().element_codes:
        rule = RULES.get(code)
        if rule is None:
            elements[code], evidence[code] = 0, NOT_JUDGED
            continue
        decide, description = rule
        met = decide(facts)
        elements[code] = int(met)
        evidence[code] = f"rule: {description}: {'yes' if met else 'no'}"
    return RubricDraft(elements=elements, evidence=evidence)
