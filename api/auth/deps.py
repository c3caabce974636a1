"""The auth feature's dependency, shared with the routes that end logins (users)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.auth.service import AuthService
from api.deps import StateDep


async def get_auth_service(state: StateDep) -> AuthService:
    return AuthService(state.settings, state.jwt_secret, state.redis, state.keys)


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]
