from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.apps import app_with, running


@pytest.fixture
def client(clean_database: None) -> Iterator[TestClient]:
    """The real app on the run's database and Redis; tables emptied afterwards."""
    with running(app_with()) as test_client:
        yield test_client
