"""Google sign-in: the authorization-code flow (PKCE, state, nonce) and ID-token sign-in.

Off (404) while GOOGLE_CLIENT_ID is unset. Answers the same token pair as /auth/login.
The state of a redirect flow is bound to the browser that started it by an HttpOnly,
SameSite=Lax cookie, so a callback URL made in one browser cannot sign in another
(login CSRF).
"""

from __future__ import annotations

import re
import secrets
import threading
from typing import Annotated
from urllib.parse import urlencode

import structlog
from fastapi import APIRouter, Cookie, Depends, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.auth.google_service import (
    GoogleIdentity,
    OpenIDProvider,
    allowed_domains,
    upsert_user,
)
from api.auth.google_store import (
    LOGIN_TTL_SECONDS,
    IssuedNonces,
    PendingLogin,
    PendingLogins,
    StartLimit,
    digest,
    same_digest,
)
from api.auth.schemas import GoogleIdToken, TokenPair
from api.auth.service import AuthService
from api.deps import SessionDep, StateDep
from api.openapi import answers
from api.state import AppState
from core.errors import BadRequest, NotFound, Unauthorized

router = APIRouter(prefix="/google")
log = structlog.get_logger(__name__)

BROWSER_COOKIE = "maice_google_browser"
_BROWSER_VALUE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
_provider_lock = threading.Lock()
# Token responses must not be cached by browsers or proxies (RFC 6749 §5.1).
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_MAX_PARAM = 2048


class IssuedNonce(BaseModel):
    nonce: str
    expires_in: int


@answers(404)
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


def _client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _issue(app: AppState, identity: GoogleIdentity, session: Session) -> TokenPair:
    """Find or make the user of a verified identity and issue a MAICE token pair."""
    domains = allowed_domains(app.settings.google_allowed_domains)
    user = upsert_user(session, identity, domains=domains)
    log.info("google sign-in", user_id=user.id)
    return AuthService(app.settings, app.jwt_secret, app.redis, app.keys).issue(session, user)


@router.get("/login", status_code=302, response_class=RedirectResponse)
@answers(429)
def google_login(
    request: Request,
    app: StateDep,
    provider: ProviderDep,
    browser: Annotated[str | None, Cookie(alias=BROWSER_COOKIE)] = None,
) -> RedirectResponse:
    """Start Google sign-in: redirect to Google with a fresh state, PKCE challenge and nonce.

    The state, verifier and nonce stay in Redis for 10 minutes and are good for one callback
    from this browser (the cookie set here). 429 past a bound on sign-ins started per
    client address a minute.
    """
    StartLimit(app.redis, app.keys).check(_client_address(request))
    if browser is None or not _BROWSER_VALUE.fullmatch(browser):
        browser = secrets.token_urlsafe(32)
    nonce = IssuedNonces(app.redis, app.keys).issue()
    redirect_uri = str(request.url_for("google_callback"))
    state = secrets.token_urlsafe(32)
    url, verifier = provider.authorization_url(redirect_uri=redirect_uri, state=state, nonce=nonce)
    PendingLogins(app.redis, app.keys).save(
        state,
        PendingLogin(
            verifier=verifier, nonce=nonce, redirect_uri=redirect_uri, browser=digest(browser)
        ),
    )
    response = RedirectResponse(url, status_code=302, headers=_NO_STORE)
    response.set_cookie(
        BROWSER_COOKIE,
        browser,
        max_age=LOGIN_TTL_SECONDS,
        path=request.url_for("google_callback").path.rsplit("/", 1)[0],
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )
    return response


@router.get(
    "/callback",
    name="google_callback",
    response_model=TokenPair,
    responses={302: {"description": "To FRONTEND_URL with the token pair in the fragment"}},
)
@answers(400, 401, 403, 409)
def google_callback(
    app: StateDep,
    session: SessionDep,
    provider: ProviderDep,
    code: Annotated[str | None, Query()] = None,
    state: Annotated[str | None, Query()] = None,
    error: Annotated[str | None, Query()] = None,
    browser: Annotated[str | None, Cookie(alias=BROWSER_COOKIE)] = None,
) -> Response:
    """Finish Google sign-in: check the state and browser, redeem the code, verify the ID token.

    Answers the token pair, or when FRONTEND_URL is set redirects there with the pair in
    the URL fragment. 400 for a missing, unknown or used state, a callback in another
    browser than the one that started the sign-in, and for a Google error.
    """
    login = (
        PendingLogins(app.redis, app.keys).pop(state)
        if state and len(state) <= _MAX_PARAM
        else None
    )
    if error is not None:
        raise BadRequest(f"Google sign-in failed: {error[:200]}")
    if login is None:
        raise BadRequest("Missing, unknown or already used state; start the sign-in again")
    if browser is None or not same_digest(browser, login.browser):
        raise BadRequest("This sign-in was started in another browser; start it again in this one")
    if not code or len(code) > _MAX_PARAM:
        raise BadRequest("Missing authorization code")
    id_token, access_token = provider.exchange_code(code=code, login=login)
    identity = provider.verify_id_token(id_token, nonce=login.nonce, access_token=access_token)
    if not IssuedNonces(app.redis, app.keys).spend(login.nonce):
        raise Unauthorized("This Google ID token has been used already")
    pair = _issue(app, identity, session)
    if app.settings.frontend_url:
        fragment = urlencode(pair.model_dump())
        target = f"{app.settings.frontend_url.split('#')[0]}#{fragment}"
        return RedirectResponse(target, status_code=302, headers=_NO_STORE)
    return JSONResponse(pair.model_dump(), headers=_NO_STORE)


@router.post("/nonce", status_code=201, response_model=IssuedNonce)
@answers(429)
def google_nonce(
    request: Request, response: Response, app: StateDep, _: ProviderDep
) -> IssuedNonce:
    """A nonce for a client doing Google Sign-In itself, good for one `POST /auth/google`
    within 10 minutes. 429 past the same bound as `/login`."""
    StartLimit(app.redis, app.keys).check(_client_address(request))
    response.headers.update(_NO_STORE)
    return IssuedNonce(
        nonce=IssuedNonces(app.redis, app.keys).issue(), expires_in=LOGIN_TTL_SECONDS
    )


@router.post("", response_model=TokenPair)
@answers(401, 403, 409)
def google_id_token(
    body: GoogleIdToken,
    response: Response,
    app: StateDep,
    session: SessionDep,
    provider: ProviderDep,
) -> TokenPair:
    """Sign in with an ID token the client got from Google Sign-In itself.

    A token that carries a nonce is accepted only with a nonce we issued (`POST
    /auth/google/nonce`, or a `/login` whose callback has not used it), once: 401 otherwise.
    """
    response.headers.update(_NO_STORE)
    identity = provider.verify_id_token(body.id_token, nonce=body.nonce)
    if identity.nonce is not None and not IssuedNonces(app.redis, app.keys).spend(identity.nonce):
        raise Unauthorized("Google ID token nonce was not issued by us, or was used already")
    return _issue(app, identity, session)
