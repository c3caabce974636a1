"""Google sign-in: the authorization-code flow (PKCE, state, nonce) and ID-token sign-in.

Off (404) while GOOGLE_CLIENT_ID is unset. Answers the same token pair as /auth/login.
"""

from __future__ import annotations

import secrets
import threading
from typing import Annotated
from urllib.parse import urlencode

import structlog
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.orm import Session

from api.auth.google_service import (
    OpenIDProvider,
    PendingLogin,
    PendingLogins,
    allowed_domains,
    new_pkce_pair,
    upsert_user,
)
from api.auth.schemas import GoogleIdToken, TokenPair
from api.auth.service import AuthService
from api.deps import SessionDep, StateDep
from api.state import AppState
from core.errors import BadRequest, NotFound

router = APIRouter(prefix="/google")
log = structlog.get_logger(__name__)

_provider_lock = threading.Lock()
# Token responses must not be cached by browsers or proxies (RFC 6749 §5.1).
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_MAX_PARAM = 2048


def get_provider(request: Request, state: StateDep) -> OpenIDProvider:
    """The app's provider (metadata and keys cached on it); 404 when Google is off."""
    settings = state.settings
    if not settings.google_client_id:
        raise NotFound("Google sign-in is not enabled")
    with _provider_lock:
        provider: OpenIDProvider | None = getattr(request.app.state, "google_provider", None)
        if provider is None:
            provider = OpenIDProvider(
                settings.google_discovery_url,
                settings.google_client_id,
                settings.google_client_secret,
            )
            request.app.state.google_provider = provider
    return provider


ProviderDep = Annotated[OpenIDProvider, Depends(get_provider)]


def _sign_in(
    app: AppState, session: Session, provider: OpenIDProvider, id_token: str, nonce: str | None
) -> TokenPair:
    """Verify the ID token, find or make the user, and issue a MAICE token pair."""
    identity = provider.verify_id_token(id_token, nonce=nonce)
    domains = allowed_domains(app.settings.google_allowed_domains)
    user = upsert_user(session, identity, domains=domains)
    log.info("google sign-in", user_id=user.id)
    return AuthService(app.settings, app.jwt_secret, app.redis, app.keys).issue(session, user)


@router.get("/login", status_code=302, response_class=RedirectResponse)
def google_login(request: Request, app: StateDep, provider: ProviderDep) -> RedirectResponse:
    """Start Google sign-in: redirect to Google with a fresh state, PKCE challenge and nonce.

    The state, verifier and nonce stay in Redis for 10 minutes and are good for one callback.
    """
    verifier, challenge = new_pkce_pair()
    nonce = secrets.token_urlsafe(32)
    redirect_uri = str(request.url_for("google_callback"))
    state = PendingLogins(app.redis, app.keys).save(
        PendingLogin(verifier=verifier, nonce=nonce, redirect_uri=redirect_uri)
    )
    url = provider.authorization_url(
        redirect_uri=redirect_uri, state=state, nonce=nonce, code_challenge=challenge
    )
    return RedirectResponse(url, status_code=302, headers=_NO_STORE)


@router.get(
    "/callback",
    name="google_callback",
    response_model=TokenPair,
    responses={302: {"description": "To FRONTEND_URL with the token pair in the fragment"}},
)
def google_callback(
    app: StateDep,
    session: SessionDep,
    provider: ProviderDep,
    code: Annotated[str | None, Query()] = None,
    state: Annotated[str | None, Query()] = None,
    error: Annotated[str | None, Query()] = None,
) -> Response:
    """Finish Google sign-in: check the state, redeem the code, verify the ID token.

    Answers the token pair, or when FRONTEND_URL is set redirects there with the pair in
    the URL fragment. 400 for a missing, unknown or used state and for a Google error.
    """
    pending = PendingLogins(app.redis, app.keys)
    login = pending.pop(state) if state and len(state) <= _MAX_PARAM else None
    if error is not None:
        raise BadRequest(f"Google sign-in failed: {error[:200]}")
    if login is None:
        raise BadRequest("Missing, unknown or already used state; start the sign-in again")
    if not code or len(code) > _MAX_PARAM:
        raise BadRequest("Missing authorization code")
    id_token = provider.exchange_code(code=code, login=login)
    pair = _sign_in(app, session, provider, id_token, login.nonce)
    if app.settings.frontend_url:
        fragment = urlencode(pair.model_dump())
        target = f"{app.settings.frontend_url.split('#')[0]}#{fragment}"
        return RedirectResponse(target, status_code=302, headers=_NO_STORE)
    return JSONResponse(pair.model_dump(), headers=_NO_STORE)


@router.post("", response_model=TokenPair)
def google_id_token(
    body: GoogleIdToken,
    response: Response,
    app: StateDep,
    session: SessionDep,
    provider: ProviderDep,
) -> TokenPair:
    """Sign in with an ID token the client got from Google Sign-In itself."""
    response.headers.update(_NO_STORE)
    return _sign_in(app, session, provider, body.id_token, body.nonce)
