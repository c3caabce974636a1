"""From a detected task to a Markdown worked solution (or an honest refusal)."""

from __future__ import annotations

from collections.abc import Callable

from . import algebra, calculus, solve
from .task import Task
from .texts import say
from .worked import CannotCompute, Worked

_SOLVERS: dict[str, Callable[[Task, str], Worked]] = {
    "solve": solve.solve_equation,
    "system": solve.solve_system,
    "inequality": solve.solve_inequality,
    "factor": algebra.factor,
    "expand": algebra.expand,
    "simplify": algebra.simplify,
    "vertex": algebra.vertex,
    "expression": algebra.expression,
    "evaluate": algebra.evaluate,
    "derivative": calculus.derivative,
    "integral": calculus.integral,
    "limit": calculus.limit,
}


def work_out(task: Task, lang: str) -> str:
    """The worked solution in Markdown; never a guessed value."""
    if task.kind == "unparsed":
        if "no_point" in task.notes:
            return say(lang, "no_point")
        source = ", ".join(f"`{piece}`" for piece in task.failed) or say(lang, "given", expr="")
        return say(lang, "cannot_parse", source=source)
    try:
        work = _SOLVERS[task.kind](task, lang)
    except CannotCompute as exc:
        return say(lang, exc.key)
    except Exception:
        # SymPy can fail in many ways on odd input; any failure means "no answer".
        return say(lang, "cannot_compute")
    return render(task, work, lang)


def render(task: Task, work: Worked, lang: str) -> str:
    lines = [say(lang, "solution"), ""]
    lines += [f"{number}. {step}" for number, step in enumerate(work.steps, start=1)]
    notes = [say(lang, f"note_{note}") for note in task.notes] + work.notes
    if notes:
        lines += ["", *(f"> {note}" for note in dict.fromkeys(notes))]
    lines += ["", say(lang, "answer", value=work.answer)]
    return "\n".join(lines)
