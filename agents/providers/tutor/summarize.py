"""A deterministic learning summary of one session (runs in the engine pool)."""

from __future__ import annotations

from agents.engine.engine import solve_question
from agents.engine.glossary import by_id, find_concepts
from agents.engine.notation import has_hangul
from agents.providers.base import KNOWLEDGE_TYPES, SessionTranscript, SummaryDraft

# A computation counts as practising the concept behind it.
_TASK_CONCEPTS = {
    "system": "system",
    "inequality": "inequality",
    "factor": "factoring",
    "vertex": "vertex",
    "derivative": "derivative",
    "derivative_at": "derivative",
    "tangent_line": "derivative",
    "integral": "integral",
    "area": "integral",
    "limit": "limit",
}
_TYPE_NAMES = {
    "ko": {"K1": "사실적 지식", "K2": "개념적 지식", "K3": "절차적 지식", "K4": "메타인지적 지식"},
    "en": {"K1": "factual", "K2": "conceptual", "K3": "procedural", "K4": "metacognitive"},
}


def _concept_ids(question: str) -> list[str]:
    ids = [entry.id for entry in find_concepts(question)]
    solution = solve_question(question)
    concept = _TASK_CONCEPTS.get(solution.task or "")
    if solution.task == "solve_equation" and solution.status == "solved":
        degree = max((len(solution.values), 1))
        concept = {1: "linear_equation", 2: "quadratic_equation"}.get(degree)
    if concept and concept in by_id():
        ids.append(concept)
    return ids


def summarize_session(session: SessionTranscript, *, with_concepts: bool = True) -> SummaryDraft:
    """Concepts and a one-paragraph summary; same input, same output.

    ``with_concepts=False`` skips the engine (for a session whose questions once
    took too long: it is summarised without them rather than retried forever).
    """
    korean = sum(1 for q in session.questions if has_hangul(q))
    lang = "ko" if korean * 2 >= len(session.questions) else "en"
    ids: list[str] = []
    for question in session.questions if with_concepts else ():
        try:
            found = _concept_ids(question)
        except Exception:  # a summary never fails on an odd question
            found = []
        ids.extend(i for i in found if i not in ids)
    concepts = tuple(by_id()[i].text("title", lang) for i in ids)
    counts: dict[str, int] = {kind: 0 for kind in KNOWLEDGE_TYPES}
    for verdict in session.verdicts:
        counts[verdict.knowledge_type] += 1
    declined = sum(1 for v in session.verdicts if v.gate == "unanswerable")
    unclear = sum(1 for v in session.verdicts if v.gate == "needs_clarification")
    text = _paragraph(lang, len(session.questions), concepts, counts, declined, unclear)
    return SummaryDraft(summary=text, key_concepts=concepts)


def _paragraph(
    lang: str,
    total: int,
    concepts: tuple[str, ...],
    counts: dict[str, int],
    declined: int,
    unclear: int,
) -> str:
    names = _TYPE_NAMES[lang]
    by_type = ", ".join(f"{names[k]}({k}) {counts[k]}" for k in KNOWLEDGE_TYPES)
    top = max(KNOWLEDGE_TYPES, key=lambda k: (counts[k], -KNOWLEDGE_TYPES.index(k)))
    if lang == "ko":
        parts = [f"이번 세션에서 학생은 질문 {total}개를 했습니다."]
        if concepts:
            parts.append(f"다룬 주요 개념은 {', '.join(concepts)}입니다.")
        parts.append(f"질문 유형은 {by_type}개입니다.")
        if total and counts[top]:
            parts.append(f"{names[top]}에 관한 질문이 가장 많았습니다.")
        if unclear:
            parts.append(f"{unclear}개의 질문은 문제를 더 구체적으로 설명해야 했습니다.")
        if declined:
            parts.append(f"{declined}개의 질문은 수학 학습 범위를 벗어나 답하지 않았습니다.")
        if counts["K3"] and not counts["K2"]:
            parts.append(
                "계산 방법뿐 아니라 그 원리(왜 그런지)도 함께 물어보면 더 깊이 이해할 수 있습니다."
            )
        return " ".join(parts)
    parts = [f"In this session the student asked {total} question{'s' if total != 1 else ''}."]
    if concepts:
        parts.append(f"Key concepts: {', '.join(concepts)}.")
    parts.append(f"Question types: {by_type}.")
    if total and counts[top]:
        parts.append(f"Most questions were {names[top]}.")
    if unclear:
        parts.append(f"{unclear} question(s) needed clarification.")
    if declined:
        parts.append(f"{declined} question(s) were outside math learning and were declined.")
    if counts["K3"] and not counts["K2"]:
        parts.append("Asking why a method works, not only how, would deepen understanding.")
    return " ".join(parts)
