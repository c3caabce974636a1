"""A small OpenID Connect provider for tests, served over real HTTP on loopback.

It publishes a discovery document and a JWKS, runs an authorization endpoint that
redirects back with a code, and a token endpoint that checks the client secret and
the PKCE verifier (S256) before it mints an RS256 ID token. Tests steer it through
attributes: the user's claims, claim overrides, which key signs, which keys are
published, and an error to answer the authorization request with.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse

from tests.fakes.loopback import serving

CLIENT_ID = "maice-test-client.apps.example"
CLIENT_SECRET = "fake-client-secret"


@cache
def rsa_key(name: str) -> rsa.RSAPrivateKey:
    """One RSA key per name, made once per test run."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str | None


class FakeOIDC:
    def __init__(self) -> None:
        self.url = ""
        self.reset()

    def reset(self) -> None:
        """Back to the default user, keys and behaviour, with nothing recorded."""
        self.user: dict[str, Any] = {
            "sub": "google-sub-1",
            "email": "ada@school.example",
            "email_verified": True,
            "name": "Ada Lovelace",
        }
        # Merged into every minted ID token; a value of None removes the claim.
        self.overrides: dict[str, Any] = {}
        self.signing_kid = "key-1"
        self.published_kids = ["key-1"]
        self.authorize_error: str | None = None
        self.jwks_requests = 0
        self.token_errors: list[str] = []
        # Every ID token the token endpoint handed out, newest last.
        self.issued_id_tokens: list[str] = []
        self._grants: dict[str, Grant] = {}

    @property
    def issuer(self) -> str:
        return self.url

    def mint(self, **overrides: Any) -> str:
        """An ID token for ``self.user``, signed by ``self.signing_kid``."""
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 3600,
            **self.user,
            **self.overrides,
            **overrides,
        }
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(
            claims, rsa_key(self.signing_kid), algorithm="RS256", headers={"kid": self.signing_kid}
        )

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        def discovery() -> dict[str, Any]:
            return {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "code_challenge_methods_supported": ["S256"],
            }

        @app.get("/jwks")
        def jwks() -> dict[str, Any]:
            self.jwks_requests += 1
            keys = []
            for kid in self.published_kids:
                jwk = jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key(kid).public_key(), as_dict=True)
                keys.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
            return {"keys": keys}

        @app.get("/authorize")
        def authorize(
            client_id: str,
            redirect_uri: str,
            state: str,
            code_challenge: str,
            response_type: str = Query(),
            code_challenge_method: str = Query(),
            scope: str = Query(),
            nonce: str | None = None,
        ) -> RedirectResponse:
            assert response_type == "code"
            assert code_challenge_method == "S256"
            assert set(scope.split()) >= {"openid", "email"}
            if self.authorize_error:
                query = {"error": self.authorize_error, "state": state}
                return RedirectResponse(f"{redirect_uri}?{urlencode(query)}", status_code=302)
            code = secrets.token_urlsafe(16)
            self._grants[code] = Grant(client_id, redirect_uri, code_challenge, nonce)
            query = {"code": code, "state": state}
            return RedirectResponse(f"{redirect_uri}?{urlencode(query)}", status_code=302)

        @app.post("/token")
        async def token(request: Request) -> JSONResponse:
            # Parsed by hand: FastAPI's Form() needs python-multipart, which MAICE does not use.
            form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
            grant_type, code = form.get("grant_type"), form.get("code", "")
            redirect_uri, code_verifier = form.get("redirect_uri"), form.get("code_verifier", "")
            client_id, client_secret = form.get("client_id"), form.get("client_secret")
            if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
                return self._token_error(401, "invalid_client")
            grant = self._grants.pop(code, None)
            if grant_type != "authorization_code" or grant is None:
                return self._token_error(400, "invalid_grant", "unknown or used code")
            if grant.redirect_uri != redirect_uri:
                return self._token_error(400, "invalid_grant", "redirect_uri mismatch")
            digest = hashlib.sha256(code_verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.code_challenge:
                return self._token_error(400, "invalid_grant", "code_verifier mismatch")
            id_token = self.mint(nonce=self.overrides.get("nonce", grant.nonce))
            self.issued_id_tokens.append(id_token)
            body = {"access_token": "fake", "token_type": "Bearer", "id_token": id_token}
            return JSONResponse(body)

        return app

    def _token_error(self, status: int, error: str, reason: str = "") -> JSONResponse:
        self.token_errors.append(reason or error)
        return JSONResponse({"error": error, "error_description": reason}, status_code=status)


@contextmanager
def running_fake_oidc() -> Iterator[FakeOIDC]:
    """Serve a FakeOIDC on a free loopback port for the duration of the block."""
    provider = FakeOIDC()
    with serving(provider.app()) as url:
        provider.url = url
        yield provider
