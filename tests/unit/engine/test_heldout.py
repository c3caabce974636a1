"""The held-out question files' expectations are recomputed by SymPy.

The engine is scored on them by ``python benchmarks/tutor.py heldout_<area>.yaml``;
they are never used to tune it, so this test checks only the expectations."""

from __future__ import annotations

import pytest

from tests.support.grading import TABLES, equal, load, value_of

HELD_OUT = [row for path in sorted(TABLES.glob("heldout_*.yaml")) for row in load(path.name)]


def test_every_held_out_file_is_large_enough() -> None:
    for path in sorted(TABLES.glob("heldout_*.yaml")):
        assert len(load(path.name)) >= 30, path.name


@pytest.mark.parametrize("row", [r for r in HELD_OUT if "verify" in r], ids=lambda r: r["q"][:40])
def test_held_out_expectation_is_recomputed_by_sympy(row: dict[str, str]) -> None:
    assert equal(value_of(row["expect"]), value_of(row["verify"]))


def test_computed_held_out_rows_carry_a_verification() -> None:
    for row in HELD_OUT:
        assert row["expect"] in ("none", "decline", "diverges", "dne") or "verify" in row, row["q"]
