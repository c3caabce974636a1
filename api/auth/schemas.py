from __future__ import annotations

from typing import Literal

from pydantic import Field

from api.schemas import Email, Output, StrictInput


class LoginRequest(StrictInput):
    email: Email
    password: str = Field(min_length=1, max_length=128)


class RefreshRequest(StrictInput):
    refresh_token: str = Field(min_length=1, max_length=256)


class TokenPair(Output):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class GoogleIdToken(StrictInput):
    """An ID token from Google Sign-In done by the client itself."""

    id_token: str = Field(min_length=1, max_length=8192)
    # Optional: when given, the token's nonce must be this one (and one we issued).
    nonce: str | None = Field(default=None, min_length=1, max_length=256)
