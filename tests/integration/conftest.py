from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import get_settings


@pytest.fixture
def client(clean_database: None) -> Iterator[TestClient]:
    """The real app on the run's database and Redis; tables emptied afterwards."""
    with TestClient(create_app(get_settings())) as test_client:
        yield test_client
