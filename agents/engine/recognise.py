"""Stage 3: what is asked (one task type) and of what (its objects).

Every task type in the registry looks at the problem. A result is computed
only for a single best detection that is at least ``DEFAULT``; a tie between
different tasks, or only ``POSSIBLE`` readings, becomes one precise question
back to the student. Nothing falls back to "solve expression = 0".
"""

from __future__ import annotations

from dataclasses import dataclass

from .explain import m, render, say
from .problem import Problem
from .tasks.base import DEFAULT, Detection
from .tasks.registry import TASKS


@dataclass(frozen=True)
class Decision:
    """Either a detection to solve, or the text of a question back (``ask``)."""

    detection: Detection | None = None
    ask: str = ""
    nothing: bool = False  # no mathematical object at all


def detect_all(problem: Problem) -> list[Detection]:
    found = [d for task in TASKS if (d := task.detect(problem)) is not None]
    shadowed = {name for d in found if d.score >= DEFAULT for name in d.task.shadows}
    return [d for d in found if d.task.name not in shadowed]


def _read(problem: Problem) -> str:
    shown = [m(f.relation.as_sympy()) for f in problem.formulas[:3]]
    shown += [f"${d.name}({m(d.var)[1:-1]}) = {m(d.body)[1:-1]}$" for d in problem.functions()]
    return ", ".join(dict.fromkeys(shown))


def _options(problem: Problem, detections: list[Detection]) -> str:
    texts = [render(d.task.offer(problem, d), problem.lang) for d in detections]
    return say("common.or", problem.lang).join(dict.fromkeys(texts))


def recognise(problem: Problem) -> Decision:
    lang = problem.lang
    if problem.unparsed:
        return Decision(ask=say("common.unparsed", lang, text=problem.unparsed[0]))
    detections = detect_all(problem)
    if not detections:
        return Decision(nothing=True)
    best = max(d.score for d in detections)
    top = [d for d in detections if d.score == best]
    names = {d.task.name for d in top}
    read = _read(problem)
    lead = say("common.read", lang, what=read) + "\n\n" if read else ""
    if best >= DEFAULT and len(names) == 1:
        chosen = top[0]
        if chosen.missing:
            return Decision(ask=lead + say(chosen.missing, lang, **chosen.data.get("offer", {})))
        return Decision(detection=chosen)
    if best < DEFAULT:
        return Decision(ask=lead + say("common.what_to_do", lang, options=_options(problem, top)))
    return Decision(ask=lead + say("common.which", lang, options=_options(problem, top)))
