"""The tutor's rubric rules: each element decided by a named rule over recorded facts."""

from __future__ import annotations

from agents.providers.tutor.evaluate import NOT_JUDGED, RULES, evaluate_transcript
from bus.messages import EvaluationTurn
from core.rubric import get_rubric


def turn(role: str, kind: str, content: str = "", **facts: object) -> EvaluationTurn:
    return EvaluationTurn(role=role, kind=kind, content=content, **facts)  # type: ignore[arg-type]


WORKED = turn("assistant", "answer", "1. 인수분해: (x-2)(x-3)=0\n2. **x = 2, 3**", verified=True)


def test_an_answerable_first_question_with_a_verified_worked_answer() -> None:
    draft = evaluate_transcript(
        (turn("user", "question", "x^2-5x+6=0", knowledge_type="K3", gate="answerable"), WORKED)
    )
    met = {code for code, value in draft.elements.items() if value}
    assert met == {"A1-1", "A1-2", "A1-4", "A2-1", "A2-2", "A2-4", "B1-4", "B2-2", "B2-3",
                   "C1-1", "C1-4"}  # fmt: skip
    assert draft.evidence["A2-1"] == "rule: the gate was answerable on the first try: yes"
    assert draft.evidence["B2-2"].startswith("rule: an answer is a worked solution")
    assert draft.evidence["C2-1"] == "rule: the tutor asked the student back: no"


def test_a_clarified_dialogue_credits_asking_back_not_complete_conditions() -> None:
    draft = evaluate_transcript(
        (
            turn("user", "question", "모르겠어요", knowledge_type="K3", gate="needs_clarification"),
            turn("assistant", "clarification", "어떤 문제인가요?"),
            turn("user", "clarification_answer", "x^2-1 인수분해", gate="answerable"),
            WORKED,
        )
    )
    assert draft.elements["A2-2"] == 0
    assert draft.elements["A2-1"] == 0
    assert draft.elements["A3-2"] == 1
    assert draft.elements["C2-1"] == 1
    assert draft.elements["C1-2"] == 1


def test_elements_no_rule_decides_stay_zero_and_say_so() -> None:
    draft = evaluate_transcript((turn("user", "question", "?"),))
    undecided = set(get_rubric().element_codes) - set(RULES)
    assert undecided  # the rules do not pretend to judge everything
    assert all(draft.elements[code] == 0 for code in undecided)
    assert all(draft.evidence[code] == NOT_JUDGED for code in undecided)
    assert set(draft.elements) == set(get_rubric().element_codes)
    assert set(draft.elements.values()) == {0}  # nothing was answered
