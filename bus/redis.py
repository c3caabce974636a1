"""Redis clients with timeouts: a dead Redis is an error in seconds, not a hang."""

from __future__ import annotations

import redis
import redis.asyncio as aioredis

from core.settings import Settings

CONNECT_TIMEOUT_SECONDS = 1.0
# Workers and agents: longer than any blocking read they issue (see agents.runner).
SOCKET_TIMEOUT_SECONDS = 10.0
# The API issues no blocking reads and must answer 503 within 2 s when Redis hangs.
REQUEST_SOCKET_TIMEOUT_SECONDS = 1.5


def redis_url(settings: Settings) -> str:
    if not settings.redis_url:
        raise RuntimeError("REDIS_URL is not set (run through `maice`, which can embed one)")
    return settings.redis_url


def sync_client(
    settings: Settings, *, socket_timeout: float = SOCKET_TIMEOUT_SECONDS
) -> redis.Redis:
    return redis.Redis.from_url(
        redis_url(settings),
        decode_responses=True,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=socket_timeout,
        health_check_interval=30,
    )


def async_client(
    settings: Settings, *, socket_timeout: float = SOCKET_TIMEOUT_SECONDS
) -> aioredis.Redis:
    return aioredis.Redis.from_url(
        redis_url(settings),
        decode_responses=True,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=socket_timeout,
        health_check_interval=30,
    )
