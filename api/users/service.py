"""Users: who may see and change whom."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.auth.hashing import PasswordHashing
from api.auth.service import AuthService
from api.users.schemas import UserCreate, UserUpdate
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.security import hash_password
from models import User
from models.repositories import classrooms as classrooms_repo
from models.repositories import users as users_repo


class UserService:
    def create(self, session: Session, new_user: UserCreate) -> User:
        if users_repo.get_by_email(session, new_user.email) is not None:
            raise Conflict("A user with this e-mail already exists")
        return users_repo.add(
            session,
            User(
                email=new_user.email,
                name=new_user.name,
                role=new_user.role,
                password_hash=hash_password(new_user.password),
                is_active=True,
            ),
        )

    def can_view(self, session: Session, viewer: User, user: User) -> bool:
        """Self, an admin, or a teacher of that student."""
        if viewer.id == user.id or viewer.role == "admin":
            return True
        return viewer.role == "teacher" and classrooms_repo.teacher_has_student(
            session, teacher_id=viewer.id, student_id=user.id
        )

    def get_visible(self, session: Session, viewer: User, user_id: int) -> User:
        user = users_repo.get(session, user_id)
        if user is None or not self.can_view(session, viewer, user):
            raise NotFound("User not found")
        return user

    def update(
        self,
        session: Session,
        editor: User,
        user_id: int,
        changes: UserUpdate,
        *,
        logins: AuthService,
        hashing: PasswordHashing,
        editor_login: str | None,
    ) -> User:
        """Admins change anything; others only their own name and password.

        Changing one's own password needs the current one (422 without it, 403 when
        wrong) and ends every other login of the user (``editor_login`` stays); an
        admin's reset of someone else's password, or a deactivation, ends all of them.
        A non-admin gets 403 for any id but their own, whether it exists or not, so the
        answer reveals nothing. Runs in a worker thread (a sync route): the password
        work goes through ``hashing``.
        """
        if editor.role != "admin":
            if user_id != editor.id:
                raise Forbidden("Only an admin can change another user")
            if changes.role is not None or changes.is_active is not None:
                raise Forbidden("Only an admin can change roles or deactivate users")
            if changes.mode is not None or "daily_question_limit" in changes.model_fields_set:
                raise Forbidden("Only an admin can change a mode or a daily question limit")
        user = self.get_visible(session, editor, user_id)
        own = user.id == editor.id
        new_password_hash = None
        if changes.password is not None:
            if own:
                if changes.current_password is None:
                    raise InvalidInput("current_password is required to change your password")
                if not hashing.verify_from_thread(changes.current_password, user.password_hash):
                    raise Forbidden("The current password is incorrect")
            new_password_hash = hashing.hash_from_thread(changes.password)
        deactivated = user.is_active and changes.is_active is False
        if changes.name is not None:
            user.name = changes.name
        if changes.role is not None:
            user.role = changes.role
        if changes.is_active is not None:
            user.is_active = changes.is_active
        if changes.mode is not None:
            user.mode = changes.mode
        if "daily_question_limit" in changes.model_fields_set:
            user.daily_question_limit = changes.daily_question_limit
        if new_password_hash is not None:
            user.password_hash = new_password_hash
        # The user's row is locked from here: a login issued meanwhile waits, then is ended.
        session.flush()
        if new_password_hash is not None or deactivated:
            keep = editor_login if own and not deactivated else None
            logins.end_all_logins(session, user.id, keep=keep)
        return user

    def delete(self, session: Session, user_id: int, *, logins: AuthService) -> None:
        user = users_repo.get(session, user_id)
        if user is None:
            raise NotFound("User not found")
        logins.end_all_logins(session, user.id)
        users_repo.delete(session, user)


user_service = UserService()
