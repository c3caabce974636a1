"""Google sign-in over OpenID Connect: the provider (discovery, keys, authorization URL, code
exchange, ID-token checks) and the user an identity belongs to.

Authlib does the protocol: the authorization URL with PKCE (S256) and nonce, the code
exchange, and the OpenID Connect rules for an ID token's claims; joserfc (Authlib's own
successor for JOSE, its `authlib.jose` being deprecated) checks the signature against the
provider's published keys. What is ours: caching the metadata and keys, refetching the keys
at most once per `KEYS_REFETCH_COOLDOWN_SECONDS` for an unknown key id (so forged kids cannot
turn every request into a fetch from the provider), mapping failures to 4xx/503, and the
rules for linking and creating users.

Nothing here logs the authorization code, a token, the ID token or the PKCE verifier.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx2
import structlog
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import OAuth2ClientAuth
from authlib.oauth2.client import OAuth2Client
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from joserfc.jwk import GuestProtocol, KeySet, RSAKey
from sqlalchemy.orm import Session

from api.auth.google_store import PendingLogin
from core.errors import BadRequest, Conflict, Forbidden, ServiceUnavailable, Unauthorized
from models import User
from models.repositories import users as users_repo

log = structlog.get_logger(__name__)

SCOPE = "openid email profile"
METADATA_TTL_SECONDS = 3600.0
KEYS_TTL_SECONDS = 3600.0
KEYS_REFETCH_COOLDOWN_SECONDS = 10.0
CLOCK_SKEW_SECONDS = 30
HTTP_TIMEOUT = httpx2.Timeout(5.0, connect=2.0)
# Google documents both spellings of its issuer.
_ISSUER_ALIASES = {"https://accounts.google.com": "accounts.google.com"}
_UNAVAILABLE = "Google sign-in is unavailable, try again shortly"
# What a failed claim means to the person reading the 401.
_CLAIM_NAMES = {"aud": "audience", "iss": "issuer", "sub": "subject (sub)", "azp": "audience"}


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class GoogleIdentity:
    subject: str
    email: str | None
    email_verified: bool
    name: str | None
    hosted_domain: str | None
    nonce: str | None

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> GoogleIdentity:
        email, name, hd = claims.get("email"), claims.get("name"), claims.get("hd")
        nonce = claims.get("nonce")
        return cls(
            subject=str(claims["sub"]),
            email=email.strip().lower() if isinstance(email, str) and email.strip() else None,
            email_verified=claims.get("email_verified") in (True, "true"),
            name=name.strip() if isinstance(name, str) and name.strip() else None,
            hosted_domain=hd.lower() if isinstance(hd, str) and hd else None,
            nonce=nonce if isinstance(nonce, str) else None,
        )


class _TokenClient(OAuth2Client):  # type: ignore[misc]  # Authlib has no type hints
    """Authlib's OAuth 2 client over our shared HTTP client (httpx2, which Authlib's
    httpx integration is written for).

    One per request: Authlib's client keeps the last token it fetched on itself, so a
    shared one would let two concurrent sign-ins read each other's token.
    """

    client_auth_class = OAuth2ClientAuth
    oauth_error_class = OAuthError


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
        self._keys = KeySet([])
        self._keys_at: float | None = None
        self._refetched_at: float | None = None
        # One client for the app's life: keep-alive to the provider, TLS set up once.
        self._http = httpx2.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)

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

    def _client(self, redirect_uri: str) -> _TokenClient:
        return _TokenClient(
            self._http,
            client_id=self.client_id,
            client_secret=self.client_secret,
            token_endpoint_auth_method="client_secret_post",
            scope=SCOPE,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
        )

    def authorization_url(self, *, redirect_uri: str, state: str, nonce: str) -> tuple[str, str]:
        """The URL to send the browser to, and the PKCE verifier to redeem its code with."""
        verifier = secrets.token_urlsafe(64)
        url, _ = self._client(redirect_uri).create_authorization_url(
            self.metadata().authorization_endpoint,
            state=state,
            code_verifier=verifier,
            nonce=nonce,
        )
        return url, verifier

    def exchange_code(self, *, code: str, login: PendingLogin) -> tuple[str, str | None]:
        """Redeem an authorization code (with its PKCE verifier): the ID token and, for
        checking the token's ``at_hash``, the access token."""
        endpoint = self.metadata().token_endpoint
        try:
            token = self._client(login.redirect_uri).fetch_token(
                endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=login.verifier,
            )
        except OAuthError as error:
            if error.error == "invalid_grant":
                # A wrong, used or expired code, or a verifier that does not match.
                raise BadRequest("Google rejected the authorization code (invalid_grant)") from None
            log.warning("token endpoint refused us", error=error.error)
            raise ServiceUnavailable(_UNAVAILABLE) from None
        except (httpx2.HTTPError, ValueError) as error:
            log.warning("token endpoint failed", url=endpoint, error=type(error).__name__)
            raise ServiceUnavailable(_UNAVAILABLE) from None
        id_token, access_token = token.get("id_token"), token.get("access_token")
        if not isinstance(id_token, str):
            log.warning("token response without an id_token")
            raise ServiceUnavailable(_UNAVAILABLE)
        return id_token, access_token if isinstance(access_token, str) else None

    def verify_id_token(
        self, id_token: str, *, nonce: str | None = None, access_token: str | None = None
    ) -> GoogleIdentity:
        """Check signature, issuer, audience, expiry, and (when given) nonce and at_hash."""
        issuer = self.metadata().issuer
        try:
            token = jwt.decode(id_token, self._signing_keys, algorithms=["RS256"])
            claims = CodeIDToken(
                token.claims,
                token.header,
                options={
                    "iss": {"essential": True, "values": [issuer, *_aliases(issuer)]},
                    "aud": {"essential": True, "value": self.client_id},
                },
                params={"nonce": nonce, "client_id": self.client_id, "access_token": access_token},
            )
            claims.validate(leeway=CLOCK_SKEW_SECONDS)
        except ExpiredTokenError:
            raise Unauthorized("Google ID token has expired") from None
        except ClaimError as error:
            name = _CLAIM_NAMES.get(error.claim, error.claim)
            raise Unauthorized(f"Invalid Google ID token: wrong or missing {name}") from None
        except (JoseError, ValueError):
            raise Unauthorized("Invalid Google ID token") from None
        return GoogleIdentity.from_claims(dict(claims))

    def _signing_keys(self, token: GuestProtocol) -> KeySet:
        """The cached JWKS, holding the token's key id; an unknown kid re-fetches once."""
        kid = token.headers().get("kid")
        if not isinstance(kid, str):
            raise Unauthorized("Invalid Google ID token: no key id")
        with self._keys_lock:
            now = time.monotonic()
            if self._keys_at is None or now - self._keys_at > KEYS_TTL_SECONDS:
                self._keys, self._keys_at = self._fetch_keys(), now
            elif not _has_kid(self._keys, kid) and (
                self._refetched_at is None
                or now - self._refetched_at >= KEYS_REFETCH_COOLDOWN_SECONDS
            ):
                self._keys, self._keys_at, self._refetched_at = self._fetch_keys(), now, now
            keys = self._keys
        if not _has_kid(keys, kid):
            raise Unauthorized("Google ID token is signed with an unknown key")
        return keys

    def _fetch_keys(self) -> KeySet:
        keys: list[RSAKey] = []
        entries = self._get_json(self.metadata().jwks_uri).get("keys")
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
                continue
            if entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
                continue  # a key type or use we do not verify with
            try:
                keys.append(RSAKey.import_key(entry))
            except (JoseError, ValueError, KeyError, TypeError):
                continue  # a malformed entry
        return KeySet(keys)  # type: ignore[arg-type]

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = self._http.get(url)
        except httpx2.HTTPError as error:
            log.warning("identity provider unreachable", url=url, error=type(error).__name__)
            raise ServiceUnavailable(_UNAVAILABLE) from None
        try:
            document = response.json() if response.status_code == 200 else None
        except ValueError:
            document = None
        if not isinstance(document, dict):
            log.warning("identity provider failed", url=url, status=response.status_code)
            raise ServiceUnavailable(_UNAVAILABLE)
        return document


def _aliases(issuer: str) -> list[str]:
    alias = _ISSUER_ALIASES.get(issuer)
    return [alias] if alias else []


def _has_kid(keys: KeySet, kid: str) -> bool:
    return any(key.kid == kid for key in keys.keys)


def allowed_domains(setting: str) -> set[str]:
    """GOOGLE_ALLOWED_DOMAINS as a set; empty means any domain."""
    return {part.strip().lstrip("@").lower() for part in setting.split(",") if part.strip()}


def in_allowed_domains(identity: GoogleIdentity, domains: set[str]) -> bool:
    """Whether the e-mail's domain and the ``hd`` claim (if any) are allowed."""
    if not domains:
        return True
    email_domain = (identity.email or "").rpartition("@")[2]
    hd_ok = identity.hosted_domain is None or identity.hosted_domain in domains
    return email_domain in domains and hd_ok


def upsert_user(session: Session, identity: GoogleIdentity, *, domains: set[str]) -> User:
    """The MAICE user for a verified Google identity: found, linked by e-mail, or created.

    Linking by e-mail happens only to an active student without a Google account, inside the
    allowed domains: a teacher's or an admin's account is never taken over by whoever
    controls a Google account with the same address (409).
    """
    if identity.email is None or not identity.email_verified:
        raise Forbidden("Google has not verified this account's e-mail address")
    user = users_repo.get_by_google_subject(session, identity.subject)
    if user is not None:
        return _active(user)
    user = users_repo.get_by_email(session, identity.email)
    if user is not None:
        if user.google_subject is not None:
            raise Conflict("This e-mail address is linked to a different Google account")
        if user.role != "student":
            raise Conflict(
                "A teacher or admin account is not linked to Google; sign in with the password"
            )
        if not in_allowed_domains(identity, domains):
            raise Forbidden("Linking with Google is restricted to the allowed domains")
        _active(user)
        user.google_subject = identity.subject
        session.flush()
        log.info("google account linked", user_id=user.id)
        return user
    if not in_allowed_domains(identity, domains):
        raise Forbidden("Sign-up with Google is restricted to the allowed domains")
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
    return user


def _active(user: User) -> User:
    if not user.is_active:
        raise Unauthorized("User is inactive")
    return user
