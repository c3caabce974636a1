"""A worker's pools are sized to the tasks it runs at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bus.redis import connections_for
from tasks import resources


@pytest.fixture
def sized() -> Iterator[None]:
    yield
    resources.serve(10)  # as before the test, for whatever runs next in this process
    resources.database().dispose()


def test_the_database_pool_holds_one_connection_per_task(sized: None) -> None:
    resources.serve(3)
    pool = resources.database().engine.pool
    assert pool.size() == 3  # type: ignore[attr-defined]
    assert resources.redis_client().connection_pool.max_connections == connections_for(3)
