"""The real API app in tests: built once per distinct settings, its lifespan run per test.

Building the app's routes takes tens of milliseconds, which a few hundred tests feel;
its lifespan (connections, clients, caches on ``app.state``) is each test's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.datastructures import State

from api.app import create_app
from core.settings import get_settings

_built: dict[str, FastAPI] = {}


def app_with(**overrides: Any) -> FastAPI:
    """The app on the run's settings changed by ``overrides`` (one app per distinct set)."""
    key = repr(sorted(overrides.items()))
    if key not in _built:
        _built[key] = create_app(get_settings().model_copy(update=overrides))
    return _built[key]


@contextmanager
def running(app: FastAPI, **options: Any) -> Iterator[TestClient]:
    """A TestClient of ``app`` with its lifespan running; afterwards the app keeps nothing
    of this run on its state. ``options`` go to TestClient."""
    try:
        with TestClient(app, **options) as client:
            yield client
    finally:
        app.state = State()
