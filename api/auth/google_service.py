"""Google sign-in over OpenID Connect: the provider's metadata and keys, the pending-login
store, ID-token verification and the user upsert.

Nothing here logs the authorization code, a token, the ID token or the PKCE verifier.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt
import redis
import structlog
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from sqlalchemy.orm import Session

from bus.keys import RedisKeys
from core.errors import BadRequest, Conflict, Forbidden, ServiceUnavailable, Unauthorized
from models import User
from models.repositories import users as users_repo

log = structlog.get_logger(__name__)

SCOPE = "openid email profile"
LOGIN_TTL_SECONDS = 600
METADATA_TTL_SECONDS = 3600.0
KEYS_TTL_SECONDS = 3600.0
# An unknown key id re-fetches the keys at most this often, so forged kids cannot
# turn every request into a fetch from the provider.
KEYS_REFETCH_COOLDOWN_SECONDS = 10.0
CLOCK_SKEW_SECONDS = 30
HTTP_TIMEOUT = httpx.Timeout(5.0, connect=2.0)
# Google documents both spellings of its issuer.
_ISSUER_ALIASES = {"https://accounts.google.com": "accounts.google.com"}
_UNAVAILABLE = "Google sign-in is unavailable, try again shortly"


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class PendingLogin:
    """What the callback needs from the login that started it."""

    verifier: str
    nonce: str
    redirect_uri: str


@dataclass(frozen=True)
class GoogleIdentity:
    subject: str
    email: str | None
    email_verified: bool
    name: str | None
    hosted_domain: str | None

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> GoogleIdentity:
        email, name, hd = claims.get("email"), claims.get("name"), claims.get("hd")
        return cls(
            subject=str(claims["sub"]),
            email=email.strip().lower() if isinstance(email, str) and email.strip() else None,
            email_verified=claims.get("email_verified") in (True, "true"),
            name=name.strip() if isinstance(name, str) and name.strip() else None,
            hosted_domain=hd.lower() if isinstance(hd, str) and hd else None,
        )


def new_pkce_pair() -> tuple[str, str]:
    """A PKCE verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(64)
    return verifier, create_s256_code_challenge(verifier)


class PendingLogins:
    """Logins between /login and /callback, in Redis: short-lived and single use."""

    def __init__(self, client: redis.Redis, keys: RedisKeys) -> None:
        self.client = client
        self.prefix = f"{keys.prefix}oauth:google:state:"

    def save(self, login: PendingLogin) -> str:
        """Store ``login`` under a new random state and return the state."""
        state = secrets.token_urlsafe(32)
        self.client.set(self.prefix + state, json.dumps(asdict(login)), ex=LOGIN_TTL_SECONDS)
        return state

    def pop(self, state: str) -> PendingLogin | None:
        """The login for ``state``, removed so it cannot be used again; None if unknown."""
        raw = self.client.getdel(self.prefix + state)
        if raw is None:
            return None
        return PendingLogin(**json.loads(raw))


class OpenIDProvider:
    """One provider's metadata and signing keys (cached), its token endpoint, its ID tokens."""

    def __init__(self, discovery_url: str, client_id: str, client_secret: str | None) -> None:
        self.discovery_url = discovery_url
        self.client_id = client_id
        self.client_secret = client_secret
        self._metadata_lock = threading.Lock()
        self._metadata: ProviderMetadata | None = None
        self._metadata_at = 0.0
        self._keys_lock = threading.Lock()
        self._keys: dict[str, jwt.PyJWK] = {}
        self._keys_at: float | None = None
        self._refetched_at: float | None = None
        # One client for the app's life: keep-alive to the provider, TLS set up once.
        self._http = httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    def metadata(self) -> ProviderMetadata:
        """The discovery document, fetched at most once an hour."""
        with self._metadata_lock:
            if (
                self._metadata is None
                or time.monotonic() - self._metadata_at > METADATA_TTL_SECONDS
            ):
                document = self._get_json(self.discovery_url)
                fields = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
                if not all(isinstance(document.get(name), str) for name in fields):
                    log.warning("discovery document incomplete", url=self.discovery_url)
                    raise ServiceUnavailable(_UNAVAILABLE)
                self._metadata = ProviderMetadata(**{name: document[name] for name in fields})
                self._metadata_at = time.monotonic()
            return self._metadata

    def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_challenge: str
    ) -> str:
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "scope": SCOPE,
            "state": state,
            "nonce": nonce,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        endpoint = self.metadata().authorization_endpoint
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"

    def exchange_code(self, *, code: str, login: PendingLogin) -> str:
        """Redeem an authorization code (with its PKCE verifier) for the ID token."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": login.redirect_uri,
            "client_id": self.client_id,
            "client_secret": self.client_secret or "",
            "code_verifier": login.verifier,
        }
        response = self._request("POST", self.metadata().token_endpoint, data=form)
        if response.status_code == 400 and _oauth_error(response) == "invalid_grant":
            # A wrong, used or expired code, or a verifier that does not match the challenge.
            raise BadRequest("Google rejected the authorization code (invalid_grant)")
        id_token = self._json(response).get("id_token")
        if not isinstance(id_token, str):
            log.warning("token response without an id_token")
            raise ServiceUnavailable(_UNAVAILABLE)
        return id_token

    def verify_id_token(self, id_token: str, *, nonce: str | None = None) -> GoogleIdentity:
        """Check signature, issuer, audience, expiry and (when given) the nonce."""
        issuer = self.metadata().issuer
        try:
            kid = jwt.get_unverified_header(id_token).get("kid")
        except jwt.InvalidTokenError:
            raise Unauthorized("Invalid Google ID token") from None
        if not isinstance(kid, str):
            raise Unauthorized("Invalid Google ID token: no key id")
        try:
            claims = jwt.decode(
                id_token,
                self._signing_key(kid),
                algorithms=["RS256"],
                audience=self.client_id,
                issuer=[issuer, *filter(None, [_ISSUER_ALIASES.get(issuer)])],
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("Google ID token has expired") from None
        except jwt.InvalidTokenError as error:
            raise Unauthorized(f"Invalid Google ID token: {error}") from None
        if nonce is not None and not _same(claims.get("nonce"), nonce):
            raise Unauthorized("Google ID token nonce does not match this sign-in")
        return GoogleIdentity.from_claims(claims)

    def _signing_key(self, kid: str) -> jwt.PyJWK:
        """The key ``kid`` from the cached JWKS; an unknown kid re-fetches once."""
        with self._keys_lock:
            now = time.monotonic()
            if self._keys_at is None or now - self._keys_at > KEYS_TTL_SECONDS:
                self._keys, self._keys_at = self._fetch_keys(), now
            elif kid not in self._keys and (
                self._refetched_at is None
                or now - self._refetched_at >= KEYS_REFETCH_COOLDOWN_SECONDS
            ):
                self._keys, self._keys_at, self._refetched_at = self._fetch_keys(), now, now
            key = self._keys.get(kid)
        if key is None:
            raise Unauthorized("Google ID token is signed with an unknown key")
        return key

    def _fetch_keys(self) -> dict[str, jwt.PyJWK]:
        keys: dict[str, jwt.PyJWK] = {}
        entries = self._get_json(self.metadata().jwks_uri).get("keys")
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
                continue
            try:
                keys[entry["kid"]] = jwt.PyJWK(entry)
            except (jwt.PyJWTError, ValueError, KeyError, TypeError):
                continue  # a key type or algorithm we do not use, or a malformed entry
        return keys

    def _get_json(self, url: str) -> dict[str, Any]:
        return self._json(self._request("GET", url))

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            log.warning("identity provider unreachable", url=url, error=type(error).__name__)
            raise ServiceUnavailable(_UNAVAILABLE) from None

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        url = str(response.request.url.copy_with(query=None))
        try:
            document = response.json() if response.status_code == 200 else None
        except ValueError:
            document = None
        if not isinstance(document, dict):
            log.warning("identity provider failed", url=url, status=response.status_code)
            raise ServiceUnavailable(_UNAVAILABLE)
        return document


def _oauth_error(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) else None


def _same(claim: object, expected: str) -> bool:
    return isinstance(claim, str) and hmac.compare_digest(claim.encode(), expected.encode())


def allowed_domains(setting: str) -> set[str]:
    """GOOGLE_ALLOWED_DOMAINS as a set; empty means any domain."""
    return {part.strip().lstrip("@").lower() for part in setting.split(",") if part.strip()}


def may_sign_up(identity: GoogleIdentity, domains: set[str]) -> bool:
    """Whether a new account may be made: e-mail domain and ``hd`` (if any) allowed."""
    if not domains:
        return True
    email_domain = (identity.email or "").rpartition("@")[2]
    hd_ok = identity.hosted_domain is None or identity.hosted_domain in domains
    return email_domain in domains and hd_ok


def upsert_user(session: Session, identity: GoogleIdentity, *, domains: set[str]) -> User:
    """The MAICE user for a verified Google identity: found, linked by e-mail, or created."""
    if identity.email is None or not identity.email_verified:
        raise Forbidden("Google has not verified this account's e-mail address")
    user = users_repo.get_by_google_subject(session, identity.subject)
    if user is None:
        user = users_repo.get_by_email(session, identity.email)
        if user is not None and user.google_subject is not None:
            raise Conflict("This e-mail address is linked to a different Google account")
        if user is not None:
            user.google_subject = identity.subject
            session.flush()
            log.info("google account linked", user_id=user.id)
        elif not may_sign_up(identity, domains):
            raise Forbidden("Sign-up with Google is restricted to the allowed domains")
        else:
            user = users_repo.add(
                session,
                User(
                    email=identity.email,
                    name=(identity.name or identity.email)[:100],
                    role="student",
                    password_hash=None,
                    google_subject=identity.subject,
                    is_active=True,
                ),
            )
            log.info("google user created", user_id=user.id)
    if not user.is_active:
        raise Unauthorized("User is inactive")
    return user
