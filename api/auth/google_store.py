"""What Google sign-in keeps in Redis between requests: pending logins (by state), the
nonces we issued, and the per-address bound on how fast anyone may make either.

Every entry expires within `LOGIN_TTL_SECONDS`, and each client address may create at most
`STARTS_PER_MINUTE` of them a minute, so no unauthenticated caller can fill Redis (which
also holds the broker and the event logs, under `noeviction`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
from dataclasses import asdict, dataclass

import redis

from bus.keys import RedisKeys
from core.errors import RateLimited

LOGIN_TTL_SECONDS = 600
# Generous, because a school's students share one public address; an attacker with one
# address can hold at most STARTS_PER_MINUTE * 10 entries (a few hundred kB).
STARTS_PER_MINUTE = 60
_WINDOW_SECONDS = 60


def digest(value: str) -> str:
    """What we store instead of a secret the browser holds (cookie value, nonce)."""
    return hashlib.sha256(value.encode()).hexdigest()


def same_digest(value: str, stored: str) -> bool:
    return hmac.compare_digest(digest(value), stored)


@dataclass(frozen=True)
class PendingLogin:
    """What the callback needs from the login that started it."""

    verifier: str
    nonce: str
    redirect_uri: str
    browser: str  # digest of the browser cookie set by /login


class PendingLogins:
    """Logins between /login and /callback: short-lived and single use."""

    def __init__(self, client: redis.Redis, keys: RedisKeys) -> None:
        self.client = client
        self.prefix = f"{keys.prefix}oauth:google:state:"

    def save(self, state: str, login: PendingLogin) -> None:
        """Store ``login`` under ``state`` (a fresh random value) for one callback."""
        self.client.set(self.prefix + state, json.dumps(asdict(login)), ex=LOGIN_TTL_SECONDS)

    def pop(self, state: str) -> PendingLogin | None:
        """The login for ``state``, removed so it cannot be used again; None if unknown."""
        raw = self.client.getdel(self.prefix + state)
        if raw is None:
            return None
        return PendingLogin(**json.loads(raw))


class IssuedNonces:
    """Nonces we gave out (to /login's redirect, or to a client doing Google Sign-In), each
    good for one ID token: an ID token that carries a nonce is accepted only with one of
    these, once."""

    def __init__(self, client: redis.Redis, keys: RedisKeys) -> None:
        self.client = client
        self.prefix = f"{keys.prefix}oauth:google:nonce:"

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(32)
        self.client.set(self.prefix + digest(nonce), 1, ex=LOGIN_TTL_SECONDS)
        return nonce

    def spend(self, nonce: str) -> bool:
        """True once for a nonce we issued and that has not expired; False ever after."""
        return bool(self.client.delete(self.prefix + digest(nonce)))


class StartLimit:
    """At most `STARTS_PER_MINUTE` new logins or nonces per client address per minute.

    IPv6 addresses count per /64, the block one subscriber gets, so that walking through
    the addresses of one's own block does not multiply the allowance.
    """

    def __init__(self, client: redis.Redis, keys: RedisKeys) -> None:
        self.client = client
        self.prefix = f"{keys.prefix}oauth:google:starts:"

    def check(self, address: str | None) -> None:
        """Count one start for ``address``; `RateLimited` (429) past the bound."""
        key = self.prefix + _bucket(address)
        pipe = self.client.pipeline(transaction=True)
        pipe.set(key, 0, ex=_WINDOW_SECONDS, nx=True)
        pipe.incr(key)
        pipe.ttl(key)
        _, count, ttl = pipe.execute()
        if int(count) > STARTS_PER_MINUTE:
            raise RateLimited(
                "Too many Google sign-ins started from this address; try again shortly",
                retry_after_seconds=int(ttl) if int(ttl) > 0 else _WINDOW_SECONDS,
            )


def _bucket(address: str | None) -> str:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"  # no address (a test client, a Unix socket): one shared bucket
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)
