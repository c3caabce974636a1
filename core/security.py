"""Password hashing, access tokens (JWT) and refresh-token material."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import Unauthorized

JWT_ALGORITHM = "HS256"
_hasher = PasswordHasher()
# Verified against when the user does not exist, so timing does not reveal e-mails.
_DUMMY_HASH = _hasher.hash("maice-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: str
    jti: str
    family_id: str
    expires_at: datetime


def create_access_token(
    *, user_id: int, role: str, family_id: str, secret: str, lifetime: timedelta
) -> tuple[str, AccessClaims]:
    now = datetime.now(UTC)
    claims = AccessClaims(user_id, role, uuid.uuid4().hex, family_id, now + lifetime)
    payload = {
        "sub": str(user_id),
        "role": role,
        "jti": claims.jti,
        "fam": family_id,
        "iat": now,
        "exp": claims.expires_at,
        "type": "access",
    }
    return jwt.encode(payload, secret, algorithm=JWT_ALGORITHM), claims


def decode_access_token(token: str, *, secret: str) -> AccessClaims:
    """The token's claims; Unauthorized when it is malformed, forged or expired."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["sub", "exp", "jti", "role"]},
        )
        if payload.get("type") != "access":
            raise Unauthorized("Not an access token")
        return AccessClaims(
            user_id=int(payload["sub"]),
            role=str(payload["role"]),
            jti=str(payload["jti"]),
            family_id=str(payload.get("fam", "")),
            expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        )
    except jwt.ExpiredSignatureError as error:
        raise Unauthorized("Token expired") from error
    except (jwt.InvalidTokenError, ValueError) as error:
        raise Unauthorized("Invalid token") from error


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    """Refresh tokens are high-entropy, so a plain SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_family_id() -> str:
    return uuid.uuid4().hex
