from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.datastructures import State

from api.app import create_app
from core.settings import get_settings


@pytest.fixture(scope="session")
def api_app(test_services: dict[str, str]) -> FastAPI:
    """The real app on the run's settings, built once: building its routes takes tens of ms.

    Each test runs the app's lifespan anew, so its connections and state are its own.
    """
    return create_app(get_settings())


@pytest.fixture
def client(api_app: FastAPI, clean_database: None) -> Iterator[TestClient]:
    """The real app on the run's database and Redis; tables emptied afterwards."""
    try:
        with TestClient(api_app) as test_client:
            yield test_client
    finally:
        api_app.state = State()  # nothing one test leaves on the app reaches the next
