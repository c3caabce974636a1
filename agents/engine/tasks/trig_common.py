"""What the trigonometry task types share: the basic functions, angles in
degrees or radians, and rewriting in sin and cos."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from ..explain import tex

BASIC = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)
PROVE = re.compile(
    r"증명|보여|보이시오|성립함을|성립하는지|항등식|\bprove\b|\bshow\s+that\b|\bverify\b|\bidentity\b",
    re.IGNORECASE,
)
_DEGREES = re.compile(r"°|\\circ|\d\s*도(?!록)|\bdeg(?:ree)?s?\b")


def uses_degrees(raw: str) -> bool:
    """The question writes its angles in degrees (``30°``, ``30^\\circ``, ``30도``)."""
    return bool(_DEGREES.search(raw))


def angle_tex(angle: Any, degrees: bool) -> str:
    """A radian angle shown as the student writes angles: ``45^\\circ`` or ``\\frac{\\pi}{4}``."""
    if degrees:
        return f"{tex(sp.nsimplify(angle * 180 / sp.pi))}^\\circ"
    return tex(angle)


def trig_atoms(expr: Any) -> list[Any]:
    """The trigonometric calls in ``expr``, in the order they are written."""
    return list(
        dict.fromkeys(e for e in sp.preorder_traversal(expr) if getattr(e, "func", None) in BASIC)
    )


def trig_of(expr: Any, var: Any) -> bool:
    return any(a.has(var) for a in trig_atoms(expr))


def in_sin_cos(expr: Any) -> Any:
    """``tan``, ``sec``, ``csc`` and ``cot`` written with ``sin`` and ``cos``."""
    return (
        expr.replace(sp.tan, lambda u: sp.sin(u) / sp.cos(u))
        .replace(sp.sec, lambda u: 1 / sp.cos(u))
        .replace(sp.csc, lambda u: 1 / sp.sin(u))
        .replace(sp.cot, lambda u: sp.cos(u) / sp.sin(u))
    )
