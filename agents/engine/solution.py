"""The engine's answer to one question (picklable: it crosses the pool)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["solved", "clarify", "cannot", "too_large", "none"]


@dataclass(frozen=True)
class Solution:
    """What the engine says about a question.

    - ``solved``: recognised, computed and checked; ``verified`` is True.
    - ``clarify``: ``markdown`` is one precise question back to the student.
    - ``cannot``: recognised (``task`` may be set) but not computable reliably.
    - ``too_large``: rejected by the guards or past the deadline.
    - ``none``: nothing to compute was found (a concept question, prose).
    """

    status: Status
    lang: str
    markdown: str
    task: str | None = None
    area: str | None = None
    result: str | None = None  # LaTeX of the checked result
    verified: bool = False
    check: str | None = None  # name of the independent check that passed
    values: tuple[Any, ...] = ()  # SymPy objects of the result, for check_claim
    kind: str = ""  # how values compare: "set" (roots), "value", "function", "antiderivative"
