# ruff: noqa: PT018
"""The engine's question table: every computed result right (its expectation
recomputed by SymPy here), every declined question declined, every verdict right."""

from __future__ import annotations

import collections

import pytest

from tests.support.grading import TABLES, equal, grade, load, value_of

# One file per area group (questions.yaml, questions_<area>.yaml …), read as one table.
TABLE = [row for path in sorted(TABLES.glob("questions*.yaml")) for row in load(path.name)]


def test_table_is_large_and_covers_every_type_and_gate() -> None:
    assert len(TABLE) >= 380
    assert {row["kind"] for row in TABLE} == {"K1", "K2", "K3", "K4"}
    assert {row["gate"] for row in TABLE} == {"answerable", "needs_clarification", "unanswerable"}
    languages = collections.Counter(
        any("\uac00" <= c <= "\ud7a3" for c in row["q"]) for row in TABLE
    )
    assert languages[True] > 100 and languages[False] > 100


@pytest.mark.parametrize("row", [r for r in TABLE if "verify" in r], ids=lambda r: r["q"][:40])
def test_expected_result_is_recomputed_by_sympy(row: dict[str, str]) -> None:
    assert equal(value_of(row["expect"]), value_of(row["verify"]))


@pytest.mark.parametrize("row", TABLE, ids=lambda r: r["q"][:40])
def test_question(row: dict[str, str]) -> None:
    graded = grade(row)
    assert graded.outcome != "wrong", graded.detail
    assert graded.outcome == "right", graded.detail


# Held-out files (heldout_<area>.yaml) are scored by `benchmarks/tutor.py`, not asserted here:
# the engine is never tuned against them. Their expectations are still recomputed by SymPy.
HELDOUT = [row for path in sorted(TABLES.glob("heldout_*.yaml")) for row in load(path.name)]


@pytest.mark.parametrize("row", [r for r in HELDOUT if "verify" in r], ids=lambda r: r["q"][:40])
def test_heldout_expectation_is_recomputed_by_sympy(row: dict[str, str]) -> None:
    assert equal(value_of(row["expect"]), value_of(row["verify"]))
