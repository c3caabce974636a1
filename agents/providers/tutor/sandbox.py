"""Run one SymPy computation in a child process that is killed at its deadline.

A thread cannot be stopped: a pathological integral would keep a core busy
and a thread-pool slot taken long after the student was told it took too
long, and enough of them starve the agent. A forked child is cheap (the
parent already imported SymPy) and dies with its deadline.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def _run_and_send(connection: Connection, func: Callable[..., str], args: tuple[Any, ...]) -> None:
    try:
        connection.send((True, func(*args)))
    except Exception as error:  # the parent decides what to tell the student
        connection.send((False, f"{type(error).__name__}: {error}"))
    finally:
        connection.close()
        os._exit(0)  # skip the parent's atexit handlers and buffered output


def run_with_deadline(func: Callable[..., str], args: tuple[Any, ...], timeout: float) -> str:
    """``func(*args)`` in a child process; TimeoutError if it is not done in ``timeout`` s."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run_and_send, args=(sender, func, args), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise TimeoutError(f"computation took longer than {timeout} s")
        ok, value = receiver.recv()
    except EOFError as error:  # the child died (out of memory, a signal)
        raise RuntimeError("computation failed") from error
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if not ok:
        raise RuntimeError(value)
    return str(value)
