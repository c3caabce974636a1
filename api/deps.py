"""Dependencies every router uses: the unit of work, Redis, the current user, roles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated

import redis
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.openapi import answers
from api.state import AppState
from bus import revocation
from core.errors import Forbidden, MaiceError, Unauthorized
from core.security import AccessClaims, decode_access_token
from models import User
from models.repositories import users as users_repo


# Dependencies that do no I/O are async: a sync one costs a thread-pool hop per request.
# Whatever reaches the app's connections can meet PostgreSQL or Redis down (503).
@answers(503)
async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.maice
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def get_db_session(state: StateDep) -> Iterator[Session]:
    """The request's unit of work: commits when the route succeeds, else rolls back."""
    with state.database.session() as session:
        try:
            yield session
        except MaiceError as error:
            if error.keep_changes:
                session.commit()
            raise
        session.commit()


# scope="function": commit before the response is sent, so a client that reads
# right after a 201 sees what it created.
SessionDep = Annotated[Session, Depends(get_db_session, scope="function")]


async def get_redis(state: StateDep) -> redis.Redis:
    return state.redis


RedisDep = Annotated[redis.Redis, Depends(get_redis)]

_bearer = HTTPBearer(auto_error=False, description="The access token from /auth/login.")


@answers(401)
async def get_token_claims(
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AccessClaims:
    """A signed, unexpired access token's claims; the denylist is not checked yet."""
    if credentials is None:
        raise Unauthorized("Not authenticated")
    return decode_access_token(credentials.credentials, secret=state.jwt_secret)


TokenClaimsDep = Annotated[AccessClaims, Depends(get_token_claims)]


@answers(401)
def get_access_claims(state: StateDep, claims: TokenClaimsDep) -> AccessClaims:
    if revocation.is_revoked(state.redis, state.keys, claims):
        raise Unauthorized("Token revoked")
    return claims


AccessClaimsDep = Annotated[AccessClaims, Depends(get_access_claims)]


@answers(401)
def get_current_user(request: Request, session: SessionDep, claims: AccessClaimsDep) -> User:
    user = users_repo.get(session, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("User is inactive or no longer exists")
    request.state.user_id = user.id
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: str) -> Callable[[User], Awaitable[User]]:
    """A dependency that lets only users with one of ``roles`` through (403 otherwise)."""

    @answers(403)
    async def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden(f"This needs the role {' or '.join(roles)}")
        return user

    return check


AdminUser = Annotated[User, Depends(require_role("admin"))]
