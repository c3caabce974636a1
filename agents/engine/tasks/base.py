"""What every task type is: the objects it needs, how it is detected, how it
is solved, checked by an independent route, and explained.

``detect`` returns a Detection with a score:
- ``CERTAIN`` (3): the question names this task and its objects are present;
- ``DEFAULT`` (2): the objects alone leave no other reading (an equation with
  no other request is to be solved);
- ``POSSIBLE`` (1): the objects fit but nothing says this is what is asked;
  such a task is only offered back to the student as a choice.
A detection with ``missing`` set names the object to ask for.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..problem import Problem

CERTAIN = 3
DEFAULT = 2
POSSIBLE = 1


class CannotCompute(Exception):
    """The task was recognised but no trustworthy result can be given."""

    def __init__(self, reason: str = "cannot_compute") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Detection:
    task: TaskType
    score: int
    data: dict[str, Any] = field(default_factory=dict)
    missing: str = ""  # template key of the question asking for a missing object


@dataclass
class Step:
    """One line of a worked answer: a template key and its fields (LaTeX)."""

    key: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """A computed result with what is needed to explain and check it."""

    result: Any
    steps: list[Step]
    answer: Step
    values: tuple[Any, ...] = ()  # comparable parts of the result (roots, a value...)
    data: dict[str, Any] = field(default_factory=dict)


class TaskType(ABC):
    name: ClassVar[str]
    area: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    check_name: ClassVar[str]
    shadows: ClassVar[tuple[str, ...]] = ()  # less specific tasks this one replaces

    @abstractmethod
    def detect(self, problem: Problem) -> Detection | None:
        """Is this what the question asks, and are its objects there?"""

    @abstractmethod
    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        """The result and its worked steps; raises CannotCompute."""

    @abstractmethod
    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        """An independent second route to the same result."""

    def offer(self, problem: Problem, detection: Detection) -> Step:
        """How to name this task when offering it as a choice."""
        return Step(f"{self.name}.offer", detection.data.get("offer", {}))

    def found(self, score: int, missing: str = "", **data: Any) -> Detection:
        return Detection(self, score, data, missing)
