"""The engine's public entry points: ``solve_question`` and ``check_claim``.

Both run SymPy on student (or model) text: call them in a worker of
``agents.engine.pool``, never in an event loop.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .checks import close, same_function
from .claims import compare_objects
from .explain import say, tex, worked
from .extract import extract
from .guards import TooLarge
from .notation import language_of
from .recognise import recognise
from .solution import Solution
from .tasks.base import CannotCompute, Step


def _plain(status: str, lang: str, key: str, task: str | None = None) -> Solution:
    return Solution(status=status, lang=lang, markdown=say(key, lang), task=task)  # type: ignore[arg-type]


def solve_question(text: str, lang: str | None = None) -> Solution:
    """Recognise, compute, check and explain ``text``; never a wrong stated result."""
    lang = lang if lang in ("ko", "en") else language_of(text)
    try:
        problem = extract(text, lang)
        decision = recognise(problem)
    except (TooLarge, RecursionError, MemoryError, OverflowError):
        return _plain("too_large", lang, "common.too_large")
    if decision.nothing:
        return _plain("none", lang, "common.nothing")
    if decision.detection is None:
        return Solution(status="clarify", lang=lang, markdown=decision.ask)
    detection = decision.detection
    task = detection.task
    try:
        outcome = task.solve(problem, detection)
        checked = task.check(problem, detection, outcome)
    except CannotCompute as error:
        key = error.reason if "." in error.reason else "common.cannot"
        return Solution(
            status="cannot", lang=lang, markdown=say(key, lang), task=task.name, area=task.area
        )
    except (TooLarge, RecursionError, MemoryError, OverflowError):
        return _plain("too_large", lang, "common.too_large", task.name)
    except Exception:  # SymPy raises many kinds (NotImplementedError, PolynomialError...)
        return _plain("cannot", lang, "common.cannot", task.name)
    if not checked:
        return _plain("cannot", lang, "common.check_failed", task.name)
    markdown = worked(Step(f"{task.name}.title"), outcome, task.check_name, lang)
    based = r"log_|log\d+\s*[(0-9a-z]|log\(\s*[^,()]+,"  # a base was written (log_2, log2 8)
    if "log" in problem.text and "ln" not in problem.text and not re.search(based, problem.text):
        # Say how an unmarked log was read, before the answer line (which stays last).
        head, answer_line = markdown.rsplit("\n\n", 1)
        markdown = f"{head}\n\n{say('common.log10', lang)}\n\n{answer_line}"
    return Solution(
        status="solved",
        lang=lang,
        markdown=markdown,
        task=task.name,
        area=task.area,
        result=tex(outcome.result) if not isinstance(outcome.result, str) else outcome.result,
        verified=True,
        check=task.check_name,
        values=outcome.values,
        kind=str(outcome.data.get("kind", "value")),
    )


_ANSWER_LINE = re.compile(
    r"(?:\*\*)?(?:answer|final answer|정답|답)\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?(.+)", re.IGNORECASE
)


def _answer_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    answer = next((m[1] for line in reversed(lines) if (m := _ANSWER_LINE.search(line))), None)
    if answer is None:
        answer = next((line for line in reversed(lines) if "=" in line or "$" in line), "")
    return answer


def _claimed_values(text: str) -> list[Any]:
    answer = _answer_line(text)
    if not answer:
        return []
    # ``f'(x) = 3x^2 + 2``: the name on the left is a label; the claim is the right-hand side.
    answer = re.sub(r"[a-z]\s*[′']+\s*\(\s*[a-z]\s*\)\s*=", "", answer)
    try:
        problem = extract(answer)
    except (TooLarge, ValueError):
        return []
    found: list[Any] = []
    for formula in problem.formulas:
        relation = formula.relation
        if (relation.is_equation and relation.lhs.is_Symbol) or relation.is_equation:
            found.append(relation.rhs)
        elif relation.is_expression:
            found.append(relation.lhs)
    found.extend(d.body for d in problem.functions())
    found.extend(problem.numbers)
    return found


def check_claim(solution: Solution, text: str) -> bool | None:
    """Does ``text`` state the engine's result (True), another (False), or none (None)?

    Only a solved, checked solution can be compared. The claim is read from
    the text's answer line (``**Answer:**``, ``**답:**``, ``Answer:``) or, failing
    that, from its last line with a formula.
    """
    if solution.status != "solved" or not solution.values:
        return None
    if solution.kind == "objects" or any(isinstance(v, sp.Tuple | sp.Eq) for v in solution.values):
        return compare_objects(solution.values, _answer_line(text))
    if not all(isinstance(v, sp.Expr) for v in solution.values):
        return None  # sets, lines, truth values: a free-text claim cannot be compared reliably
    claimed = _claimed_values(text)
    if not claimed:
        return None
    expected = list(solution.values)
    if solution.kind in ("function", "antiderivative"):
        target = expected[0]
        symbols = target.free_symbols | {s for c in claimed for s in c.free_symbols}
        for candidate in claimed:
            difference = sp.diff(candidate - target, sp.Symbol("x"))
            if solution.kind == "antiderivative" and same_function(
                difference, sp.Integer(0), symbols
            ):
                return True
            if same_function(candidate, target, symbols):
                return True
        return False
    numbers = [c for c in claimed if not c.free_symbols]
    if not numbers:
        return None
    matched = all(any(close(e, c) for c in numbers) for e in expected)
    extra = [c for c in numbers if not any(close(e, c) for e in expected)]
    return matched and not extra
