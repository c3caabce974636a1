# ruff: noqa: E501
"""Problem-solving (K4) answers: Polya's four steps tailored to the question."""

from __future__ import annotations

import re

from agents.engine.explain import say, templates
from agents.engine.glossary import Entry
from agents.engine.solution import Solution

_CHECKING = re.compile(
    r"맞는지|맞았는지|확인|검산|검토|틀린|실수|\bcheck|\bverify|\bright\b|\bcorrect\b|\bmistake|went\s+wrong",
    re.IGNORECASE,
)
_PROOF = re.compile(r"증명|\bprov(?:e|ing)\b|\bproof\b", re.IGNORECASE)

_STEPS = {
    "ko": (
        "**1. 문제 이해하기** — 주어진 것과 구하는 것을 한 줄씩 적어 보세요. 조건을 식이나 그림으로 바꿀 수 있나요?",
        "**2. 계획 세우기** — 비슷한 문제를 풀어 본 적이 있나요? 쓸 수 있는 개념이나 공식을 떠올려 보세요.",
        "**3. 계획 실행하기** — 한 단계씩 풀고, 각 단계에서 왜 그렇게 했는지 짧게 적어 두세요.",
        "**4. 돌아보기** — 답을 원래 조건에 대입해 보고, 다른 방법으로도 같은 답이 나오는지 확인하세요.",
    ),
    "en": (
        "**1. Understand the problem** — write down what is given and what is asked. Can you turn the conditions into an equation or a picture?",
        "**2. Make a plan** — have you solved a similar problem? Which concepts or formulas could apply?",
        "**3. Carry out the plan** — go one step at a time and note why each step is allowed.",
        "**4. Look back** — substitute your answer into the original conditions and, if you can, reach it by a second method.",
    ),
}
_CHECK_TIPS = {
    "ko": (
        "**내 풀이 점검하기**",
        "- 구한 답을 처음 식(조건)에 **대입**해서 성립하는지 보세요.",
        "- **어림**해 보세요: 답의 크기와 부호가 그럴듯한가요?",
        "- 특별한 값(예: $x = 0$, $x = 1$)을 넣어 중간 식들이 서로 같은지 확인하세요.",
        "- 이항할 때 부호, 분배법칙, 음수를 곱할 때 부등호 방향처럼 자주 하는 실수를 한 줄씩 다시 보세요.",
    ),
    "en": (
        "**Checking your own work**",
        "- **Substitute** your answer back into the original equation or conditions.",
        "- **Estimate**: are the size and sign of the answer plausible?",
        "- Plug in a special value (e.g. $x = 0$, $x = 1$) to test that consecutive lines agree.",
        "- Re-read each line for the usual slips: signs when moving terms, distributing, flipping an inequality when multiplying by a negative.",
    ),
}
_PROOF_TIPS = {
    "ko": "증명은 결론에서 거꾸로 생각해 보는 것이 도움이 돼요: '이것을 보이려면 무엇이 성립하면 될까?'를 반복해 보세요.",
    "en": 'For a proof, work backwards from the goal: keep asking "what would be enough to show this?"',
}
_CLOSING = {
    "ko": "어디까지 해 봤는지, 어느 단계에서 막혔는지 알려 주면 그 부분을 같이 볼게요.",
    "en": "Tell me how far you got and where you got stuck, and we will look at that step together.",
}


def strategy(text: str, solution: Solution, concepts: tuple[Entry, ...], lang: str) -> str:
    """Polya-style guidance that refers to what the question mentions."""
    lines: list[str] = []
    about = [entry.text("title", lang) for entry in concepts]
    if solution.task and solution.area:
        about.append(solution.area)
    if about:
        lead = "이 질문에서 다루는 것: " if lang == "ko" else "This question is about: "
        lines.append(lead + ", ".join(about))
    if _CHECKING.search(text):
        lines.append("\n".join(_CHECK_TIPS[lang]))
    else:
        lines.extend(_STEPS[lang])
    if _PROOF.search(text):
        lines.append(_PROOF_TIPS[lang])
    tips = [entry.text("hint", lang) for entry in concepts if entry.text("hint", lang)]
    if solution.task and f"hints.{solution.task}" in templates():
        tips.append(say(f"hints.{solution.task}", lang))  # the recognised task's own hint
    if tips:
        label = "**힌트**" if lang == "ko" else "**Hints**"
        lines.append(label + "\n" + "\n".join(f"- {tip}" for tip in tips))
    lines.append(_CLOSING[lang])
    return "\n\n".join(lines)
