"""Probabilities of plainly stated events: dice, coins, and balls drawn from a
bag (with or without replacement). Each is computed by a counting rule and
recounted by listing every equally likely outcome."""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

import sympy as sp

from .. import cues
from ..explain import tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .dice_words import DiceEvent, coin_count, coin_event, dice_count, dice_event
from .distributions import _show_probability
from .urn_words import UrnEvent, urn

PROBABILITY = cues.cue(r"확률|probability|chance|likelihood|odds|(?<![a-z])p\s*\(")
ASKS_FOR_ONE = cues.cue(
    r"구해|구하|계산|알려\s*줘|\bfind\b|calculate|compute|work\s+out|확률은\s*\??$"
)


# ``A given B`` (English: the condition after) or ``B가 나왔을 때 A일 확률`` (Korean: before).
_GIVEN_AFTER = re.compile(
    r"\bgiven\s+(?:that\s+)?|\bif\s+(?:we\s+know|it\s+is\s+known)\s+(?:that\s+)?"
)
_GIVEN_BEFORE = re.compile(
    r"(?:나왔|나온|였|이었|했)을\s*때\s*,?|것을\s*알\s*때\s*,?|조건\s*(?:에서|하에서?)\s*,?"
)


def conditional_parts(text: str) -> tuple[str, str] | None:
    """(event, condition) texts of a conditional probability question, if it is one."""
    found = _GIVEN_AFTER.search(text)
    if found:
        return text[: found.start()], text[found.end() :]
    found = _GIVEN_BEFORE.search(text)
    if found:
        return text[found.end() :], text[: found.start()]
    return None


def _fraction(count: int, total: int) -> str:
    value = sp.Rational(count, total)
    return f"\\frac{{{count}}}{{{total}}}" + (f" = {tex(value)}" if value.q != total else "")


class DiceProbability(TaskType):
    name = "dice_probability"
    area = "probability"
    requires = ("how many dice (or rolls)", "the event")
    check_name = "listing_outcomes"
    shadows = ("evaluate", "counting", "solve_equation")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if not PROBABILITY.search(text) or problem.chances or problem.distribution:
            return None
        dice = dice_count(text)
        coins = coin_count(text)
        if not (dice or coins or problem.numbers or problem.formulas or problem.tuples):
            if ASKS_FOR_ONE.search(text) and not re.search(
                r"뭐|무엇|정의|뜻|what\s+is\s+(?:a\s+)?probability\b|define|meaning", text
            ):
                return self.found(CERTAIN, "dice_probability.ask_experiment")
            return None
        if dice and coins:
            return self.found(CERTAIN, "dice_probability.ask_event")
        parts = conditional_parts(text)
        if parts and (dice or coins):
            n = int(dice or coins or 0)
            if n > (4 if dice else 12):
                return self.found(CERTAIN, "dice_probability.too_many")
            reader: Any = dice_event if dice else coin_event
            event, given = reader(parts[0], n), reader(parts[1], n)
            if event is None or given is None:
                return self.found(CERTAIN, "dice_probability.ask_event")
            mode = "dice_given" if dice else "coins_given"
            return self.found(CERTAIN, mode=mode, n=n, event=event, given=given)
        if dice:
            if dice > 4:
                return self.found(CERTAIN, "dice_probability.too_many")
            faces = dice_event(text, dice)
            if faces is None:
                return self.found(CERTAIN, "dice_probability.ask_event")
            return self.found(CERTAIN, mode="dice", n=dice, event=faces)
        if coins:
            if coins > 12:
                return self.found(CERTAIN, "dice_probability.too_many")
            event = coin_event(text, coins)
            if event is None:
                return self.found(CERTAIN, "dice_probability.ask_event")
            return self.found(CERTAIN, mode="coins", n=coins, event=event)
        return None

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        n, event = data["n"], data["event"]
        if data["mode"].endswith("_given"):
            return self._conditional(detection)
        if data["mode"] == "coins":
            heads = [k for k in range(n + 1) if event.accepts(k)]
            count = sum(math.comb(n, k) for k in heads)
            total = 2**n
            steps = [
                Step("dice_probability.coins_total", {"n": str(n), "total": str(total)}),
                Step(
                    "dice_probability.coins_rule",
                    {
                        "ks": ", ".join(str(k) for k in heads) or "—",
                        "expr": " + ".join(f"{{}}_{{{n}}}C_{{{k}}}" for k in heads) + f" = {count}"
                        if heads
                        else "0",
                    },
                ),
            ]
        else:
            total = 6**n
            favourable = [o for o in itertools.product(range(1, 7), repeat=n) if event.holds(o)]
            count = len(favourable)
            steps = [Step("dice_probability.dice_total", {"n": str(n), "total": str(total)})]
            if 0 < count <= 12:
                listed = ", ".join("(" + ", ".join(map(str, o)) + ")" for o in favourable)
                steps.append(
                    Step(
                        "dice_probability.listed",
                        {
                            "event": event.describe(problem.lang),
                            "cases": f"${listed}$",
                            "count": str(count),
                        },
                    )
                )
            else:
                steps.append(
                    Step(
                        "dice_probability.counted",
                        {"event": event.describe(problem.lang), "count": str(count)},
                    )
                )
        if count == 0:
            # an event that cannot happen is more often a misread count than a trick question
            raise CannotCompute("dice_probability.impossible")
        value = sp.Rational(count, total)
        steps.append(Step("dice_probability.value", {"expr": f"${_fraction(count, total)}$"}))
        return Outcome(
            value,
            steps,
            Step("dice_probability.answer", {"value": _show_probability(value)}),
            values=(value,),
            data={"count": count, "total": total},
        )

    def _conditional(self, detection: Detection) -> Outcome:
        data = detection.data
        n, event, given = data["n"], data["event"], data["given"]
        if data["mode"] == "coins_given":  # counted by the number of heads: nCk outcomes each
            both = sum(
                math.comb(n, k) for k in range(n + 1) if event.accepts(k) and given.accepts(k)
            )
            base = sum(math.comb(n, k) for k in range(n + 1) if given.accepts(k))
        else:
            outcomes = list(itertools.product(range(1, 7), repeat=n))
            both = sum(1 for o in outcomes if event.holds(o) and given.holds(o))
            base = sum(1 for o in outcomes if given.holds(o))
        if base == 0 or both == 0:
            raise CannotCompute("dice_probability.impossible")
        value = sp.Rational(both, base)
        steps = [
            Step(
                "dice_probability.conditional",
                {"both": str(both), "base": str(base), "expr": f"${_fraction(both, base)}$"},
            )
        ]
        return Outcome(
            value,
            steps,
            Step("dice_probability.answer", {"value": _show_probability(value)}),
            values=(value,),
            data={"count": both, "total": base},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        n, event = data["n"], data["event"]
        if data["mode"].endswith("_given"):
            # P(A∩B) / P(B) from the list of every toss or roll, as two probabilities.
            if data["mode"] == "coins_given":
                heads = [o.count("H") for o in itertools.product("HT", repeat=n)]
                p_both = sp.Rational(
                    sum(1 for h in heads if event.accepts(h) and data["given"].accepts(h)),
                    len(heads),
                )
                p_given = sp.Rational(sum(1 for h in heads if data["given"].accepts(h)), len(heads))
            else:
                faces = list(itertools.product(range(1, 7), repeat=n))
                p_both = sp.Rational(
                    sum(1 for o in faces if event.holds(o) and data["given"].holds(o)), len(faces)
                )
                p_given = sp.Rational(sum(1 for o in faces if data["given"].holds(o)), len(faces))
            return bool(p_given != 0 and p_both / p_given == outcome.result)
        if data["mode"] == "coins":
            tosses = list(itertools.product("HT", repeat=n))
            count, total = sum(1 for o in tosses if event.accepts(o.count("H"))), len(tosses)
        elif isinstance(event, DiceEvent) and event.quantity == "sum":
            # the distribution of the total by convolution, not by listing pairs
            ways = {0: 1}
            for _ in range(n):
                ways = _convolve(ways)
            count, total = sum(c for s, c in ways.items() if event.test(s)), sum(ways.values())
        else:
            faces = list(itertools.product(range(1, 7), repeat=n))
            count, total = sum(1 for o in faces if event.holds(o)), len(faces)
        return bool(sp.Rational(count, total) == outcome.result)


def _convolve(ways: dict[int, int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for total, count in ways.items():
        for face in range(1, 7):
            found[total + face] = found.get(total + face, 0) + count
    return found


class UrnProbability(TaskType):
    name = "urn_probability"
    area = "probability"
    requires = (
        "the balls in the bag by colour",
        "how many are drawn, and whether they go back",
        "the event",
    )
    check_name = "listing_outcomes"
    shadows = ("evaluate", "counting", "solve_equation", "ratio")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if not PROBABILITY.search(text) or problem.chances or problem.distribution:
            return None
        found = urn(text)
        if found is None:
            return None
        if isinstance(found, str):
            return self.found(CERTAIN, f"urn_probability.{found}")
        return self.found(CERTAIN, urn=found)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        urn_: UrnEvent = detection.data["urn"]
        colours, draws, replace = urn_.colours, urn_.draws, urn_.replace
        total_balls = sum(colours.values())
        if draws > total_balls and not replace:
            raise CannotCompute("urn_probability.too_many_draws")
        compositions = [c for c in _compositions(colours, draws, replace) if urn_.accepts(c)]
        steps = [Step("urn_probability.bag", {"bag": urn_.describe(problem.lang)})]
        if replace:
            total = total_balls**draws
            count = sum(_ordered_ways(c, colours, draws) for c in compositions)
            steps.append(
                Step("urn_probability.with_replacement", {"draws": str(draws), "total": str(total)})
            )
        else:
            total = math.comb(total_balls, draws)
            count = sum(
                math.prod(math.comb(colours[k], c.get(k, 0)) for k in colours) for c in compositions
            )
            terms = " + ".join(
                " \\times ".join(
                    f"{{}}_{{{colours[k]}}}C_{{{c.get(k, 0)}}}" for k in colours if c.get(k, 0)
                )
                for c in compositions
            )
            steps.append(
                Step(
                    "urn_probability.without_replacement",
                    {"n": str(total_balls), "r": str(draws), "total": str(total)},
                )
            )
            steps.append(
                Step("urn_probability.favourable", {"expr": f"${terms or '0'} = {count}$"})
            )
        value = sp.Rational(count, total)
        steps.append(Step("dice_probability.value", {"expr": f"${_fraction(count, total)}$"}))
        return Outcome(
            value,
            steps,
            Step("dice_probability.answer", {"value": _show_probability(value)}),
            values=(value,),
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        urn_: UrnEvent = detection.data["urn"]
        balls = [colour for colour, count in urn_.colours.items() for _ in range(count)]
        outcomes = len(balls) ** urn_.draws if urn_.replace else math.comb(len(balls), urn_.draws)
        if outcomes > 200_000:
            return False  # too many to list within the deadline: no second route, no answer
        source: Any
        if urn_.replace:
            source = itertools.product(range(len(balls)), repeat=urn_.draws)
        else:
            source = itertools.combinations(range(len(balls)), urn_.draws)
        total = favourable = 0
        for drawn in source:
            total += 1
            counts: dict[str, int] = {}
            for index in drawn:
                counts[balls[index]] = counts.get(balls[index], 0) + 1
            favourable += urn_.accepts(counts)
        return bool(sp.Rational(favourable, total) == outcome.result)


def _compositions(colours: dict[str, int], draws: int, replace: bool) -> list[dict[str, int]]:
    """Every way of splitting the draws among the colours (how many of each)."""
    names = list(colours)
    found = []
    for split in itertools.product(range(draws + 1), repeat=len(names)):
        if sum(split) != draws:
            continue
        if not replace and any(k > colours[n] for k, n in zip(split, names, strict=True)):
            continue
        found.append({n: k for n, k in zip(names, split, strict=True) if k})
    return found


def _ordered_ways(composition: dict[str, int], colours: dict[str, int], draws: int) -> int:
    """Ordered draws with replacement giving this composition: multinomial × counts."""
    ways = math.factorial(draws)
    for name, k in composition.items():
        ways = ways // math.factorial(k) * colours[name] ** k
    return ways
