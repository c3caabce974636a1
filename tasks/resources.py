"""Per-process connections of a worker, made on first use after the fork."""

from __future__ import annotations

from functools import cache

import redis

from bus.keys import RedisKeys
from bus.redis import sync_client
from core.settings import Settings, get_settings
from models.database import Database


@cache
def settings() -> Settings:
    return get_settings()


@cache
def database() -> Database:
    # Enough for a threads pool; a prefork child opens only the one it uses.
    return Database(settings(), pool_size=10)


@cache
def redis_client() -> redis.Redis:
    return sync_client(settings())


@cache
def keys() -> RedisKeys:
    return RedisKeys(settings().redis_prefix)
