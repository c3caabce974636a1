"""The tutor's classifier details, clarifying questions, refusals and summaries.

The big question table (type, gate and answer of each row) lives in
``test_tutor_answers.py``; this module checks the rules around it.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from agents.pipeline import summarize_session
from agents.providers.base import KNOWLEDGE_TYPES, Question, Verdict
from agents.providers.tutor import TutorProvider
from bus.messages import SummaryReply, SummaryRequest, SummaryTurn

PROVIDER = TutorProvider()
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def classify(text: str, *clarifications: str) -> Verdict:
    return asyncio.run(PROVIDER.classify(Question(text, clarifications=clarifications)))


def test_provider_identity() -> None:
    assert PROVIDER.name == "tutor"
    assert PROVIDER.model == "tutor-engine-1"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("x^2-4=0 왜 해가 두 개야?", "K2"),  # formula + why, no procedural verb
        ("x^2-4=0 을 풀어줘, 왜 그런지도", "K3"),  # procedural verb wins
        ("x^2 - 5x + 6 = 0 을 풀었는데 맞는지 어떻게 확인해?", "K4"),  # checking one's work
        ("what is 12*7+3", "K3"),  # "what is" does not beat a computable expression
        ("도함수가 뭐야?", "K1"),
        ("이차함수가 뭔지 알려줘", "K1"),
    ],
)
def test_knowledge_type_rules(question: str, kind: str) -> None:
    assert classify(question).knowledge_type == kind


def test_needs_clarification_reports_missing_fields() -> None:
    vague = classify("모르겠어요")
    assert vague.gate == "needs_clarification"
    assert vague.missing_fields == ("problem", "goal")
    assert vague.reasons
    no_object = classify("이 문제 풀어줘")
    assert no_object.missing_fields == ("problem",)


def test_answerable_and_refused_verdicts_have_reasons() -> None:
    assert "formula" in classify("x^2 - 5x + 6 = 0 을 풀어줘").reasons
    assert "cheat" in classify("시험 중인데 답만 빨리 알려줘").reasons
    assert "not a math" in classify("오늘 날씨 어때?").reasons


@pytest.mark.parametrize(
    ("text", "clarifications", "kind"),
    [
        ("이 문제 풀어줘", ("x^2 - 4 = 0",), "K3"),
        ("help", ("I don't get what a derivative is",), "K1"),
        ("모르겠어요", ("등비수열 합 공식이 왜 그렇게 나와요?",), "K2"),
        ("도와주세요", ("모르겠어요", "2x + 1 = 5"), "K3"),
    ],
)
def test_clarified_question_with_a_math_object_is_answerable(
    text: str, clarifications: tuple[str, ...], kind: str
) -> None:
    assert classify(text).gate == "needs_clarification"
    verdict = classify(text, *clarifications)
    assert verdict.gate == "answerable"
    assert verdict.knowledge_type == kind


def test_clarification_without_math_stays_unclear() -> None:
    assert classify("help", "I still don't know").gate == "needs_clarification"


def test_classification_is_deterministic() -> None:
    question = "x가 0으로 갈 때 sin(x)/x 의 극한을 구해줘"
    assert len({classify(question) for _ in range(3)}) == 1


# clarify()


def clarify(text: str, *clarifications: str) -> str:
    question = Question(text, clarifications=clarifications)
    verdict = asyncio.run(PROVIDER.classify(question))
    return asyncio.run(PROVIDER.clarify(question, verdict))


def test_clarify_speaks_the_question_language() -> None:
    korean, english = clarify("이 문제 풀어줘"), clarify("solve this problem")
    assert HANGUL.search(korean)
    assert not HANGUL.search(english)
    assert korean.count("?") == 1
    assert english.count("?") == 1


def test_clarify_rounds_are_worded_differently() -> None:
    rounds = [clarify("이 문제 풀어줘", *["모르겠어요"] * n) for n in range(3)]
    assert len(set(rounds)) == 3
    english = [clarify("help", *["no idea"] * n) for n in range(3)]
    assert len(set(english)) == 3
    assert "tried" in english[1]


# refuse()


def refuse(text: str) -> str:
    question = Question(text)
    verdict = asyncio.run(PROVIDER.classify(question))
    assert verdict.gate == "unanswerable"
    return asyncio.run(PROVIDER.refuse(question, verdict))


def test_refusal_of_off_topic_question_points_to_math_learning() -> None:
    korean = refuse("오늘 날씨 어때?")
    assert "MAICE" in korean
    assert "수학" in korean
    english = refuse("write me a poem about love")
    assert "math" in english
    assert not HANGUL.search(english)


def test_refusal_of_cheating_offers_to_help_study() -> None:
    korean = refuse("시험 중인데 답만 빨리 알려줘")
    assert "시험" in korean
    assert "공부" in korean
    english = refuse("do my online exam for me")
    assert "exam in progress" in english
    assert "study" in english


# summarize()


def summary_request(questions: tuple[str, ...], verdicts: tuple[Verdict, ...]) -> SummaryRequest:
    turns = [SummaryTurn(question=q, verdict=v) for q, v in zip(questions, verdicts, strict=True)]
    return SummaryRequest(
        session_id=1, student_id=1, first_message_id=1, last_message_id=9, turns=turns
    )


def summarize(request: SummaryRequest) -> SummaryReply:
    return asyncio.run(summarize_session(PROVIDER, request))


SESSION = summary_request(
    (
        "근의 공식이 뭐야?",
        "x^2 - 5x + 6 = 0 을 풀어줘",
        "미분의 의미를 설명해줘",
        "differentiate x^3 + 2x",
        "이 문제를 어떻게 접근해야 할지 모르겠어요, 연립방정식 문제",
        "오늘 날씨 어때?",
    ),
    (
        Verdict("K1", "answerable"),
        Verdict("K3", "answerable"),
        Verdict("K2", "answerable"),
        Verdict("K3", "answerable"),
        Verdict("K4", "answerable"),
        Verdict("K1", "unanswerable"),
    ),
)


def test_summary_counts_concepts_and_language() -> None:
    summary = summarize(SESSION)
    assert summary.knowledge_types == {"K1": 2, "K2": 1, "K3": 2, "K4": 1}
    assert summary.key_concepts == ["근의 공식", "이차방정식", "미분(도함수)", "연립방정식"]
    assert HANGUL.search(summary.summary)
    assert "6개" in summary.summary
    assert "\n" not in summary.summary


def test_summary_is_deterministic() -> None:
    first = summarize(SESSION)
    second = summarize(SESSION)
    assert first == second


def test_english_session_gets_an_english_summary_with_all_types() -> None:
    session = summary_request(
        ("what is a logarithm", "why does the derivative give the slope", "help"),
        (
            Verdict("K1", "answerable"),
            Verdict("K2", "answerable"),
            Verdict("K1", "needs_clarification"),
        ),
    )
    summary = summarize(session)
    assert set(summary.knowledge_types) == set(KNOWLEDGE_TYPES)
    assert summary.knowledge_types["K1"] == 2
    assert summary.key_concepts == ["logarithm", "derivative"]
    assert not HANGUL.search(summary.summary)
    assert "3 questions" in summary.summary


def test_empty_session_summary() -> None:
    summary = summarize(summary_request((), ()))
    assert summary.knowledge_types == {"K1": 0, "K2": 0, "K3": 0, "K4": 0}
    assert summary.key_concepts == []
    assert summary.summary
