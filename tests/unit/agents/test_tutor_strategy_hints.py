"""K4 answers name a hint for the task the engine recognised in the student's own problem."""

from __future__ import annotations

import pytest

from agents.providers.tutor.analysis import analyse


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        ("log_2 x + log_2 (x-2) = 3 어떻게 접근해야 해?", "진수 조건"),
        ("2sin^2x - sinx - 1 = 0, 0 ≤ x < 2π 어디서부터 시작해야 할지 모르겠어", "t = \\sin x"),
        ("how should I approach a_1 = 3, a_(n+1) = 2a_n + 1, find a_10", "first few terms"),
        ("삼각형 ABC에서 a=5, b=7, C=60°일 때 c 구하는 전략 알려줘", "코사인법칙"),
    ],
)
def test_strategy_answer_names_the_tasks_hint(question: str, hint: str) -> None:
    analysis = analyse(question)
    assert analysis.verdict.knowledge_type == "K4"
    assert hint in analysis.answer
    assert "**답:**" not in analysis.answer
    assert "**Answer:**" not in analysis.answer
