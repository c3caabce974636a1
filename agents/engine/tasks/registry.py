"""The explicit list of task types. Adding one: write its class, list it here,
add its templates (``templates/<area>.yaml``) and rows in the question table."""

from __future__ import annotations

from .analysis import Extrema, MaxMin, Monotonic
from .arithmetic import Evaluate, GcdLcm, Percent, Ratio
from .base import TaskType
from .binomial import BinomialCoefficient
from .circle_lines import CircleLine, CircleTangent
from .circles import CircleEquation, CircleFacts
from .conditions import ConditionValue
from .conics import ConicParts
from .coordinates import Distance, DivisionPoint, Midpoint
from .counting import Counting
from .differential import Derivative, DerivativeAt, NormalLine, TangentLine
from .distributions import BinomialProbability, Moments, NormalProbability
from .equations import Discriminant, SolveEquation, Vieta
from .events import EventProbability
from .exponent_values import ExpLogValue
from .exponential import ExpLogEquation, ExpLogInequality
from .functions import Composite, FunctionValue, Inverse, Vertex
from .integral import Area, Integral, Motion
from .limits import Limit
from .lines import LineEquation, LineFacts
from .polynomials import Expand, Factor, FactorTheorem, PolynomialDivision, Simplify
from .probability import DiceProbability, UrnProbability
from .progressions import Progression, SequenceFormula
from .rational import FunctionFeatures, PartialFractions
from .recurrences import Recurrence, Series
from .sequences import SigmaSum
from .systems import Inequality, System
from .triangle import Triangle
from .trig_equations import TrigEquation
from .trigonometry import TrigIdentity, TrigRatios, TrigSimplify, TrigValue
from .two_circles import TwoCircles
from .vector_conditions import VectorCondition
from .vector_lengths import VectorLengths
from .vectors import VectorCompute

TASKS: tuple[TaskType, ...] = (
    Evaluate(), GcdLcm(), Percent(), Ratio(),
    Expand(), Factor(), Simplify(), PolynomialDivision(), FactorTheorem(),
    SolveEquation(), Discriminant(), Vieta(), System(), Inequality(), ConditionValue(),
    Derivative(), DerivativeAt(), TangentLine(), NormalLine(),
    Monotonic(), Extrema(), MaxMin(),
    Integral(), Area(), Motion(), Limit(),
    Vertex(), FunctionValue(), Composite(), Inverse(),
    SigmaSum(), Counting(),
    Distance(), Midpoint(), DivisionPoint(), LineFacts(), LineEquation(),
    CircleFacts(), CircleEquation(), CircleLine(), CircleTangent(), ConicParts(), TwoCircles(),
    VectorCompute(), VectorCondition(), VectorLengths(), BinomialCoefficient(),
    EventProbability(), Moments(), BinomialProbability(), NormalProbability(),
    DiceProbability(), UrnProbability(),
    ExpLogValue(), ExpLogEquation(), ExpLogInequality(),
    TrigValue(), TrigSimplify(), TrigIdentity(), TrigRatios(), TrigEquation(), Triangle(),
    Progression(), SequenceFormula(), Recurrence(), Series(), FunctionFeatures(),
    PartialFractions(),
)  # fmt: skip
BY_NAME = {task.name: task for task in TASKS}
