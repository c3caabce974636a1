"""Redis clients with timeouts and retries: every process builds its clients here.

A dead Redis is an error in seconds, not a hang. After Redis restarts, each
pooled connection is stale, and its next command fails: every client retries a
command that failed on the connection (reconnecting, with a short exponential
back-off), and checks a connection idle for ``HEALTH_CHECK_SECONDS`` before
using it, so a restart costs a retry, not an error to the caller.
"""

from __future__ import annotations

from typing import Any

import redis
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
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


def _retry_policy(socket_timeout: float) -> dict[str, Any]:
    """The retries of a client: few, fast and only on refusals for the API's short
    timeouts; more, and on timeouts too, for the workers and agents."""
    if socket_timeout <= REQUEST_SOCKET_TIMEOUT_SECONDS:
        return {
            "retries": REQUEST_RETRIES,
            "cap": REQUEST_BACKOFF_CAP_SECONDS,
            "errors": (RedisConnectionError,),
        }
    return {
        "retries": RETRIES,
        "cap": BACKOFF_CAP_SECONDS,
        "errors": (RedisConnectionError, RedisTimeoutError),
    }


def redis_url(settings: Settings) -> str:
    if not settings.redis_url:
        raise RuntimeError("REDIS_URL is not set (run through `maice`, which can embed one)")
    return settings.redis_url


def sync_client(
    settings: Settings, *, socket_timeout: float = SOCKET_TIMEOUT_SECONDS
) -> redis.Redis:
    policy = _retry_policy(socket_timeout)
    return redis.Redis.from_url(
        redis_url(settings),
        decode_responses=True,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=socket_timeout,
        health_check_interval=HEALTH_CHECK_SECONDS,
        # The errors are named: redis-py's default list would retry timeouts everywhere.
        retry=Retry(
            ExponentialBackoff(policy["cap"], BACKOFF_BASE_SECONDS),
            policy["retries"],
            supported_errors=policy["errors"],
        ),
    )


def async_client(
    settings: Settings, *, socket_timeout: float = SOCKET_TIMEOUT_SECONDS
) -> aioredis.Redis:
    policy = _retry_policy(socket_timeout)
    return aioredis.Redis.from_url(
        redis_url(settings),
        decode_responses=True,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=socket_timeout,
        health_check_interval=HEALTH_CHECK_SECONDS,
        retry=AsyncRetry(
            ExponentialBackoff(policy["cap"], BACKOFF_BASE_SECONDS),
            policy["retries"],
            supported_errors=policy["errors"],
        ),
    )
