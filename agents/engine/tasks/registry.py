"""The explicit list of task types. Adding one: write its class, list it here,
add its templates (``templates/<area>.yaml``) and rows in the question table."""

from __future__ import annotations

from .analysis import Extrema, MaxMin, Monotonic
from .arithmetic import Evaluate, GcdLcm, Percent, Ratio
from .base import TaskType
from .counting import Counting
from .differential import Derivative, DerivativeAt, NormalLine, TangentLine
from .equations import Discriminant, SolveEquation, Vieta
from .functions import Composite, FunctionValue, Inverse, Vertex
from .integral import Area, Integral, Motion
from .limits import Limit
from .polynomials import Expand, Factor, FactorTheorem, PolynomialDivision, Simplify
from .sequences import SigmaSum
from .systems import Inequality, System

TASKS: tuple[TaskType, ...] = (
    Evaluate(), GcdLcm(), Percent(), Ratio(),
    Expand(), Factor(), Simplify(), PolynomialDivision(), FactorTheorem(),
    SolveEquation(), Discriminant(), Vieta(), System(), Inequality(),
    Derivative(), DerivativeAt(), TangentLine(), NormalLine(),
    Monotonic(), Extrema(), MaxMin(),
    Integral(), Area(), Motion(), Limit(),
    Vertex(), FunctionValue(), Composite(), Inverse(),
    SigmaSum(), Counting(),
)  # fmt: skip
BY_NAME = {task.name: task for task in TASKS}
