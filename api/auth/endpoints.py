from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth.deps import AuthServiceDep
from api.auth.google import router as google_router
from api.auth.schemas import LoginRequest, RefreshRequest, TokenPair
from api.auth.service import admit_login_attempt
from api.deps import CurrentUser, SessionDep, StateDep
from api.openapi import answers
from api.users.schemas import UserOut
from core.errors import MaiceError
from core.security import AccessClaims, decode_access_token

router = APIRouter(prefix="/auth", tags=["auth"])


async def get_optional_access_claims(
    state: StateDep,
    credentials: Annotated[
        HTTPAuthorizationCredentials | None, Depends(HTTPBearer(auto_error=False))
    ],
) -> AccessClaims | None:
    if credentials is None:
        return None
    try:
        return decode_access_token(credentials.credentials, secret=state.jwt_secret)
    except MaiceError:
        return None


@router.post("/login", response_model=TokenPair)
@answers(401, 429)
async def login(
    body: LoginRequest, request: Request, state: StateDep, auth: AuthServiceDep
) -> TokenPair:
    """Exchange e-mail and password for an access token and a refresh token.

    At most LOGIN_ATTEMPTS_PER_MINUTE attempts, failed or not, per account and per client
    address in any minute: beyond, 429 with Retry-After. The client address is the
    connection's; uvicorn replaces it with X-Forwarded-For only for proxies listed in
    FORWARDED_ALLOW_IPS (default 127.0.0.1 and ::1). 503 with Retry-After when too many password
    checks are already waiting.
    """
    address = request.client.host if request.client else ""
    await admit_login_attempt(state.login_attempts, email=body.email, address=address)
    return await auth.login(
        state.database, state.password_hashing, email=body.email, password=body.password
    )


@router.post("/refresh", response_model=TokenPair)
@answers(401)
def refresh(body: RefreshRequest, session: SessionDep, auth: AuthServiceDep) -> TokenPair:
    """Rotate a refresh token into a new pair. A token used twice revokes the whole login."""
    return auth.refresh(session, refresh_token=body.refresh_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    body: RefreshRequest,
    session: SessionDep,
    auth: AuthServiceDep,
    access: Annotated[AccessClaims | None, Depends(get_optional_access_claims)],
) -> Response:
    """End this login: the refresh token and the presented access token stop working."""
    auth.logout(session, refresh_token=body.refresh_token, access=access)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    """The signed-in user."""
    return UserOut.model_validate(user)


router.include_router(google_router)
