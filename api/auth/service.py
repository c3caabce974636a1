"""Logins, rotating refresh tokens and logout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import redis
from sqlalchemy.orm import Session

from api.auth.schemas import TokenPair
from bus import revocation
from bus.keys import RedisKeys
from core.errors import Unauthorized
from core.security import (
    AccessClaims,
    create_access_token,
    hash_refresh_token,
    new_family_id,
    new_refresh_token,
    verify_password,
)
from core.settings import Settings
from models import RefreshToken, User
from models.repositories import refresh_tokens as tokens_repo
from models.repositories import users as users_repo


class RefreshTokenReused(Unauthorized):
    """A rotated token came back: its whole family is revoked, and that must stick."""

    keep_changes = True


class AuthService:
    def __init__(self, settings: Settings, secret: str, redis_client: redis.Redis, keys: RedisKeys):
        self.settings = settings
        self.secret = secret
        self.redis = redis_client
        self.keys = keys

    def login(self, session: Session, *, email: str, password: str) -> TokenPair:
        """A fresh token pair for valid credentials of an active user."""
        user = users_repo.get_by_email(session, email)
        password_ok = verify_password(password, user.password_hash if user else None)
        if user is None or not password_ok or not user.is_active:
            raise Unauthorized("Incorrect e-mail or password")
        return self.issue(session, user)

    def issue(self, session: Session, user: User, *, family_id: str | None = None) -> TokenPair:
        """A new pair for ``user``; a new login unless ``family_id`` continues one."""
        family_id = family_id or new_family_id()
        access_token, _ = create_access_token(
            user_id=user.id,
            role=user.role,
            family_id=family_id,
            secret=self.secret,
            lifetime=timedelta(seconds=self.settings.access_token_seconds),
        )
        refresh_token = new_refresh_token()
        tokens_repo.add(
            session,
            RefreshToken(
                user_id=user.id,
                token_hash=hash_refresh_token(refresh_token),
                family_id=family_id,
                expires_at=datetime.now(UTC)
                + timedelta(days=self.settings.jwt_refresh_token_expire_days),
            ),
        )
        return TokenPair(
            access_token=access_token,
            refresh_token=refresh_token,
            expires_in=self.settings.access_token_seconds,
        )

    def refresh(self, session: Session, *, refresh_token: str) -> TokenPair:
        """Rotate: the presented token dies and the next of its family is issued."""
        now = datetime.now(UTC)
        stored = tokens_repo.get_by_hash(
            session, hash_refresh_token(refresh_token), for_update=True
        )
        if stored is None:
            raise Unauthorized("Invalid refresh token")
        if stored.used_at is not None or stored.revoked_at is not None:
            self._revoke_family(session, stored.family_id, now)
            raise RefreshTokenReused("Refresh token already used; this login is revoked")
        if stored.expires_at <= now:
            raise Unauthorized("Refresh token expired")
        user = users_repo.get(session, stored.user_id)
        if user is None or not user.is_active:
            raise Unauthorized("User is inactive or no longer exists")
        stored.used_at = now
        return self.issue(session, user, family_id=stored.family_id)

    def logout(self, session: Session, *, refresh_token: str, access: AccessClaims | None) -> None:
        """End the login: its refresh tokens and access tokens stop working."""
        now = datetime.now(UTC)
        stored = tokens_repo.get_by_hash(session, hash_refresh_token(refresh_token))
        if stored is not None and (access is None or stored.user_id == access.user_id):
            self._revoke_family(session, stored.family_id, now)
        if access is not None:
            revocation.revoke_access_token(self.redis, self.keys, access)

    def end_all_logins(self, session: Session, user_id: int) -> None:
        """Revoke every login of the user (deactivated or deleted): no token of theirs works,
        including on the chat path, which trusts the token and the denylist alone."""
        now = datetime.now(UTC)
        for family_id in tokens_repo.live_families(session, user_id):
            self._revoke_family(session, family_id, now)

    def _revoke_family(self, session: Session, family_id: str, now: datetime) -> None:
        tokens_repo.revoke_family(session, family_id, now=now)
        revocation.revoke_family(
            self.redis,
            self.keys,
            family_id,
            access_token_seconds=self.settings.access_token_seconds,
        )
