"""Waiting for something to become true, with tenacity."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import redis
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_delay,
    wait_fixed,
)

# What a check may raise while the thing it checks is still starting.
NOT_YET = (httpx.HTTPError, OSError, redis.RedisError)


def wait_until(
    check: Callable[[], object], what: str, *, timeout: float = 60, interval: float = 0.1
) -> None:
    """Call ``check`` until it returns something true; TimeoutError after ``timeout`` s.

    Connection errors count as "not yet"; any other exception ends the wait at once.
    """
    retrying = Retrying(
        stop=stop_after_delay(timeout),
        wait=wait_fixed(interval),
        retry=retry_if_exception_type(NOT_YET) | retry_if_result(lambda ready: not ready),
    )
    try:
        retrying(check)
    except RetryError as error:
        raise TimeoutError(f"{what} not reached in {timeout:g} s") from error


def http_ok(url: str) -> Callable[[], bool]:
    """A check: ``url`` answers 200."""
    return lambda: httpx.get(url, timeout=1).status_code == 200
