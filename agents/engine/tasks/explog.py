"""Exponents and logarithms: the algebra the task types share.

A power ``b^(px+q)`` is read over its *root base* ``g`` (``8 = 2^3``,
``1/4 = 2^-2``), so ``4^x - 3·2^x + 2`` becomes a polynomial in ``t = 2^x``;
a sum of logarithms of one base is combined into one logarithm
(``log_2 x + log_2 (x-2) = log_2 x(x-2)``). Everything here is exact SymPy;
the task types check the results by another route.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.calculus.util import continuous_domain

from ..explain import tex
from ..guards import size
from ..parse import ParseError, parse_unevaluated


def exp_terms(expr: Any, var: Any) -> list[Any]:
    """Powers with the unknown in the exponent (``2^x``, ``e^(2x)``)."""
    found = [p for p in expr.atoms(sp.Pow) if p.exp.has(var) and not p.base.has(var)]
    found += [e for e in expr.atoms(sp.exp) if e.args[0].has(var)]
    return found


def log_terms(expr: Any, var: Any) -> list[Any]:
    """Natural-log atoms ``log(A)`` whose argument contains the unknown."""
    return [a for a in expr.atoms(sp.log) if a.args[0].has(var)]


def involves(expr: Any, var: Any) -> bool:
    return bool(exp_terms(expr, var) or log_terms(expr, var))


def variable_base(expr: Any, var: Any) -> bool:
    """``x^x`` or ``log_x 4``: a base that depends on the unknown."""
    if any(p.exp.has(var) and p.base.has(var) for p in expr.atoms(sp.Pow)):
        return True
    denominator = sp.fraction(sp.together(expr))[1]
    return any(denominator.has(a) for a in log_terms(expr, var))


def domain_of(expr: Any, var: Any) -> Any:
    return continuous_domain(expr, var, sp.S.Reals)


def root_base(base: Any) -> tuple[Any, Any] | None:
    """``base = g^m`` with the smallest integer ``g > 1`` (or ``e``), ``m`` rational."""
    if base == sp.E:
        return sp.E, sp.Integer(1)
    if base.is_Pow and base.base.is_Integer and base.exp.is_Rational:
        found = root_base(base.base)
        return (found[0], found[1] * base.exp) if found else None
    if not base.is_Rational or base <= 0 or base == 1:
        return None
    exps: dict[int, int] = {}
    for prime, e in sp.factorint(int(base.p)).items():
        exps[prime] = exps.get(prime, 0) + e
    for prime, e in sp.factorint(int(base.q)).items():
        exps[prime] = exps.get(prime, 0) - e
    common = math.gcd(*exps.values())
    g = math.prod(p ** (abs(e) // common) for p, e in exps.items())
    sign = 1 if next(iter(exps.values())) > 0 else -1
    if sp.Integer(g) ** (sign * common) != base:
        return None  # 12/5, 2^2·3^-2 with mixed signs: no single integer root base
    return sp.Integer(g), sp.Integer(sign * common)


def power_of(base: Any, exponent: Any) -> Any:
    """``base^exponent`` evaluated only when the guards allow it (2^(10^10) is TooLarge)."""
    size(sp.Pow(base, exponent, evaluate=False))
    return sp.simplify(sp.Pow(base, exponent))


def exact_log(value: Any, base: Any) -> Any:
    """``log_base value`` simplified exactly (``log_2 8 = 3``, ``log_4 8 = 3/2``)."""
    if base == sp.E:
        return sp.simplify(sp.expand_log(sp.log(value), force=True))
    return sp.simplify(sp.expand_log(sp.log(value) / sp.log(base), force=True))


def log_tex(value: Any) -> str:
    """LaTeX for a value, with ``log(a)/log(b)`` shown as ``\\log_b a``."""
    numerator, denominator = sp.fraction(sp.cancel(value))
    numerator = sp.logcombine(numerator, force=True)
    denominator = sp.logcombine(denominator, force=True)
    if numerator.could_extract_minus_sign():  # -ln 3 / ln(2/3) is ln 3 / ln(3/2)
        numerator = sp.logcombine(-numerator, force=True)
        denominator = sp.logcombine(sp.expand_log(-denominator, force=True), force=True)
    value = numerator / denominator
    if (
        isinstance(numerator, sp.log)
        and isinstance(denominator, sp.log)
        and not value.free_symbols
        and denominator.args[0] != 10
    ):
        return f"\\log_{{{tex(denominator.args[0])}}} {tex(numerator.args[0])}"
    return tex(value)


@dataclass(frozen=True)
class Substitution:
    """``expr = 0`` as ``poly(t) = 0`` with ``t = g^(unit·x)`` (``t > 0``)."""

    t: Any
    base: Any
    unit: Any
    poly: Any  # a polynomial expression in ``t``
    shift: int  # the power of t multiplied in to clear negative powers


T = sp.Symbol("t")


def exp_substitution(expr: Any, var: Any) -> Substitution | None:
    """Rewrite ``expr`` as a polynomial in one power ``t = g^(u x)``, if it is one."""
    terms = exp_terms(expr, var)
    if not terms or log_terms(expr, var):
        return None
    pieces: list[tuple[Any, Any, Any, Any]] = []  # (atom, g, slope in g^(.), intercept)
    for atom in terms:
        base, exponent = (sp.E, atom.args[0]) if isinstance(atom, sp.exp) else atom.as_base_exp()
        found = root_base(base)
        poly = sp.Poly(exponent, var) if exponent.is_polynomial(var) else None
        if found is None or poly is None or poly.degree() != 1:
            return None
        g, m = found
        slope, intercept = poly.all_coeffs()
        if not (slope.is_Rational and intercept.is_Rational):
            return None
        pieces.append((atom, g, m * slope, m * intercept))
    bases = {g for _, g, _, _ in pieces}
    if len(bases) != 1:
        return None
    (g,) = bases
    slopes = [abs(s) for _, _, s, _ in pieces]
    numerators = math.gcd(*[int(s.p) for s in slopes])
    denominators = math.lcm(*[int(s.q) for s in slopes])
    unit = sp.Rational(numerators, denominators)
    replaced = expr
    for atom, _, slope, intercept in pieces:
        replaced = replaced.subs(atom, g**intercept * T ** (slope / unit))
    replaced = sp.expand(replaced)
    if replaced.has(var):
        return None
    lowest = min([0, *[int(p.exp) for p in replaced.atoms(sp.Pow) if p.base == T]])
    poly = sp.expand(replaced * T ** (-lowest))
    if not poly.is_polynomial(T):
        return None
    return Substitution(g ** (unit * var), g, unit, poly, -lowest)


def back_from_t(sub: Substitution, value: Any) -> Any:
    """The x with ``g^(u x) = value`` (value > 0)."""
    return sp.simplify(exact_log(value, sub.base) / sub.unit)


@dataclass(frozen=True)
class Combined:
    """``Σ c_i log_b A_i + k = 0`` as ``log_b P = r``, i.e. ``P = b^r``."""

    base: Any
    product: Any
    power: Any  # r


def _log_coefficient(coefficient: Any) -> tuple[Any, Any] | None:
    """``c = r / log(b)`` (or ``r`` for ln) as ``(r, b)``."""
    if coefficient.is_Rational:
        return coefficient, sp.E
    numerator, denominator = sp.fraction(sp.together(coefficient))
    if numerator.is_Rational and isinstance(denominator, sp.log):
        return numerator, denominator.args[0]
    if (
        numerator.is_Rational
        and denominator.is_Mul
        and len(denominator.args) == 2
        and denominator.args[0].is_Rational
        and isinstance(denominator.args[1], sp.log)
    ):
        return numerator / denominator.args[0], denominator.args[1].args[0]
    return None


def combine_logs(expr: Any, var: Any) -> Combined | None:
    """Combine every logarithm of the unknown in ``expr = 0`` into one, same base."""
    parts: list[tuple[Any, Any, Any]] = []  # (argument, rational coefficient, base)
    constant = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr)):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log) and f.has(var)]
        if not term.has(var):
            constant += term
            continue
        if len(logs) != 1:
            return None
        coefficient = sp.simplify(term / logs[0])
        if coefficient.has(var):
            return None
        found = _log_coefficient(coefficient)
        if found is None:
            return None
        parts.append((logs[0].args[0], found[0], found[1]))
    if not parts:
        return None
    roots = {root_base(b) if b != sp.E else (sp.E, sp.Integer(1)) for _, _, b in parts}
    if None in roots or len({r[0] for r in roots if r}) != 1:
        return None
    g = next(r[0] for r in roots if r)
    # Write in the base actually used when there is one (log_4 with log_4), else the root base.
    written = {b for _, _, b in parts}
    base = written.pop() if len(written) == 1 else g
    product = sp.Integer(1)
    for argument, coefficient, b in parts:
        exponent = sp.nsimplify(coefficient * exact_log(base, b))
        if not exponent.is_Rational:
            return None
        product *= argument**exponent
    # Σ e_i log_base A_i + constant = 0  ⇔  log_base P = -constant
    return Combined(base, product, sp.simplify(-constant))


def log_substitution(expr: Any, var: Any) -> tuple[Any, Any, Any] | None:
    """``expr`` as a polynomial (degree ≥ 2) in ``t = log_b A``: ``(poly in t, b, A)``."""
    logs = log_terms(expr, var)
    if len(logs) != 1 or exp_terms(expr, var):
        return None
    atom = logs[0]
    replaced = sp.expand(expr.subs(atom, sp.Symbol("_L")))
    if replaced.has(var) or not replaced.is_polynomial(sp.Symbol("_L")):
        return None
    coefficients = sp.Poly(replaced, sp.Symbol("_L")).all_coeffs()
    if len(coefficients) < 3:
        return None
    # Choose the base from the leading coefficient's 1/log(b)^k.
    bases = {a.args[0] for c in coefficients for a in sp.sympify(c).atoms(sp.log)}
    base = bases.pop() if len(bases) == 1 else (sp.E if not bases else None)
    if base is None:
        return None
    scale = sp.log(base) if base != sp.E else sp.Integer(1)
    poly = sp.expand(replaced.subs(sp.Symbol("_L"), scale * T))
    leading = sp.Poly(poly, T).LC()
    poly = sp.expand(sp.simplify(poly / leading))
    if not all(c.is_Rational for c in sp.Poly(poly, T).all_coeffs()):
        return None
    return poly, base, atom.args[0]


def real_roots(poly: Any, var: Any) -> list[Any]:
    """Real roots of a polynomial, exact, sorted; raises ValueError when not all found."""
    p = sp.Poly(poly, var)
    found = sp.roots(p)
    if sum(found.values()) != p.degree():
        raise ValueError("roots not found exactly")
    return sorted((r for r in found if r.is_real), key=lambda r: float(sp.N(r)))


class WrittenLog(sp.Function):  # type: ignore[misc]
    """``log_b a`` exactly as written: never evaluated, printed with its base."""

    nargs = 2

    @classmethod
    def eval(cls, *args: Any) -> None:
        return None

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        argument, base = self.args
        shown = printer._print(argument)
        if argument.is_Add or (argument.is_Mul and argument.has(sp.Symbol)):
            shown = f"\\left({shown}\\right)"
        if base == sp.E:
            text = f"\\ln {shown}"
        elif base == 10:
            text = f"\\log {shown}"
        else:
            text = f"\\log_{{{printer._print(base)}}} {shown}"
        return f"\\left({text}\\right)^{{{exp}}}" if exp is not None else text

    def value(self) -> Any:
        argument, base = (a.doit() for a in self.args)
        return exact_log(argument, base)


def _written_log(argument: Any, base: Any = 10, **_options: Any) -> Any:
    return WrittenLog(argument, base)


WRITTEN = {"log": _written_log, "ln": lambda argument, **_: WrittenLog(argument, sp.E)}
_RELATION = re.compile(r"(<=|>=|=|<|>)")


def _is_fraction(e: Any) -> bool:
    return bool(
        e.is_Mul
        and len(e.args) == 2
        and e.args[0].is_Integer
        and e.args[1].is_Pow
        and e.args[1].base.is_Integer
        and e.args[1].exp == -1
    )


def tidy(expr: Any) -> Any:
    """Written fractions ``1·2^-1`` as the numbers ``1/2``, for showing."""
    return expr.replace(_is_fraction, lambda e: e.args[0] / e.args[1].base)


def written(source: str) -> Any:
    """``source`` parsed as written: nothing evaluated, logs kept with their bases."""
    return tidy(parse_unevaluated(source, WRITTEN))


def written_sides(source: str) -> tuple[Any, Any] | None:
    """The two sides of a relation as written, or None when they cannot be read so."""
    pieces = _RELATION.split(source)
    if len(pieces) != 3:
        return None
    try:
        return written(pieces[0]), written(pieces[2])
    except (ParseError, ValueError):
        return None


def plain(expr: Any) -> Any:
    """A written expression evaluated (logs become SymPy logs)."""
    replaced = expr.replace(
        lambda e: isinstance(e, WrittenLog), lambda e: sp.log(e.args[0].doit(), e.args[1].doit())
    )
    return replaced.doit()


def combine_written(lhs: Any, rhs: Any, var: Any) -> Combined | None:
    """``lhs = rhs`` with logs of one written base (``log_{1/2}``) as ``log_b P = r``."""
    product, constant, bases = sp.Integer(1), sp.Integer(0), set()
    for sign, side in ((1, lhs), (-1, rhs)):
        for term in sp.Add.make_args(side):
            if not term.has(var):
                constant += sign * plain(term)
                continue
            logs = [f for f in sp.Mul.make_args(term) if isinstance(f, WrittenLog)]
            rest = [f for f in sp.Mul.make_args(term) if not isinstance(f, WrittenLog)]
            coefficient = plain(sp.Mul(*rest)) if rest else sp.Integer(1)
            if len(logs) != 1 or coefficient.has(var) or not coefficient.is_Rational:
                return None
            argument, base = (a.doit() for a in logs[0].args)
            bases.add(base)
            product *= argument ** (sign * coefficient)
    if len(bases) != 1:
        return None
    return Combined(bases.pop(), product, sp.simplify(-constant))
