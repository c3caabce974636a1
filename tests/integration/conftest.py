from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from core.settings import Settings, get_settings
from tests.support.apps import app_with, running
from tests.support.services import scratch_database


@pytest.fixture
def client(clean_database: None) -> Iterator[TestClient]:
    """The real app on the run's database and Redis; tables emptied afterwards."""
    with running(app_with()) as test_client:
        yield test_client


@pytest.fixture
def empty_database(test_services: dict[str, str]) -> Iterator[Settings]:
    """Settings pointing at a brand-new database on the test server, dropped afterwards."""
    with scratch_database(str(get_settings().database_url), "maice_mig") as url:
        yield get_settings().model_copy(update={"database_url": url})
