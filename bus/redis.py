"""Redis clients with timeouts, retries and bounded pools: every process builds its
clients here.

A dead Redis is an error in seconds, not a hang. After Redis restarts, each
pooled connection is stale, and its next command fails: every client retries a
command that failed on the connection (reconnecting, with a short exponential
back-off), and checks a connection idle for ``HEALTH_CHECK_SECONDS`` before
using it, so a restart costs a retry, not an error to the caller.

Each client draws from a bounded pool that, once every connection is busy, waits
up to ``pool_wait`` for one to come back instead of raising MaxConnectionsError:
a burst of emits queues for a moment rather than failing answers. A wait that
times out is a ``redis.ConnectionError``, handled like Redis being away. ``name``
labels the connections in Redis's CLIENT LIST (``maice-api``, ``maice-agent`` ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from core.settings import Settings

CONNECT_TIMEOUT_SECONDS = 1.0
# Workers and agents: longer than any blocking read they issue (see agents.runner).
SOCKET_TIMEOUT_SECONDS = 10.0
# The API issues no blocking reads and must answer 503 within 2 s when Redis hangs.
REQUEST_SOCKET_TIMEOUT_SECONDS = 1.5
# A connection idle this long is PINGed before its next command.
HEALTH_CHECK_SECONDS = 5
# Workers and agents retry a command this often (0.1, 0.2, 0.4 … s, at most 1 s apart):
# enough to ride out a restart; a longer outage is the caller's error to handle.
RETRIES = 6
BACKOFF_BASE_SECONDS = 0.1
BACKOFF_CAP_SECONDS = 1.0
# The API retries a refused connection twice, quickly, and never a timeout: it must
# answer 503 within 2 s (REQUEST_SOCKET_TIMEOUT_SECONDS already spends most of that).
REQUEST_RETRIES = 2
REQUEST_BACKOFF_CAP_SECONDS = 0.2

# Connections of one client when its owner does not size it. A command holds one for a
# round trip (well under a millisecond), so this serves thousands of commands a second.
DEFAULT_MAX_CONNECTIONS = 64
# The most connections a sized pool opens (Redis allows 10,000 clients in all).
MAX_CONNECTIONS = 160
# How long a command waits for a connection of a busy pool (workers and agents).
POOL_WAIT_SECONDS = 10.0
# The API's wait: with its socket timeout it stays within the contract's 2 s for a 503.
REQUEST_POOL_WAIT_SECONDS = 0.4


@dataclass(frozen=True)
class _RetryPolicy:
    retries: int
    backoff_cap: float
    errors: tuple[type[RedisError], ...]


def _retry_policy(socket_timeout: float) -> _RetryPolicy:
    """The retries of a client: few, fast and only on refusals for the API's short
    timeouts; more, and on timeouts too, for the workers and agents."""
    if socket_timeout <= REQUEST_SOCKET_TIMEOUT_SECONDS:
        return _RetryPolicy(REQUEST_RETRIES, REQUEST_BACKOFF_CAP_SECONDS, (RedisConnectionError,))
    return _RetryPolicy(RETRIES, BACKOFF_CAP_SECONDS, (RedisConnectionError, RedisTimeoutError))


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


def _pool_options(
    *,
    socket_timeout: float,
    connect_timeout: float,
    max_connections: int,
    pool_wait: float,
    name: str | None,
) -> dict[str, Any]:
    """What the sync and the async pools share: bounds, waits, timeouts, health checks."""
    return {
        "max_connections": max_connections,
        "timeout": pool_wait,
        "decode_responses": True,
        "socket_connect_timeout": connect_timeout,
        "socket_timeout": socket_timeout,
        "health_check_interval": HEALTH_CHECK_SECONDS,
        "client_name": name,
    }


def sync_client(
    settings: Settings,
    *,
    socket_timeout: float = SOCKET_TIMEOUT_SECONDS,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    pool_wait: float = POOL_WAIT_SECONDS,
    name: str | None = None,
) -> redis.Redis:
    policy = _retry_policy(socket_timeout)
    # The errors are named: redis-py's default list would retry timeouts everywhere.
    retry = Retry(
        ExponentialBackoff(policy.backoff_cap, BACKOFF_BASE_SECONDS),
        policy.retries,
        supported_errors=policy.errors,
    )
    options = _pool_options(
        socket_timeout=socket_timeout,
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        max_connections=max_connections,
        pool_wait=pool_wait,
        name=name,
    )
    pool = redis.BlockingConnectionPool.from_url(redis_url(settings), retry=retry, **options)
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
    policy = _retry_policy(socket_timeout)
    retry = AsyncRetry(
        ExponentialBackoff(policy.backoff_cap, BACKOFF_BASE_SECONDS),
        policy.retries,
        supported_errors=policy.errors,
    )
    options = _pool_options(
        socket_timeout=socket_timeout,
        connect_timeout=connect_timeout,
        max_connections=max_connections,
        pool_wait=pool_wait,
        name=name,
    )
    pool = aioredis.BlockingConnectionPool.from_url(redis_url(settings), retry=retry, **options)
    return aioredis.Redis.from_pool(pool)
