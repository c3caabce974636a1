"""Statistics of rubric scores: means per item, and agreement between two raters.

Agreement is over *pairs*: two evaluations of one session by different raters
(two teachers, a teacher and the agent, two providers). For each pair every
element is compared; ``element_agreement`` is the share of equal elements over
all pairs, and Cohen's kappa per item corrects that share for chance:
kappa = (p_o - p_e) / (1 - p_e), with p_e from each side's share of 1s. In a
pair the first rater is the earlier evaluation, or the teacher when comparing
teacher with agent. Kappa is None where it is undefined (p_e = 1: both sides
gave one constant value).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from api.research.schemas import Agreement, ItemStat, ScoreSummary
from core.rubric import Rubric


@dataclass(frozen=True)
class Scored:
    """One evaluation as the statistics see it."""

    id: int
    session_id: int
    evaluator: str
    elements: dict[str, int]
    scores: dict[str, float]
    total: float
    mode: str


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def summary(rubric: Rubric, evaluations: Sequence[Scored]) -> ScoreSummary:
    by_item = {
        code: ItemStat(
            mean=_mean([e.scores.get(code, 0.0) for e in evaluations]), n=len(evaluations)
        )
        for code in rubric.item_codes
    }
    return ScoreSummary(
        evaluations=len(evaluations),
        by_item=by_item,
        total_mean=_mean([e.total for e in evaluations]),
    )


def all_pairs(evaluations: Iterable[Scored]) -> list[tuple[Scored, Scored]]:
    """Every two evaluations of one session (each is a different rater by construction)."""
    by_session: dict[int, list[Scored]] = defaultdict(list)
    for evaluation in evaluations:
        by_session[evaluation.session_id].append(evaluation)
    pairs: list[tuple[Scored, Scored]] = []
    for group in by_session.values():
        pairs.extend(combinations(sorted(group, key=lambda e: e.id), 2))
    return pairs


def teacher_agent_pairs(evaluations: Iterable[Scored]) -> list[tuple[Scored, Scored]]:
    """(teacher, agent) for every teacher and agent evaluation of one session."""
    pairs = []
    for first, second in all_pairs(evaluations):
        if first.evaluator == second.evaluator:
            continue
        pairs.append((first, second) if first.evaluator == "teacher" else (second, first))
    return pairs


def cohens_kappa(ratings: Sequence[tuple[int, int]]) -> float | None:
    if not ratings:
        return None
    observed = sum(1 for a, b in ratings if a == b) / len(ratings)
    first = sum(a for a, _ in ratings) / len(ratings)
    second = sum(b for _, b in ratings) / len(ratings)
    chance = first * second + (1 - first) * (1 - second)
    if chance >= 1:
        return None
    return round((observed - chance) / (1 - chance), 4)


def agreement(rubric: Rubric, pairs: Sequence[tuple[Scored, Scored]]) -> Agreement:
    compared = agreed = 0
    kappa: dict[str, float | None] = {}
    for item in rubric.items:
        ratings = [
            (a.elements.get(element.code, 0), b.elements.get(element.code, 0))
            for a, b in pairs
            for element in item.elements
        ]
        compared += len(ratings)
        agreed += sum(1 for x, y in ratings if x == y)
        kappa[item.code] = cohens_kappa(ratings)
    return Agreement(
        pairs=len(pairs),
        element_agreement=round(agreed / compared, 4) if compared else None,
        kappa=kappa,
    )
