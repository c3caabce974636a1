"""Logins, rotating refresh tokens, logout, and ending a user's logins.

A login is a ``Login`` row (its id is the refresh tokens' family id). Refreshing and
ending a login both lock that row first, so a logout racing a refresh leaves nothing
alive whichever wins; issuing a pair share-locks the user's row, so a login racing a
password change or a deactivation either sees the change or is ended by it.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import anyio
import anyio.to_thread
import redis
from sqlalchemy.orm import Session

from api.auth.hashing import PasswordHashing
from api.auth.schemas import TokenPair
from bus import revocation
from bus.keys import RedisKeys
from bus.login_attempts import LoginAttempts
from bus.quotas import store_question_limit
from core.errors import RateLimited, Unauthorized
from core.security import (
    AccessClaims,
    create_access_token,
    hash_refresh_token,
    new_family_id,
    new_refresh_token,
)
from core.settings import Settings
from models import Login, RefreshToken, User
from models.database import Database
from models.repositories import logins as logins_repo
from models.repositories import refresh_tokens as tokens_repo
from models.repositories import users as users_repo

BAD_CREDENTIALS = "Incorrect e-mail or password"
# A refused attempt is answered after this pause (on the event loop, holding nothing):
# a flooding client waits for each answer before it asks again, so its refused attempts
# cannot crowd the other routes out of the API's one event loop.
REFUSAL_DELAY_SECONDS = 1.0


class RefreshTokenReused(Unauthorized):
    """A rotated token came back: its whole family is revoked, and that must stick."""

    keep_changes = True


class LoginTooOld(Unauthorized):
    """The login reached JWT_REFRESH_TOKEN_MAX_DAYS: it is ended, and that must stick."""

    keep_changes = True


@dataclass(frozen=True)
class _Account:
    """What a password login needs of a user, read in one short transaction."""

    user_id: int
    password_hash: str | None
    is_active: bool


async def admit_login_attempt(attempts: LoginAttempts, *, email: str, address: str) -> None:
    """Count the attempt; RateLimited past LOGIN_ATTEMPTS_PER_MINUTE for the account or
    the address (before any database work or hashing is spent on it)."""
    wait = await attempts.admit(email=email, address=address)
    if wait > 0:
        await anyio.sleep(min(wait, REFUSAL_DELAY_SECONDS))
        seconds = max(1, math.ceil(wait - REFUSAL_DELAY_SECONDS))
        raise RateLimited(
            f"Too many sign-in attempts (at most {attempts.per_minute} a minute for an account"
            f" and for an address); try again in {seconds} seconds",
            retry_after_seconds=seconds,
        )


class AuthService:
    def __init__(self, settings: Settings, secret: str, redis_client: redis.Redis, keys: RedisKeys):
        self.settings = settings
        self.secret = secret
        self.redis = redis_client
        self.keys = keys

    async def login(
        self, database: Database, hashing: PasswordHashing, *, email: str, password: str
    ) -> TokenPair:
        """A fresh token pair for valid credentials of an active user.

        Runs on the event loop: the lookup and the issue each hold a pooled connection and
        a thread only briefly, and the password check waits for ``hashing``, holding
        neither while it waits.
        """
        account = await anyio.to_thread.run_sync(self._find_account, database, email)
        password_ok = await hashing.verify(password, account.password_hash if account else None)
        if account is None or not password_ok or not account.is_active:
            raise Unauthorized(BAD_CREDENTIALS)
        return await anyio.to_thread.run_sync(self._issue_for, database, account)

    def _find_account(self, database: Database, email: str) -> _Account | None:
        with database.session() as session:
            user = users_repo.get_by_email(session, email)
            if user is None:
                return None
            return _Account(user.id, user.password_hash, user.is_active)

    def _issue_for(self, database: Database, account: _Account) -> TokenPair:
        with database.session() as session:
            user = users_repo.get_for_share(session, account.user_id)
            if (
                user is None
                or not user.is_active
                or user.password_hash != account.password_hash  # changed meanwhile
            ):
                raise Unauthorized(BAD_CREDENTIALS)
            pair = self.issue(session, user)
            session.commit()
            return pair

    def issue(self, session: Session, user: User, *, login: Login | None = None) -> TokenPair:
        """A new pair for ``user``; a new login unless ``login`` continues one.

        Nothing issued outlives the login: tokens near its end expire with it.
        """
        now = datetime.now(UTC)
        if login is None:
            login = logins_repo.start(session, login_id=new_family_id(), user_id=user.id, now=now)
        if user.role == "student":  # puts the limit back if Redis lost it, within a token's life
            # With Redis down no question is admitted anyway; the next refresh retries.
            with contextlib.suppress(redis.RedisError):
                store_question_limit(self.redis, self.keys, user.id, user.daily_question_limit)
        login_ends = login.started_at + timedelta(days=self.settings.jwt_refresh_token_max_days)
        access_lifetime = min(
            timedelta(seconds=self.settings.access_token_seconds), login_ends - now
        )
        access_token, _ = create_access_token(
            user_id=user.id,
            role=user.role,
            family_id=login.id,
            secret=self.secret,
            lifetime=access_lifetime,
        )
        refresh_token = new_refresh_token()
        tokens_repo.add(
            session,
            RefreshToken(
                user_id=user.id,
                token_hash=hash_refresh_token(refresh_token),
                family_id=login.id,
                expires_at=min(
                    now + timedelta(days=self.settings.jwt_refresh_token_expire_days), login_ends
                ),
            ),
        )
        return TokenPair(
            access_token=access_token,
            refresh_token=refresh_token,
            expires_in=max(1, int(access_lifetime.total_seconds())),
        )

    def refresh(self, session: Session, *, refresh_token: str) -> TokenPair:
        """Rotate: the presented token dies and the next of its login is issued."""
        now = datetime.now(UTC)
        token_hash = hash_refresh_token(refresh_token)
        owner = tokens_repo.login_of(session, token_hash)
        login = logins_repo.get_for_update(session, owner[0]) if owner else None
        stored = tokens_repo.get_by_hash(session, token_hash, for_update=True)
        if login is None or stored is None:
            raise Unauthorized("Invalid refresh token")
        if login.ended_at is not None:
            raise Unauthorized("This login has ended; sign in again")
        if stored.used_at is not None or stored.revoked_at is not None:
            self._end(session, login, now)
            raise RefreshTokenReused("Refresh token already used; this login is revoked")
        max_days = self.settings.jwt_refresh_token_max_days
        if login.started_at + timedelta(days=max_days) <= now:
            self._end(session, login, now)
            raise LoginTooOld(f"This login is older than {max_days} days; sign in again")
        if stored.expires_at <= now:
            raise Unauthorized("Refresh token expired; sign in again")
        user = users_repo.get(session, stored.user_id)
        if user is None or not user.is_active:
            raise Unauthorized("User is inactive or no longer exists")
        stored.used_at = now
        return self.issue(session, user, login=login)

    def logout(self, session: Session, *, refresh_token: str, access: AccessClaims | None) -> None:
        """End the login: its refresh tokens and access tokens stop working."""
        now = datetime.now(UTC)
        owner = tokens_repo.login_of(session, hash_refresh_token(refresh_token))
        login = logins_repo.get_for_update(session, owner[0]) if owner else None
        yours = login is not None and (access is None or login.user_id == access.user_id)
        if login is not None and yours and login.ended_at is None:
            self._end(session, login, now)
        if access is not None:
            revocation.revoke_access_token(self.redis, self.keys, access)

    def end_all_logins(self, session: Session, user_id: int, *, keep: str | None = None) -> None:
        """End every login of the user but ``keep`` (the one making a password change):
        no token of theirs works, including on the chat path, which trusts the token and
        the denylist alone. Flush the user's change first, so a login racing this one
        waits for it (see ``_issue_for``)."""
        now = datetime.now(UTC)
        for login in logins_repo.live_for_update(session, user_id, keep=keep):
            self._end(session, login, now)

    def _end(self, session: Session, login: Login, now: datetime) -> None:
        login.ended_at = now
        tokens_repo.revoke_family(session, login.id, now=now)
        revocation.revoke_family(
            self.redis,
            self.keys,
            login.id,
            access_token_seconds=self.settings.access_token_seconds,
        )
