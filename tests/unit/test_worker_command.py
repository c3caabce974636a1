"""`maice worker`: the Celery command line it builds."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from maice import cli
from tasks.app import celery_app


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The argv each `maice worker` passed to Celery (which is not started)."""
    calls: list[list[str]] = []
    monkeypatch.setattr(celery_app, "worker_main", calls.append)
    monkeypatch.setattr(cli, "_use_embedded_services_if_unset", lambda: None)
    return calls


def option(argv: list[str], name: str) -> str:
    if name == "-Q":
        return argv[argv.index("-Q") + 1]
    return next(arg.split("=", 1)[1] for arg in argv if arg.startswith(f"{name}="))


def test_by_default_it_serves_every_queue_with_a_thread_per_cpu(started: list[list[str]]) -> None:
    result = CliRunner().invoke(cli.app, ["worker"])
    assert result.exit_code == 0, result.output
    (argv,) = started
    assert option(argv, "-Q") == "chat,summaries"
    assert option(argv, "--concurrency") == str(os.cpu_count())
    assert option(argv, "--pool") == "threads"


def test_it_can_serve_one_queue(started: list[list[str]]) -> None:
    result = CliRunner().invoke(cli.app, ["worker", "--queues", "summaries", "--concurrency", "4"])
    assert result.exit_code == 0, result.output
    assert option(started[0], "-Q") == "summaries"
    assert option(started[0], "--concurrency") == "4"


@pytest.mark.parametrize("queues", ["chat,nope", " , "])
def test_an_unknown_or_empty_queue_list_is_a_usage_error(
    started: list[list[str]], queues: str
) -> None:
    result = CliRunner().invoke(cli.app, ["worker", "--queues", queues])
    assert result.exit_code == 2
    assert "--queues" in result.output
    assert started == []
