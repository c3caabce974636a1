"""Percentiles, the Markdown table and the target check."""

from __future__ import annotations

import math

from benchmarks.load import Level

# Targets on this machine (reported, never asserted).
ADDED_P50_MS = 20.0
ADDED_P99_MS = 100.0
TARGET_LEVEL = 10
THROUGHPUT_LEVEL = 50
CHATS_PER_SECOND = 100.0


def percentile_ms(samples: list[float], percent: float) -> float:
    """Nearest-rank percentile, in milliseconds (NaN without samples)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1] * 1000


def describe(name: str, level: Level) -> str:
    ft, done = level.first_token, level.done
    errors = ", ".join(f"{what}: {count}" for what, count in level.errors.items()) or "none"
    return (
        f"{name:>5} c={level.concurrency:<3} chats={len(done):<5} {level.chats_per_second:7.1f}/s"
        f"  first token p50/p95/p99 {percentile_ms(ft, 50):6.1f} {percentile_ms(ft, 95):6.1f}"
        f" {percentile_ms(ft, 99):6.1f} ms  done p50/p95/p99 {percentile_ms(done, 50):6.1f}"
        f" {percentile_ms(done, 95):6.1f} {percentile_ms(done, 99):6.1f} ms  errors: {errors}"
    )


def ratios(maice: Level, floor: Level) -> str:
    def ratio(ours: list[float], theirs: list[float], percent: float) -> str:
        return f"x{percentile_ms(ours, percent) / percentile_ms(theirs, percent):.1f}"

    first, floor_first = maice.first_token, floor.first_token
    rate = maice.chats_per_second / max(floor.chats_per_second, 1e-9)
    return (
        f"MAICE/floor c={maice.concurrency}: first token p50 {ratio(first, floor_first, 50)}"
        f" p99 {ratio(first, floor_first, 99)}, done p50 {ratio(maice.done, floor.done, 50)},"
        f" chats/s x{rate:.2f}"
    )


def added_ms(maice: Level, floor: Level, percent: float) -> float:
    return percentile_ms(maice.first_token, percent) - percentile_ms(floor.first_token, percent)


# Not MAICE's: the load itself, the floor server, the rest of the machine.
NOT_MAICE = frozenset({"client", "floor", "other"})


def cpu_ms_per_chat(level: Level, *, api_only: bool = False) -> float:
    """CPU per chat of the API, or of every MAICE process with PostgreSQL's backends and
    redis-server (the whole server: what else uses it counts too)."""
    if api_only:
        seconds = level.cpu.get("api", 0.0)
    else:
        seconds = sum(s for name, s in level.cpu.items() if name not in NOT_MAICE)
    return 1000 * seconds / max(len(level.done), 1)


def markdown_table(pairs: list[tuple[Level, Level]]) -> str:
    header = (
        "| students | first token p50 / p95 / p99 ms | done p50 / p99 ms | chats/s"
        " | floor first token p50 / p99 ms | added p50 / p99 ms"
        " | CPU ms per chat: api / all |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    )
    rows = []
    for maice, floor in pairs:
        ft, done = maice.first_token, maice.done
        rows.append(
            f"| {maice.concurrency} | {percentile_ms(ft, 50):.1f} / {percentile_ms(ft, 95):.1f}"
            f" / {percentile_ms(ft, 99):.1f} | {percentile_ms(done, 50):.1f}"
            f" / {percentile_ms(done, 99):.1f} | {maice.chats_per_second:.1f}"
            f" | {percentile_ms(floor.first_token, 50):.1f}"
            f" / {percentile_ms(floor.first_token, 99):.1f}"
            f" | {added_ms(maice, floor, 50):.1f} / {added_ms(maice, floor, 99):.1f}"
            f" | {cpu_ms_per_chat(maice, api_only=True):.1f} / {cpu_ms_per_chat(maice):.1f} |"
        )
    return header + "\n".join(rows) + "\n"


def target_lines(pairs: list[tuple[Level, Level]]) -> list[str]:
    by_level = {maice.concurrency: (maice, floor) for maice, floor in pairs}
    lines = []
    if TARGET_LEVEL in by_level:
        maice, floor = by_level[TARGET_LEVEL]
        p50, p99 = added_ms(maice, floor, 50), added_ms(maice, floor, 99)
        lines.append(
            f"added first-token latency at {TARGET_LEVEL} students: p50 {p50:.1f} ms"
            f" (target <= {ADDED_P50_MS:g}: {_met(p50 <= ADDED_P50_MS)}), p99 {p99:.1f} ms"
            f" (target <= {ADDED_P99_MS:g}: {_met(p99 <= ADDED_P99_MS)})"
        )
    if THROUGHPUT_LEVEL in by_level:
        rate = by_level[THROUGHPUT_LEVEL][0].chats_per_second
        lines.append(
            f"throughput at {THROUGHPUT_LEVEL} students: {rate:.1f} chats/s"
            f" (target >= {CHATS_PER_SECOND:g}: {_met(rate >= CHATS_PER_SECOND)})"
        )
    return lines


def _met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def stages_line(level: Level) -> str:
    return ", ".join(
        f"{stage} {percentile_ms([v / 1000 for v in values], 50):.1f}"
        for stage, values in level.stages.items()
    )


def cpu_used(before: dict[str, float], after: dict[str, float], client: float) -> dict[str, float]:
    """CPU seconds between two readings; "client" is this process, "other" the rest of the
    machine (other users, PostgreSQL's shared processes)."""
    used = {name: after[name] - before.get(name, 0.0) for name in after}
    machine = used.pop("machine")
    used = {name: seconds for name, seconds in used.items() if seconds > 0}
    used["client"] = client
    used["other"] = max(0.0, machine - sum(used.values()))
    return used


def cpu_line(used: dict[str, float], level: Level) -> str:
    """CPU per chat (ms) of each process, and each one's share of a core (%)."""
    chats, elapsed = max(len(level.done), 1), level.elapsed
    parts = [
        f"{name} {1000 * s / chats:.1f} ({100 * s / elapsed:.0f}%)" for name, s in used.items()
    ]
    return "CPU ms per chat (% of a core): " + ", ".join(parts)
