"""Users: who may see and change whom."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.auth.service import AuthService
from api.users.schemas import UserCreate, UserUpdate
from core.errors import Conflict, Forbidden, NotFound
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
    ) -> User:
        """Admins change anything; others only their own name and password.
        Deactivating a user ends all their logins.

        A non-admin gets 403 for any id but their own, whether it exists or not,
        so the answer reveals nothing.
        """
        if editor.role != "admin":
            if user_id != editor.id:
                raise Forbidden("Only an admin can change another user")
            if changes.role is not None or changes.is_active is not None:
                raise Forbidden("Only an admin can change roles or deactivate users")
        user = self.get_visible(session, editor, user_id)
        if changes.name is not None:
            user.name = changes.name
        if changes.role is not None:
            user.role = changes.role
        if changes.is_active is not None:
            if user.is_active and not changes.is_active:
                logins.end_all_logins(session, user.id)
            user.is_active = changes.is_active
        if changes.password is not None:
            user.password_hash = hash_password(changes.password)
        session.flush()
        return user

    def delete(self, session: Session, user_id: int, *, logins: AuthService) -> None:
        user = users_repo.get(session, user_id)
        if user is None:
            raise NotFound("User not found")
        logins.end_all_logins(session, user.id)
        users_repo.delete(session, user)


user_service = UserService()
