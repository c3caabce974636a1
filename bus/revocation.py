"""The Redis denylist of access tokens: single tokens (by jti) and whole logins (by family).

Entries expire with the longest-lived token they cover, so the list stays small.
"""

from __future__ import annotations

from datetime import UTC, datetime

import redis

from bus.keys import RedisKeys
from core.security import AccessClaims


def denylist_keys(keys: RedisKeys, claims: AccessClaims) -> list[str]:
    """The keys whose existence revokes the token (for checks folded into other scripts)."""
    names = [keys.revoked_access_token(claims.family_id, claims.jti)]
    if claims.family_id:
        names.append(keys.revoked_token_family(claims.family_id))
    return names


def is_revoked(client: redis.Redis, keys: RedisKeys, claims: AccessClaims) -> bool:
    return any(value is not None for value in client.mget(denylist_keys(keys, claims)))


def revoke_access_token(client: redis.Redis, keys: RedisKeys, claims: AccessClaims) -> None:
    seconds_left = int((claims.expires_at - datetime.now(UTC)).total_seconds()) + 1
    if seconds_left > 0:
        client.set(keys.revoked_access_token(claims.family_id, claims.jti), "1", ex=seconds_left)


def revoke_family(
    client: redis.Redis, keys: RedisKeys, family_id: str, *, access_token_seconds: int
) -> None:
    """Kill every access token of one login; none outlives ``access_token_seconds``."""
    client.set(keys.revoked_token_family(family_id), "1", ex=access_token_seconds + 1)
