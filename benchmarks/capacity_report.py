"""The capacity run's figures: a line per level, the Markdown table, the plot."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.report import NOT_MAICE, percentile_ms, stages_line

if TYPE_CHECKING:
    from benchmarks.capacity import Run

MB = 1024 * 1024


def added_first_token_ms(run: Run, args: argparse.Namespace, percent: float) -> float:
    """First-token latency over the provider's own (it waits ``token_delay`` before each)."""
    delay: float = args.token_delay
    return percentile_ms(run.level.first_token, percent) - 1000 * delay


def busiest(run: Run) -> tuple[int, dict[str, int]]:
    """(open streams, resident bytes per process) at the sample with the most streams."""
    return max(run.samples, key=lambda sample: sample[0]) if run.samples else (0, {})


def growth_per_stream(
    run: Run, process: str, previous: Run | None = None
) -> tuple[int, float, float]:
    """(open streams, resident MB, KB per open stream) at the busiest sample.

    The growth is over the busiest sample of the previous level when there is one (the
    cost of each stream more: what the first level allocated once is not counted again),
    else over the idle process before the level.
    """
    open_streams, resident = busiest(run)
    now = resident.get(process, 0)
    if previous is not None and busiest(previous)[0] < open_streams:
        before_streams, before = busiest(previous)
        added, then = open_streams - before_streams, before.get(process, 0)
    else:
        added, then = open_streams, run.idle_rss.get(process, 0)
    return open_streams, now / MB, (now - then) / 1024 / added if added else 0.0


def cpu_ms_per_chat(run: Run) -> float:
    """CPU of MAICE's processes and servers per finished chat (not the load, not others)."""
    seconds = sum(s for name, s in run.level.cpu.items() if name not in NOT_MAICE)
    return 1000 * seconds / max(len(run.level.done), 1)


def cpu_shares(run: Run) -> dict[str, float]:
    """Each process's CPU over the level, in % of one core."""
    elapsed = max(run.level.elapsed, 1e-9)
    return {name: 100 * seconds / elapsed for name, seconds in sorted(run.level.cpu.items())}


def describe(run: Run, args: argparse.Namespace, previous: Run | None = None) -> str:
    level = run.level
    errors = ", ".join(f"{what}: {count}" for what, count in level.errors.items()) or "none"
    added = " / ".join(f"{added_first_token_ms(run, args, p):.0f}" for p in (50, 95, 99))
    done = " / ".join(f"{percentile_ms(level.done, p) / 1000:.1f}" for p in (50, 99))
    cpu = ", ".join(f"{name} {share:.0f}%" for name, share in cpu_shares(run).items())
    streams, api_mb, api_kb = growth_per_stream(run, "api", previous)
    _, agent_mb, agent_kb = growth_per_stream(run, "agent0", previous)
    return (
        f"{level.concurrency:>5} students: {len(level.done)} chats, "
        f"{level.chats_per_second:.1f}/s; added first token p50/p95/p99 {added} ms; done"
        f" p50/p99 {done} s; errors: {errors}\n"
        f"       CPU (% of a core): {cpu}; MAICE {cpu_ms_per_chat(run):.0f} ms per chat\n"
        f"       stages p50 ms: {stages_line(level)}\n"
        f"       at {streams} open streams: API {api_mb:.0f} MB (+{api_kb:.1f} KB/stream),"
        f" agent {agent_mb:.0f} MB (+{agent_kb:.1f} KB/stream)"
    )


def markdown(runs: list[Run], args: argparse.Namespace, setup: str, stopped: str | None) -> str:
    rows = []
    for number, run in enumerate(runs):
        level, previous = run.level, runs[number - 1] if number else None
        streams, api_mb, api_kb = growth_per_stream(run, "api", previous)
        _, agent_mb, agent_kb = growth_per_stream(run, "agent0", previous)
        errors = sum(level.errors.values())
        cpu = ", ".join(f"{name} {share:.0f}" for name, share in cpu_shares(run).items())
        rows.append(
            f"| {level.concurrency} | "
            + " / ".join(f"{added_first_token_ms(run, args, p):.0f}" for p in (50, 95, 99))
            + " | "
            + " / ".join(f"{percentile_ms(level.done, p) / 1000:.1f}" for p in (50, 99))
            + f" | {errors} | {level.chats_per_second:.1f} | {cpu}"
            + f" | {cpu_ms_per_chat(run):.0f}"
            + f" | {streams} | {api_mb:.0f} (+{api_kb:.1f}) | {agent_mb:.0f} (+{agent_kb:.1f}) |"
        )
    table = (
        "| students | added first token p50 / p95 / p99 ms | done p50 / p99 s | errors"
        " | chats/s | CPU % of a core | MAICE CPU ms per chat | open streams"
        " | API MB (+KB/stream) | agent MB (+KB/stream) |\n"
        "| ---: | ---: | ---: | ---: | ---: | :--- | ---: | ---: | ---: | ---: |\n"
        + "\n".join(rows)
    )
    own = 1000 * args.token_delay
    notes = [
        f"Added first token: the first `token` event's latency minus the provider's own"
        f" ({own:g} ms before its first piece). `done`: from the POST to `done`, of which the"
        f" provider's own streaming is {args.tokens * args.token_delay:.1f} s.",
        "Memory: resident set of each process with its children at the sample with the most"
        " open streams; its growth per open stream is over the previous level's (the first"
        " level: over the idle process, so it includes what the first requests allocate once).",
        "`other` is CPU the rest of the machine used meanwhile (other users of this machine).",
    ]
    if stopped:
        notes.append(f"Stopped after the last level shown: {stopped}.")
    listed = "".join(f"- {note}\n" for note in notes)
    return f"# Capacity benchmark\n\n{setup}.\n\n{table}\n\n{listed}"


def plot(runs: list[Run], args: argparse.Namespace, path: Path) -> None:
    """Students against added first-token latency (p50, p99) and CPU, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    from matplotlib import pyplot

    students = [run.level.concurrency for run in runs]
    figure, latency = pyplot.subplots(figsize=(7, 4), dpi=120)
    for percent, style in ((50, "o-"), (99, "s--")):
        values = [max(added_first_token_ms(run, args, percent), 0.1) for run in runs]
        latency.plot(students, values, style, label=f"added first token p{percent}")
    latency.set_yscale("log")
    latency.set_xlabel("concurrent students")
    latency.set_ylabel("added first-token latency (ms)")
    cpu = latency.twinx()
    machine = [sum(run.level.cpu.values()) / max(run.level.elapsed, 1e-9) * 100 for run in runs]
    maice = [
        sum(s for name, s in run.level.cpu.items() if name not in NOT_MAICE)
        / max(run.level.elapsed, 1e-9)
        * 100
        for run in runs
    ]
    cpu.plot(students, machine, "^:", color="tab:red", label="CPU, whole machine")
    cpu.plot(students, maice, "v-.", color="tab:green", label="CPU, MAICE")
    cpu.set_ylabel("CPU (% of one core)")
    cpu.set_ylim(bottom=0)
    lines = latency.get_legend_handles_labels()
    more = cpu.get_legend_handles_labels()
    latency.legend(lines[0] + more[0], lines[1] + more[1], loc="upper left", fontsize=8)
    latency.set_title(f"MAICE capacity: echo at {args.tokens} tokens, {args.token_delay:g} s apart")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    pyplot.close(figure)
