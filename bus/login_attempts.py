"""Password-login attempts in the last minute, per account and per client address.

Each counter is a sorted set of attempt times under its own hash tag, trimmed and
checked and added to in one script, so "at most N in any 60 s" holds exactly across
API processes. Refused attempts are not recorded: a flood cannot grow the sets past N,
and the window frees N attempts after the last admitted one is a minute old.
"""

from __future__ import annotations

import hashlib
import uuid

import redis.asyncio as aioredis

from bus.keys import RedisKeys

WINDOW_MS = 60_000

# KEYS[1] one counter; ARGV: window ms, limit, a unique member.
# Returns 0 when the attempt is admitted (and recorded), else ms until one would be.
_ATTEMPT = """
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
"""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalised_email(email: str) -> str:
    """The account an attempt counts against: the e-mail as given, trimmed, lower case
    (as the login looks users up)."""
    return email.strip().lower()


class LoginAttempts:
    def __init__(self, client: aioredis.Redis, keys: RedisKeys, *, per_minute: int) -> None:
        self.keys = keys
        self.per_minute = per_minute
        self._attempt = client.register_script(_ATTEMPT)

    async def admit(self, *, email: str, address: str) -> float:
        """Record one attempt: 0 when it may go ahead, else the seconds until it could.

        The address is counted first, so an address past its limit leaves the accounts it
        tries untouched (another address's owner can still sign in)."""
        for key in (
            self.keys.login_attempts_by_address(_digest(address)),
            self.keys.login_attempts_by_account(_digest(normalised_email(email))),
        ):
            wait_ms = int(
                await self._attempt(keys=[key], args=[WINDOW_MS, self.per_minute, uuid.uuid4().hex])
            )
            if wait_ms > 0:
                return wait_ms / 1000
        return 0.0
