"""A triangle ABC from three of its parts: the law of cosines, the law of sines,
the area ``½ab sin C`` (Heron for three sides) and the circumradius.

Case matters (``a`` is the side opposite the angle ``A``), so the parts are
read from the raw question, not the lower-cased text. The check rebuilds the
triangle numerically with coordinates from the given parts alone and compares
every side, angle and the area.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

import sympy as sp

from ..explain import m, tex
from ..notation import normalise
from ..parse import ParseError, parse_expression
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .trig_common import angle_tex

SIDES = ("a", "b", "c")
ANGLES = ("A", "B", "C")
_TWO_LETTER = {"BC": "a", "CB": "a", "CA": "b", "AC": "b", "AB": "c", "BA": "c"}
_VERTEX_ANGLE = {"BAC": "A", "CAB": "A", "ABC": "B", "CBA": "B", "ACB": "C", "BCA": "C"}
_TRIANGLE = re.compile(r"삼각형|triangle|△", re.IGNORECASE)
_VALUE = (
    r"(\\frac\{[^{}]+\}\{[^{}]+\}"  # \frac{a}{b}
    r"|[0-9]*\s*(?:√|\\sqrt)\s*\{?\(?[0-9]+\)?\}?"  # 2√3, \sqrt{3}
    r"|[0-9]+(?:\.[0-9]+)?(?:\s*/\s*[0-9]+)?"  # 5, 2.5, 3/2
    r"|[0-9]*\s*(?:π|\\pi)\s*(?:/\s*[0-9]+)?)"  # π/3
    r"(?![0-9^*(√+\-]|\.[0-9]|\s*[+\-*/^]\s*[0-9(√])"  # not the start of 10^100 or 1+√3
)
_DEGREE_MARK = r"\s*(°|\^\s*\{?\\circ\}?|도(?!록))?"
_SIDE_GIVEN = re.compile(
    rf"(?:\\overline\{{)?(?<![A-Za-z])(AB|BA|BC|CB|CA|AC)(?![A-Za-z])\}}?\s*=\s*{_VALUE}{_DEGREE_MARK}"
)
_LETTER_GIVEN = re.compile(
    rf"(?:∠|\\angle\s*|(?<![A-Za-z])angle\s+|각\s*)?(?<![A-Za-z])([abcABC])\s*=\s*{_VALUE}{_DEGREE_MARK}"
)
_VERTEX_GIVEN = re.compile(
    rf"(?:∠|\\angle\s*|(?<![A-Za-z])angle\s+|각\s*)(BAC|CAB|ABC|CBA|ACB|BCA)\s*=\s*{_VALUE}{_DEGREE_MARK}"
)
_THREE_SIDES = re.compile(
    rf"(?:세\s*변의\s*길이가|sides?\s*(?:of\s*)?(?:lengths?\s*)?(?:are\s*)?)\s*{_VALUE}\s*,\s*{_VALUE}\s*(?:,|and|과|와)\s*{_VALUE}",
    re.IGNORECASE,
)
_TWO_SIDES_ANGLE = (
    re.compile(
        rf"두\s*변의\s*길이가\s*{_VALUE}\s*(?:,|과|와)\s*{_VALUE}\s*(?:이고|이며|,)?\s*(?:그\s*)?"
        rf"끼인\s*각의?\s*(?:크기가|크기는|이|은|는)?\s*{_VALUE}{_DEGREE_MARK}"
    ),
    re.compile(
        rf"two\s+sides\s+(?:of\s+(?:lengths?\s+)?)?{_VALUE}\s*(?:,|and)\s*{_VALUE}\s*(?:cm\s*)?,?\s*"
        rf"(?:with\s+|and\s+)?(?:an?\s+|the\s+)?included\s+angle\s*(?:of\s*|is\s*|=\s*)?{_VALUE}{_DEGREE_MARK}",
        re.IGNORECASE,
    ),
)
_LARGEST = re.compile(
    r"가장\s*큰\s*각|largest\s+angle|greatest\s+angle|biggest\s+angle", re.IGNORECASE
)
_SMALLEST = re.compile(r"가장\s*작은\s*각|smallest\s+angle|least\s+angle", re.IGNORECASE)
_AREA = re.compile(r"넓이|면적|\barea\b", re.IGNORECASE)
_RADIUS = re.compile(r"외접원|circumradius|circumscribed|circumcircle", re.IGNORECASE)


def _number(text: str) -> Any:
    return parse_expression(normalise(text).replace(" ", ""))


def read_parts(raw: str) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """Given sides and angles (radians), and whether angles were written in degrees."""
    text = unicodedata.normalize("NFKC", raw)
    sides: dict[str, Any] = {}
    angles: dict[str, Any] = {}
    degrees = False

    def angle(name: str, value: str, mark: str | None) -> None:
        nonlocal degrees
        number = _number(value)
        if mark or not number.has(sp.pi):
            degrees = degrees or bool(mark) or not number.has(sp.pi)
            number = number * sp.pi / 180 if not number.has(sp.pi) else number
        angles[name] = number

    listed = _THREE_SIDES.search(text)
    if listed:
        for name, value in zip(SIDES, listed.groups(), strict=True):
            sides[name] = _number(value)
    for pattern in _TWO_SIDES_ANGLE:
        found = pattern.search(text)
        if found:  # two sides a, b and the angle C between them
            sides["a"], sides["b"] = _number(found[1]), _number(found[2])
            angle("C", found[3], found[4])
    for found in _VERTEX_GIVEN.finditer(text):
        angle(_VERTEX_ANGLE[found[1]], found[2], found[3])
    for found in _SIDE_GIVEN.finditer(text):
        sides[_TWO_LETTER[found[1]]] = _number(found[2])
    for found in _LETTER_GIVEN.finditer(text):
        name, value, mark = found[1], found[2], found[3]
        if name.isupper() or mark or "π" in value or "pi" in value:
            angle(name.upper(), value, mark)
        else:
            sides[name] = _number(value)
    return sides, angles, degrees


def _asked(raw: str, sides: dict[str, Any], angles: dict[str, Any]) -> tuple[str, str] | None:
    """What is asked: ("area", ""), ("radius", ""), ("side", "c"), ("angle", "B"), ("cos", "A")."""
    text = unicodedata.normalize("NFKC", raw)
    if _AREA.search(text):
        return "area", ""
    if _RADIUS.search(text):
        return "radius", ""
    if len(sides) == 3 and (_LARGEST.search(text) or _SMALLEST.search(text)):
        pick = max if _LARGEST.search(text) else min
        return "angle", pick(SIDES, key=lambda k: float(sp.N(sides[k]))).upper()
    found = re.search(r"(sin|cos|tan)\s*([ABC])(?![A-Za-z])", text)
    if found:
        return found[1], found[2]
    for pattern, kind in (
        (
            r"(?:∠|\\angle\s*|(?<![A-Za-z])angle\s+|각\s*)(BAC|CAB|ABC|CBA|ACB|BCA)(?!\s*=)",
            "vertex",
        ),
        (r"(?:\\overline\{)?(?<![A-Za-z])(AB|BA|BC|CB|CA|AC)(?![A-Za-z])\}?(?!\s*=)", "two"),
        (
            r"(?:∠|\\angle\s*|(?<![A-Za-z])angle\s+|각\s*)?(?<![A-Za-z])([abcABC])(?![A-Za-z])(?!\s*=)",
            "letter",
        ),
    ):
        for match in re.finditer(pattern, text):
            name = match[1]
            if kind == "vertex":
                return "angle", _VERTEX_ANGLE[name]
            if kind == "two":
                if _TWO_LETTER[name] not in sides:
                    return "side", _TWO_LETTER[name]
                continue
            if name.islower() and name not in sides:
                return "side", name
            if (
                name.isupper()
                and name not in angles
                and re.search(r"각|angle|∠|크기|measure", text)
            ):
                return "angle", name
    return None


class Triangle(TaskType):
    name = "triangle"
    area = "trigonometry"
    requires = ("three parts of a triangle (at least one side)", "what to find")
    check_name = "coordinates"
    shadows = (
        "evaluate", "system", "solve_equation", "function_value", "simplify", "expand",
        "factor", "trig_value", "trig_equation", "trig_ratios", "exp_log_value",
    )  # fmt: skip

    def detect(self, problem: Problem) -> Detection | None:
        if not _TRIANGLE.search(problem.raw):
            return None
        try:
            sides, angles, degrees = read_parts(problem.raw)
        except (ParseError, ValueError):
            return None
        if len(sides) + len(angles) < 2:
            # A triangle with numbers this reader cannot place: ask, don't let a bare
            # number be "evaluated". Questions with points belong to coordinate geometry.
            if re.search(r"\d", problem.raw) and not problem.points:
                return self.found(CERTAIN, "triangle.ask_parts")
            return None
        asked = _asked(problem.raw, sides, angles)
        degrees = degrees or not re.search(r"π|\\pi|\bpi\b|rad", problem.raw)
        label = _label(problem.raw, asked)
        data: dict[str, Any] = {
            "sides": sides,
            "angles": angles,
            "asked": asked,
            "degrees": degrees,
            "label": label,
        }
        if asked == ("radius", "") and any(k.upper() in angles for k in sides):
            return self.found(CERTAIN, **data, solutions=[])
        if len(sides) + len(angles) < 3 or not sides:
            return self.found(CERTAIN, "triangle.ask_parts")
        if asked is None:
            return self.found(CERTAIN, "triangle.ask_target")
        try:
            solutions = solve_triangle(dict(sides), dict(angles), degrees)
        except CannotCompute:
            solutions = []
        several = len(solutions) > 1 and asked[0] not in ("angle", "side")
        if several and len({_value(s, asked) for s in solutions}) > 1:
            return self.found(CERTAIN, "triangle.ask_ambiguous")
        data["lang"] = problem.lang
        return self.found(CERTAIN, **data, solutions=solutions)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        if data["asked"] == ("radius", "") and not data["solutions"]:
            return _radius_only(data)
        if not data["solutions"]:
            raise CannotCompute("triangle.impossible")
        if len(data["solutions"]) > 1:
            return _two_triangles(data)
        solution = data["solutions"][0]
        sides, angles, degrees = data["sides"], data["angles"], data["degrees"]
        steps = [Step("triangle.given", {"parts": _parts_tex(sides, angles, degrees)})]
        kind, name = data["asked"]
        vertex = _area_angle(angles, sides) if kind == "area" else "C"
        needed = _needed(data["asked"], vertex)
        steps += [st for st in solution["steps"] if st.fields.get("part", "") in needed]
        value = _value(solution, data["asked"])
        if kind == "area":
            x, y = (solution[k] for k in SIDES if k != vertex.lower())
            sine = f"\\sin {angle_tex(solution[vertex], degrees)}"
            formula = f"\\frac{{1}}{{2}} \\cdot {tex(x)} \\cdot {tex(y)} \\cdot {sine}"
            steps.append(Step("triangle.area", {"expr": f"$S = {formula} = {tex(value)}$"}))
            shown = f"$S = {tex(value)}$"
        elif kind == "radius":
            law = _two_r(solution["a"], solution["A"], degrees)
            steps.append(Step("triangle.radius", {"expr": f"${law}$, $R = {tex(value)}$"}))
            shown = f"$R = {tex(value)}$"
        elif kind == "angle":
            shown = (
                f"$\\angle {name} = {angle_tex(value, degrees)}$"
                if _nice_angle(value)
                else f"$\\angle {name} = {tex(value)}$"
            )
        elif kind == "side":
            shown = f"${data['label'] or name} = {tex(value)}$"
        else:
            shown = f"$\\{kind} {name} = {tex(value)}$"
        return Outcome(
            value,
            steps,
            Step("triangle.answer", {"value": shown}),
            values=(value,),
            data={"solution": solution},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        if "direct" in outcome.data:
            side, angle = outcome.data["direct"]
            return bool(abs(side / (2 * math.sin(angle)) - float(sp.N(outcome.result))) < 1e-9)
        if len(data["solutions"]) > 1:
            return all(_consistent(s, data) for s in data["solutions"])
        built = _build(detection.data["sides"], detection.data["angles"])
        if built is None:
            return False
        solution = outcome.data["solution"]
        for key in (*SIDES, *ANGLES):
            if abs(float(sp.N(solution[key])) - built[key]) > 1e-9 * max(1.0, built[key]):
                return False
        expected = _value(built, detection.data["asked"])
        return abs(float(sp.N(outcome.result)) - float(expected)) < 1e-9 * max(
            1.0, abs(float(expected))
        )


def _radius_only(data: dict[str, Any]) -> Outcome:
    """``a / sin A = 2R`` needs only a side and its opposite angle."""
    sides, angles, degrees = data["sides"], data["angles"], data["degrees"]
    name = next(k for k in sides if k.upper() in angles)
    side, angle = sides[name], angles[name.upper()]
    value = sp.radsimp(sp.simplify(side / (2 * sp.sin(angle))))
    steps = [
        Step("triangle.given", {"parts": _parts_tex(sides, angles, degrees)}),
        Step(
            "triangle.radius",
            {"expr": f"${_two_r(side, angle, degrees)}$, $R = {tex(value)}$"},
        ),
    ]
    direct = (float(sp.N(side)), float(sp.N(angle)))
    answer = Step("triangle.answer", {"value": f"$R = {tex(value)}$"})
    return Outcome(value, steps, answer, values=(value,), data={"direct": direct})


def _two_triangles(data: dict[str, Any]) -> Outcome:
    """Two sides and a non-included angle with two triangles: both values, said so."""
    kind, name = data["asked"]
    degrees = data["degrees"]
    solutions = data["solutions"]
    steps = [Step("triangle.given", {"parts": _parts_tex(data["sides"], data["angles"], degrees)})]
    steps += solutions[0]["steps"]
    values = [_value(s, data["asked"]) for s in solutions]
    steps.append(Step("triangle.two", {}))
    if kind == "angle":
        shown = " 또는 ".join(f"$\\angle {name} = {angle_tex(v, degrees)}$" for v in values)
    else:
        shown = " 또는 ".join(f"${name} = {tex(v)}$" for v in values)
    if data.get("lang") == "en":
        shown = shown.replace(" 또는 ", " or ")
    result = sp.FiniteSet(*values)
    answer = Step("triangle.answer", {"value": shown})
    return Outcome(result, steps, answer, values=tuple(values), data={"kind": "set"})


def _two_r(side: Any, angle: Any, degrees: bool) -> str:
    return f"2R = \\frac{{{tex(side)}}}{{\\sin {angle_tex(angle, degrees)}}}"


def _consistent(solution: dict[str, Any], data: dict[str, Any]) -> bool:
    """The law of sines, the law of cosines and the angle sum hold, and the given parts match."""
    sides = {k: float(sp.N(solution[k])) for k in SIDES}
    angles = {k: float(sp.N(solution[k])) for k in ANGLES}
    if abs(sum(angles.values()) - math.pi) > 1e-9 or min(angles.values()) <= 0:
        return False
    ratios = [sides[k] / math.sin(angles[k.upper()]) for k in SIDES]
    if max(ratios) - min(ratios) > 1e-9 * max(ratios):
        return False
    a, b, c = sides["a"], sides["b"], sides["c"]
    if abs(c**2 - (a**2 + b**2 - 2 * a * b * math.cos(angles["C"]))) > 1e-9 * c**2:
        return False
    given = [(sides[k], float(sp.N(v))) for k, v in data["sides"].items()]
    given += [(angles[k], float(sp.N(v))) for k, v in data["angles"].items()]
    return all(abs(x - y) < 1e-9 * max(1.0, y) for x, y in given)


def _area_angle(angles: dict[str, Any], sides: dict[str, Any]) -> str:
    """The angle for ``½ xy sin Z``: a given one between two given sides if there is one."""
    for name in angles:
        if all(k in sides for k in SIDES if k != name.lower()):
            return name
    return next(iter(angles), "C")


def _needed(asked: tuple[str, str], vertex: str) -> set[str]:
    """The parts whose steps the answer needs ("" is the angle sum, always shown)."""
    kind, name = asked
    if kind == "area":
        return {"", *(k for k in SIDES if k != vertex.lower()), vertex}
    if kind == "radius":
        return {"", "a", "A"}
    parts = {"", name}
    if kind != "side":
        parts |= set(SIDES)  # an angle from the law of cosines needs every side
    return parts


def _label(raw: str, asked: tuple[str, str] | None) -> str:
    """The name the student used for the side asked (``BC`` rather than ``a``)."""
    if asked is None or asked[0] != "side":
        return ""
    for two, side in _TWO_LETTER.items():
        if side == asked[1] and re.search(rf"(?<![A-Za-z]){two}(?![A-Za-z])(?!\s*=)", raw):
            return f"\\overline{{{two}}}"
    return ""


def _nice_angle(value: Any) -> bool:
    return bool(sp.nsimplify(value / sp.pi).is_Rational)


def _value(solution: dict[str, Any], asked: tuple[str, str]) -> Any:
    kind, name = asked
    if kind == "area":
        return _simplify(solution["a"] * solution["b"] * _sin(solution["C"]) / 2)
    if kind == "radius":
        return _simplify(solution["a"] / (2 * _sin(solution["A"])))
    if kind == "side":
        return solution[name]
    if kind == "angle":
        return solution[name]
    return _simplify({"sin": _sin, "cos": _cos, "tan": _tan}[kind](solution[name]))


def _sin(x: Any) -> Any:
    return math.sin(x) if isinstance(x, float) else sp.sin(x)


def _cos(x: Any) -> Any:
    return math.cos(x) if isinstance(x, float) else sp.cos(x)


def _tan(x: Any) -> Any:
    return math.tan(x) if isinstance(x, float) else sp.tan(x)


def _simplify(value: Any) -> Any:
    return value if isinstance(value, float) else sp.radsimp(sp.simplify(value))


def _parts_tex(sides: dict[str, Any], angles: dict[str, Any], degrees: bool) -> str:
    shown = [f"${k} = {tex(v)}$" for k, v in sides.items()]
    shown += [f"$\\angle {k} = {angle_tex(v, degrees)}$" for k, v in angles.items()]
    return ", ".join(shown)


def solve_triangle(
    sides: dict[str, Any], angles: dict[str, Any], degrees: bool = False
) -> list[dict[str, Any]]:
    """Every triangle with the given parts, exactly, with the steps of each."""
    steps: list[Step] = []
    if any(not (v > 0) for v in sides.values()) or any(
        not (0 < v < sp.pi) for v in angles.values()
    ):
        raise CannotCompute("triangle.impossible")
    if len(angles) == 2:
        (missing,) = set(ANGLES) - set(angles)
        angles[missing] = sp.pi - sum(angles.values())
        if not angles[missing] > 0:
            raise CannotCompute("triangle.impossible")
        others = " - ".join(angle_tex(angles[k], degrees) for k in angles if k != missing)
        total = f"{angle_tex(sp.pi, degrees)} - {others} = {angle_tex(angles[missing], degrees)}"
        steps.append(
            Step("triangle.angle_sum", {"expr": f"$\\angle {missing} = {total}$", "part": ""})
        )
    if len(angles) == 3:
        return [_by_sines(sides, angles, steps)]
    if len(sides) == 3:
        return [_by_cosines(sides, angles, steps)]
    if len(sides) == 2 and len(angles) == 1:
        (angle,) = angles
        opposite = angle.lower()
        if opposite not in sides:  # SAS: the angle between the two sides
            x, y = sides.values()
            third = sp.sqrt(sp.simplify(x**2 + y**2 - 2 * x * y * sp.cos(angles[angle])))
            third = sp.radsimp(sp.nsimplify(third) if third.is_Float else third)
            cosine = f"\\cos {angle_tex(angles[angle], degrees)}"
            shown = f"{tex(x)}^2 + {tex(y)}^2 - 2 \\cdot {tex(x)} \\cdot {tex(y)} {cosine}"
            steps.append(
                Step(
                    "triangle.cosines",
                    {
                        "expr": f"${opposite}^2 = {shown} = {tex(third**2)}$",
                        "value": f"${opposite} = {tex(third)}$",
                        "part": opposite,
                    },
                )
            )
            sides[opposite] = third
            return [_by_cosines(sides, angles, steps)]
        return _ambiguous(sides, angles, angle, steps)
    raise CannotCompute("triangle.impossible")


def _by_cosines(sides: dict[str, Any], angles: dict[str, Any], steps: list[Step]) -> dict[str, Any]:
    a, b, c = (sides[k] for k in SIDES)
    if not (a + b > c and b + c > a and a + c > b):
        raise CannotCompute("triangle.impossible")
    found = dict(sides)
    for name, (x, y, z) in zip(ANGLES, ((b, c, a), (c, a, b), (a, b, c)), strict=True):
        cosine = sp.radsimp(sp.simplify((x**2 + y**2 - z**2) / (2 * x * y)))
        found[name] = angles.get(name, sp.acos(cosine))
        if name not in angles:
            top, bottom = (
                f"{tex(x)}^2 + {tex(y)}^2 - {tex(z)}^2",
                f"2 \\cdot {tex(x)} \\cdot {tex(y)}",
            )
            shown = f"\\frac{{{top}}}{{{bottom}}}"
            steps.append(
                Step(
                    "triangle.cosines_angle",
                    {"expr": f"$\\cos {name} = {shown} = {tex(cosine)}$", "part": name},
                )
            )
    found["steps"] = steps
    return found


def _by_sines(sides: dict[str, Any], angles: dict[str, Any], steps: list[Step]) -> dict[str, Any]:
    known = next(iter(sides))
    ratio = sides[known] / sp.sin(angles[known.upper()])
    found: dict[str, Any] = dict(angles)
    for name in SIDES:
        if name in sides:
            found[name] = sides[name]
            continue
        value = sp.radsimp(sp.simplify(ratio * sp.sin(angles[name.upper()])))
        found[name] = value
        law = f"$\\frac{{{name}}}{{\\sin {name.upper()}}}"
        law += f" = \\frac{{{known}}}{{\\sin {known.upper()}}}$"
        steps.append(
            Step("triangle.sines", {"expr": law, "value": f"${name} = {tex(value)}$", "part": name})
        )
    found["steps"] = steps
    return found


def _ambiguous(
    sides: dict[str, Any], angles: dict[str, Any], angle: str, steps: list[Step]
) -> list[dict[str, Any]]:
    """Two sides and an angle opposite one of them: 0, 1 or 2 triangles (law of sines)."""
    opposite = angle.lower()
    (other,) = set(sides) - {opposite}
    sine = sp.radsimp(sp.simplify(sides[other] * sp.sin(angles[angle]) / sides[opposite]))
    if not sine <= 1:
        raise CannotCompute("triangle.impossible")
    law = f"$\\sin {other.upper()} = \\frac{{{other} \\sin {angle}}}{{{opposite}}} = {tex(sine)}$"
    steps.append(Step("triangle.sines_angle", {"expr": law, "part": other.upper()}))
    results = []
    for candidate in dict.fromkeys((sp.asin(sine), sp.pi - sp.asin(sine))):
        if not sp.N(candidate + angles[angle]) < sp.N(sp.pi) - 1e-12:
            continue
        trial = dict(angles)
        trial[other.upper()] = candidate
        (last,) = set(ANGLES) - set(trial)
        trial[last] = sp.pi - candidate - angles[angle]
        results.append(_by_sines(dict(sides), trial, list(steps)))
    if not results:
        raise CannotCompute("triangle.impossible")
    return results


def _build(sides: dict[str, Any], angles: dict[str, Any]) -> dict[str, float] | None:
    """The triangle from the given parts with coordinates (floats), independently."""
    s = {k: float(sp.N(v)) for k, v in sides.items()}
    g = {k: float(sp.N(v)) for k, v in angles.items()}
    if len(g) == 2:
        (missing,) = set(ANGLES) - set(g)
        g[missing] = math.pi - sum(g.values())
    points: tuple[tuple[float, float], ...]
    try:
        if len(s) == 3:
            a, b, c = s["a"], s["b"], s["c"]
            ax = (b**2 + c**2 - a**2) / (2 * c)  # A at the origin, B = (c, 0), C = (ax, ay)
            points = ((0.0, 0.0), (c, 0.0), (ax, math.sqrt(b**2 - ax**2)))
        elif len(g) == 3:
            name = next(iter(s))
            # A = (0,0), B = (1,0), C where the rays from A and B meet; then scale.
            tan_a, tan_b = math.tan(g["A"]), math.tan(g["B"])
            cx = tan_b / (tan_a + tan_b) if abs(g["A"] - math.pi / 2) > 1e-12 else 0.0
            cy = cx * tan_a if abs(g["A"] - math.pi / 2) > 1e-12 else tan_b
            unit = ((0.0, 0.0), (1.0, 0.0), (cx, cy))
            lengths = _lengths(unit)
            scale = s[name] / lengths[name]
            points = tuple((x * scale, y * scale) for x, y in unit)
        else:
            (angle,) = g
            if angle.lower() in s:
                return None  # two triangles may exist: the solver's case analysis stands
            points = _from_sas(angle, s, g[angle])
    except (ValueError, ZeroDivisionError):
        return None
    built: dict[str, float] = dict(_lengths(points))
    built.update(_angles(points))
    return built


def _from_sas(angle: str, s: dict[str, float], theta: float) -> tuple[tuple[float, float], ...]:
    """Vertex ``angle`` at the origin, one side along the x-axis, the other at ``theta``."""
    origin = (0.0, 0.0)
    if angle == "A":  # AB = c on the axis, AC = b rotated
        return origin, (s["c"], 0.0), (s["b"] * math.cos(theta), s["b"] * math.sin(theta))
    if angle == "B":  # BC = a on the axis, BA = c rotated
        return (s["c"] * math.cos(theta), s["c"] * math.sin(theta)), origin, (s["a"], 0.0)
    # angle C: CA = b on the axis, CB = a rotated
    return (s["b"], 0.0), (s["a"] * math.cos(theta), s["a"] * math.sin(theta)), origin


def _lengths(points: tuple[tuple[float, float], ...]) -> dict[str, float]:
    pa, pb, pc = points
    return {"a": math.dist(pb, pc), "b": math.dist(pa, pc), "c": math.dist(pa, pb)}


def _angles(points: tuple[tuple[float, float], ...]) -> dict[str, float]:
    def at(vertex: tuple[float, float], p: tuple[float, float], q: tuple[float, float]) -> float:
        u = (p[0] - vertex[0], p[1] - vertex[1])
        v = (q[0] - vertex[0], q[1] - vertex[1])
        return abs(math.atan2(u[0] * v[1] - u[1] * v[0], u[0] * v[0] + u[1] * v[1]))

    pa, pb, pc = points
    return {"A": at(pa, pb, pc), "B": at(pb, pa, pc), "C": at(pc, pa, pb)}


del m
