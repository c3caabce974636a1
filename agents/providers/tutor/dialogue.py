# ruff: noqa: E501
"""Clarifying questions and refusals, in the student's language."""

from __future__ import annotations

_CLARIFY: dict[str, tuple[str, ...]] = {
    "ko": (
        "어떤 문제를 도와줄까요? 풀고 싶은 식이나 문제 문장을 그대로 적어 주면 같이 볼게요. 예를 들어 `x^2 - 5x + 6 = 0`처럼요.",
        "지금까지 어디까지 해 봤나요? 시도한 식이나 생각을 적어 주면 막힌 곳을 같이 찾아볼게요. 문제의 식도 그대로 보내 주세요.",
        "한 번만 더 확인할게요. 문제에 나온 식이나 구하라는 것을 한 줄로 적어 줄래요? 예: 'x^2 - 4 = 0 풀기' 또는 '미분의 뜻'.",
    ),
    "en": (
        "Which problem would you like help with? Type the expression or the problem statement exactly, for example `x^2 - 5x + 6 = 0`.",
        "What have you tried so far? Show me your steps or your idea, and send the exact expression, so we can find where it gets stuck.",
        "Let me check once more: could you write the expression, or what you are asked to find, in one line? For example 'solve x^2 - 4 = 0' or 'what a derivative means'.",
    ),
}
_CLARIFY_GOAL: dict[str, str] = {
    "ko": "조금 더 알려 줄래요? 어떤 단원(예: 이차방정식, 미분)의 어떤 문제이고, 구체적으로 어느 부분이 헷갈리나요?",
    "en": "Could you tell me a bit more? Which topic is it (e.g. quadratic equations, derivatives), and what exactly is unclear?",
}
_REFUSE_OFF_TOPIC: dict[str, str] = {
    "ko": "저는 MAICE, 수학 학습을 돕는 튜터예요. 이 질문은 수학과 관련이 없어서 도와드리기 어려워요. 궁금한 수학 개념이나 풀고 있는 문제가 있으면 언제든 물어봐 주세요!",
    "en": "I'm MAICE, a tutor for learning math, so I can't help with this one. If you have a math concept you're curious about or a problem you're working on, ask me anytime!",
}
_REFUSE_CHEATING: dict[str, str] = {
    "ko": "시험이나 평가가 진행 중이라면 답을 알려 주거나 대신 작성해 줄 수는 없어요. 평가는 스스로의 실력을 보여 주는 자리이니까요. 대신 시험이 끝난 뒤에 같은 유형의 문제를 같이 풀거나, 개념을 이해하고 스스로 풀 수 있도록 공부를 도와줄게요.",
    "en": "I can't help with an exam in progress or do graded work for you; assessments need to show your own understanding. After the exam I'm happy to help you study: we can work through similar problems and the concepts behind them together.",
}


def clarification(lang: str, round_number: int, missing: tuple[str, ...]) -> str:
    """The question for clarification round ``round_number`` (1-based)."""
    if round_number <= 1 and "goal" in missing:
        return _CLARIFY_GOAL[lang]
    texts = _CLARIFY[lang]
    return texts[min(max(round_number, 1), len(texts)) - 1]


def refusal(lang: str, *, cheating: bool) -> str:
    return (_REFUSE_CHEATING if cheating else _REFUSE_OFF_TOPIC)[lang]
