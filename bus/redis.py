"""Redis clients with timeouts: a dead Redis is an error in seconds, not a hang.

Each client draws from a bounded pool that, once every connection is busy, waits
up to ``pool_wait`` for one to come back instead of raising MaxConnectionsError:
a burst of emits queues for a moment rather than failing answers. A wait that
times out is a ``redis.ConnectionError``, handled like Redis being away. ``name``
labels the connections in Redis's CLIENT LIST (``maice-api``, ``maice-agent`` ...).
"""

from __future__ import annotations

import redis
import redis.asyncio as aioredis

from core.settings import Settings

CONNECT_TIMEOUT_SECONDS = 1.0
# Workers and agents: longer than any blocking read they issue (see agents.runner).
SOCKET_TIMEOUT_SECONDS = 10.0
# The API issues no blocking reads and must answer 503 within 2 s when Redis hangs.
REQUEST_SOCKET_TIMEOUT_SECONDS = 1.5
# Connections of one client when its owner does not size it. A command holds one for a
# round trip (well under a millisecond), so this serves thousands of commands a second.
DEFAULT_MAX_CONNECTIONS = 64
# The most connections a sized pool opens (Redis allows 10,000 clients in all).
MAX_CONNECTIONS = 160
# How long a command waits for a connection of a busy pool (workers and agents).
POOL_WAIT_SECONDS = 10.0
# The API's wait: with its socket timeout it stays within the contract's 2 s for a 503.
REQUEST_POOL_WAIT_SECONDS = 0.4


def redis_url(settings: Settings) -> str:
    if not settings.redis_url:
        raise RuntimeError("REDIS_URL is not set (run through `maice`, which can embed one)")
    return settings.redis_url


def connections_for(concurrency: int) -> int:
    """A pool size for ``concurrency`` tasks that issue commands: one connection each up
    to 32, then one per 16 more (a command holds its connection for a round trip; past
    that, a moment's wait costs less than thousands of sockets), a few for the rest."""
    extra = max(0, concurrency - 32) // 16
    return min(MAX_CONNECTIONS, 8 + min(concurrency, 32) + extra)


def sync_client(
    settings: Settings,
    *,
    socket_timeout: float = SOCKET_TIMEOUT_SECONDS,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    pool_wait: float = POOL_WAIT_SECONDS,
    name: str | None = None,
) -> redis.Redis:
    pool = redis.BlockingConnectionPool.from_url(
        redis_url(settings),
        max_connections=max_connections,
        timeout=pool_wait,
        decode_responses=True,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=socket_timeout,
        health_check_interval=30,
        client_name=name,
    )
    return redis.Redis.from_pool(pool)


def async_client(
    settings: Settings,
    *,
    socket_timeout: float = SOCKET_TIMEOUT_SECONDS,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    pool_wait: float = POOL_WAIT_SECONDS,
    name: str | None = None,
    connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
) -> aioredis.Redis:
    pool = aioredis.BlockingConnectionPool.from_url(
        redis_url(settings),
        max_connections=max_connections,
        timeout=pool_wait,
        decode_responses=True,
        socket_connect_timeout=connect_timeout,
        socket_timeout=socket_timeout,
        health_check_interval=30,
        client_name=name,
    )
    return aioredis.Redis.from_pool(pool)
