from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.auth.deps import AuthServiceDep
from api.deps import AccessClaimsDep, AdminUser, CurrentUser, SessionDep, StateDep
from api.openapi import answers
from api.schemas import Id
from api.users.schemas import Role, UserAdminOut, UserCreate, UserOut, UserPage, UserUpdate
from api.users.service import user_service
from bus.quotas import store_question_limit
from models.repositories import users as users_repo

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/", response_model=UserPage)
def list_users(
    session: SessionDep,
    admin: AdminUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    role: Role | None = None,
) -> UserPage:
    """A page of users (admin only), optionally of one role."""
    users, total = users_repo.list_page(session, limit=limit, offset=offset, role=role)
    return UserPage(items=[UserAdminOut.model_validate(user) for user in users], total=total)


@router.post("/", response_model=UserAdminOut, status_code=status.HTTP_201_CREATED)
@answers(409)
def create_user(body: UserCreate, session: SessionDep, admin: AdminUser) -> UserAdminOut:
    """Create a user (admin only); 409 if the e-mail is taken."""
    return UserAdminOut.model_validate(user_service.create(session, body))


@router.get("/{user_id}", response_model=UserAdminOut | UserOut)
def get_user(user_id: Id, session: SessionDep, viewer: CurrentUser) -> UserAdminOut | UserOut:
    """A user: yourself, anyone for an admin (with status, mode and daily question
    limit), or a student of yours for a teacher."""
    user = user_service.get_visible(session, viewer, user_id)
    if viewer.role == "admin":
        return UserAdminOut.model_validate(user)
    return UserOut.model_validate(user)


@router.put("/{user_id}", response_model=UserAdminOut | UserOut)
@answers(403)
def update_user(
    user_id: Id,
    body: UserUpdate,
    session: SessionDep,
    editor: CurrentUser,
    claims: AccessClaimsDep,
    auth: AuthServiceDep,
    state: StateDep,
) -> UserAdminOut | UserOut:
    """Change a user. Non-admins may change only their own name and password.

    Admins also set `mode` (agent | freepass) and `daily_question_limit` (null: the
    default), and get the admin view of the user back.

    Changing your own password needs `current_password` (422 without it, 403 when wrong)
    and signs you out everywhere else; an admin's password reset, or deactivating a user
    (admin only), signs them out everywhere.
    """
    user = user_service.update(
        session,
        editor,
        user_id,
        body,
        logins=auth,
        hashing=state.password_hashing,
        editor_login=claims.family_id or None,
    )
    if "daily_question_limit" in body.model_fields_set:
        store_question_limit(state.redis, state.keys, user.id, user.daily_question_limit)
    if editor.role == "admin":
        return UserAdminOut.model_validate(user)
    return UserOut.model_validate(user)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(
    user_id: Id, session: SessionDep, admin: AdminUser, auth: AuthServiceDep
) -> Response:
    """Delete a user with their sessions and messages (admin only)."""
    user_service.delete(session, user_id, logins=auth)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
