from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth.deps import AuthServiceDep
from api.auth.google import router as google_router
from api.auth.schemas import LoginRequest, RefreshRequest, TokenPair
from api.deps import CurrentUser, SessionDep, StateDep
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
def login(body: LoginRequest, session: SessionDep, auth: AuthServiceDep) -> TokenPair:
    """Exchange e-mail and password for an access token and a refresh token."""
    return auth.login(session, email=body.email, password=body.password)


@router.post("/refresh", response_model=TokenPair)
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
