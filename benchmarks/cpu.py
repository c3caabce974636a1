"""Where the CPU went: each child process (with its children), PostgreSQL, Redis, the machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from tests.support.processes import Processes


def _process_ticks() -> Iterator[tuple[int, int, bytes]]:
    """(session id, CPU ticks user + system, command line) of every process on the machine."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rpartition(")")[2].split()
            command = (proc / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        # After "pid (comm)": state ppid pgrp session ... utime(12) stime(13).
        yield int(fields[3]), int(fields[11]) + int(fields[12]), command


def cpu_seconds(processes: Processes, database_name: str) -> dict[str, float]:
    """CPU time so far of each child (with its children: each leads its own session),
    of PostgreSQL's backends serving ``database_name``, of redis-server (shared with
    whatever else uses it) and of the whole machine ("machine")."""
    sessions = {process.pid: name for name, process in processes.running.items()}
    ticks = dict.fromkeys([*processes.running, "postgres", "redis"], 0)
    for session, used, command in _process_ticks():
        if session in sessions:
            ticks[sessions[session]] += used
        elif command.startswith(b"postgres:") and database_name.encode() in command:
            ticks["postgres"] += used
        elif command.split(b"\0")[0].split(b" ")[0].endswith(b"redis-server"):  # any install
            ticks["redis"] += used
    with open("/proc/stat") as stat:
        cpu = [int(value) for value in stat.readline().split()[1:]]
    ticks["machine"] = sum(cpu) - cpu[3] - cpu[4]  # all but idle and iowait
    per_second = os.sysconf("SC_CLK_TCK")
    return {name: value / per_second for name, value in ticks.items()}


def _session_rss() -> Iterator[tuple[int, int]]:
    """(session id, resident bytes) of every process on the machine."""
    page = os.sysconf("SC_PAGE_SIZE")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rpartition(")")[2].split()
            resident = int((proc / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        yield int(fields[3]), resident * page


def rss_bytes(processes: Processes) -> dict[str, int]:
    """Resident memory of each child with its children (uvicorn workers, engine pool)."""
    sessions = {process.pid: name for name, process in processes.running.items()}
    resident = dict.fromkeys(processes.running, 0)
    for session, used in _session_rss():
        if session in sessions:
            resident[sessions[session]] += used
    return resident
