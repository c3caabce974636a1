# ruff: noqa: E501
"""`make bench-tutor`: the question table's score by area and knowledge type,
the share of wrong stated results and of declined questions, and p50/p95 time
per answer. `python benchmarks/tutor.py heldout.yaml` scores another table."""

from __future__ import annotations

import collections
import statistics
import sys
import time

sys.path.insert(0, ".")

from tests.support.grading import TABLES, grade, load


def main(name: str | None = None) -> None:
    """Score one table, or by default the whole question table (every questions*.yaml)."""
    names = [name] if name else [path.name for path in sorted(TABLES.glob("questions*.yaml"))]
    rows = [row for each in names for row in load(each)]
    by_area: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    by_kind: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    times: list[float] = []
    asked = collections.Counter[bool]()
    for row in rows:
        started = time.perf_counter()
        graded = grade(row)
        times.append(time.perf_counter() - started)
        by_area[row["area"]][graded.outcome] += 1
        by_kind[row["kind"]][graded.outcome] += 1
        if graded.outcome == "declined":  # split: a precise question back, or a plain "cannot"
            asked[graded.solution.status == "clarify"] += 1
        if graded.outcome != "right":
            print(f"  {graded.outcome:8} {row['q'][:60]!r}: {graded.detail[:80]}")
    total = collections.Counter[str]()
    for counts in by_area.values():
        total.update(counts)
    for title, table in (("area", by_area), ("type", by_kind)):
        print(f"\nby {title}:")
        for key, counts in sorted(table.items()):
            n = sum(counts.values())
            print(
                f"  {key:12} {counts['right']:4}/{n:<4} right, {counts['declined']} declined, {counts['wrong']} WRONG"
            )
    n = len(rows)
    print(
        f"\nall: {total['right']}/{n} right ({100 * total['right'] / n:.1f} %), "
        f"wrong stated {100 * total['wrong'] / n:.1f} %, declined {100 * total['declined'] / n:.1f} %"
    )
    print(
        f"not right: {total['wrong']} WRONG, {asked[True]} asked back, {asked[False]} declined, "
        f"{total['verdict']} wrong verdict (gate or type)"
    )
    ordered = sorted(times)
    print(
        f"time per answer: p50 {1000 * statistics.median(ordered):.0f} ms, "
        f"p95 {1000 * ordered[int(0.95 * (n - 1))]:.0f} ms"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
