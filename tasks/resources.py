"""Per-process connections of a worker, made on first use after the fork, sized to the
tasks the process runs at once (``serve``: the worker's --concurrency)."""

from __future__ import annotations

from functools import cache

import redis

from bus.keys import RedisKeys
from bus.redis import connections_for, sync_client
from core.settings import Settings, get_settings
from models.database import Database

# A task uses one database connection at a time; the overflow covers what runs beside
# the tasks (the watchdog's sweep, a redelivered twin) without letting a pool grow.
DATABASE_OVERFLOW = 2
_concurrency = {"tasks": 10}  # until the worker says (beat and tools use a few at most)


def serve(concurrency: int) -> None:
    """Size this process's pools for ``concurrency`` tasks at once (before first use)."""
    _concurrency["tasks"] = max(1, concurrency)
    database.cache_clear()
    redis_client.cache_clear()


@cache
def settings() -> Settings:
    return get_settings()


@cache
def database() -> Database:
    # A threads pool needs one per thread; a prefork child opens only the one it uses.
    return Database(settings(), pool_size=_concurrency["tasks"], max_overflow=DATABASE_OVERFLOW)


@cache
def redis_client() -> redis.Redis:
    return sync_client(
        settings(), max_connections=connections_for(_concurrency["tasks"]), name="maice-worker"
    )


@cache
def keys() -> RedisKeys:
    return RedisKeys(settings().redis_prefix)
