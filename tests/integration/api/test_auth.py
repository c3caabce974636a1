from __future__ import annotations

import base64
import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import delete, update

from core.security import create_access_token
from core.settings import get_settings
from models import User
from tests.support.factories import PASSWORD, auth_headers, create_user, login

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def access_token_for(user: User, *, secret: str | None = None, lifetime: timedelta) -> str:
    token, _ = create_access_token(
        user_id=user.id,
        role=user.role,
        family_id=uuid.uuid4().hex,
        secret=secret or str(get_settings().jwt_secret_key),
        lifetime=lifetime,
    )
    return token


def assert_unauthorized(response: Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["detail"]


def set_active(client: TestClient, user: User, active: bool) -> None:
    with client.app.state.maice.database.session() as session:  # type: ignore[attr-defined]
        session.execute(update(User).where(User.id == user.id).values(is_active=active))
        session.commit()


class TestLogin:
    def test_good_credentials_give_a_token_pair(self, client: TestClient) -> None:
        user = create_user()
        tokens = login(client, user)
        assert tokens["token_type"] == "bearer"
        assert tokens["expires_in"] == 30 * 60
        assert tokens["access_token"]
        assert tokens["refresh_token"]
        me = client.get(ME, headers=bearer(tokens["access_token"]))
        assert me.status_code == 200
        assert me.json()["email"] == user.email
        assert set(me.json()) >= {"id", "email", "name", "role", "created_at"}

    def test_email_is_matched_case_insensitively(self, client: TestClient) -> None:
        user = create_user()
        response = client.post(LOGIN, json={"email": user.email.upper(), "password": PASSWORD})
        assert response.status_code == 200, response.text

    def test_wrong_password_is_401(self, client: TestClient) -> None:
        user = create_user()
        response = client.post(LOGIN, json={"email": user.email, "password": "wrong-password"})
        assert_unauthorized(response)
        assert response.headers["WWW-Authenticate"] == "Bearer"

    def test_unknown_email_is_401_with_the_same_message_as_a_wrong_password(
        self, client: TestClient
    ) -> None:
        user = create_user()
        wrong_password = client.post(LOGIN, json={"email": user.email, "password": "nope-nope"})
        unknown = client.post(LOGIN, json={"email": "nobody@example.com", "password": PASSWORD})
        assert_unauthorized(unknown)
        assert unknown.json() == wrong_password.json()

    def test_inactive_user_cannot_log_in(self, client: TestClient) -> None:
        user = create_user()
        set_active(client, user, False)
        assert_unauthorized(client.post(LOGIN, json={"email": user.email, "password": PASSWORD}))


class TestRefresh:
    def test_refresh_rotates_the_pair_and_kills_the_old_token(self, client: TestClient) -> None:
        user = create_user()
        first = login(client, user)
        second = client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
        assert second.status_code == 200, second.text
        pair = second.json()
        assert pair["token_type"] == "bearer"
        assert pair["refresh_token"] != first["refresh_token"]
        assert pair["access_token"] != first["access_token"]
        assert client.get(ME, headers=bearer(pair["access_token"])).status_code == 200
        # The new refresh token works once more ...
        third = client.post(REFRESH, json={"refresh_token": pair["refresh_token"]})
        assert third.status_code == 200, third.text
        assert client.get(ME, headers=bearer(third.json()["access_token"])).status_code == 200

    def test_reused_refresh_token_revokes_the_whole_login(self, client: TestClient) -> None:
        user = create_user()
        first = login(client, user)
        second = client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
        assert second.status_code == 200
        replay = client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
        assert_unauthorized(replay)
        newest = client.post(REFRESH, json={"refresh_token": second.json()["refresh_token"]})
        assert_unauthorized(newest)
        assert_unauthorized(client.get(ME, headers=bearer(second.json()["access_token"])))

    def test_reuse_revokes_only_that_login_not_the_users_other_logins(
        self, client: TestClient
    ) -> None:
        user = create_user()
        stolen = login(client, user)
        other_device = login(client, user)
        assert (
            client.post(REFRESH, json={"refresh_token": stolen["refresh_token"]}).status_code == 200
        )
        assert_unauthorized(client.post(REFRESH, json={"refresh_token": stolen["refresh_token"]}))
        assert client.get(ME, headers=bearer(other_device["access_token"])).status_code == 200
        still = client.post(REFRESH, json={"refresh_token": other_device["refresh_token"]})
        assert still.status_code == 200, still.text

    def test_unknown_refresh_token_is_401(self, client: TestClient) -> None:
        assert_unauthorized(client.post(REFRESH, json={"refresh_token": "not-a-real-token"}))

    def test_refresh_for_a_deactivated_user_is_401(self, client: TestClient) -> None:
        user = create_user()
        tokens = login(client, user)
        set_active(client, user, False)
        assert_unauthorized(client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]}))


class TestLogout:
    def test_logout_kills_the_refresh_token_and_the_access_token(self, client: TestClient) -> None:
        user = create_user()
        tokens = login(client, user)
        headers = bearer(tokens["access_token"])
        response = client.post(
            LOGOUT, json={"refresh_token": tokens["refresh_token"]}, headers=headers
        )
        assert response.status_code == 204
        assert response.content == b""
        assert_unauthorized(client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]}))
        assert_unauthorized(client.get(ME, headers=headers))

    def test_logout_ends_only_that_login(self, client: TestClient) -> None:
        user = create_user()
        leaving = login(client, user)
        staying = login(client, user)
        response = client.post(
            LOGOUT,
            json={"refresh_token": leaving["refresh_token"]},
            headers=bearer(leaving["access_token"]),
        )
        assert response.status_code == 204
        assert client.get(ME, headers=bearer(staying["access_token"])).status_code == 200

    def test_logout_without_an_access_token_still_kills_the_refresh_token(
        self, client: TestClient
    ) -> None:
        user = create_user()
        tokens = login(client, user)
        response = client.post(LOGOUT, json={"refresh_token": tokens["refresh_token"]})
        assert response.status_code == 204
        assert_unauthorized(client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]}))
        # The whole login is over, its access tokens included.
        assert_unauthorized(client.get(ME, headers=bearer(tokens["access_token"])))

    def test_someone_elses_access_token_cannot_log_out_your_refresh_token(
        self, client: TestClient
    ) -> None:
        victim, attacker = create_user(), create_user()
        victim_tokens = login(client, victim)
        response = client.post(
            LOGOUT,
            json={"refresh_token": victim_tokens["refresh_token"]},
            headers=auth_headers(client, attacker),
        )
        assert response.status_code == 204
        assert client.get(ME, headers=bearer(victim_tokens["access_token"])).status_code == 200
        refreshed = client.post(REFRESH, json={"refresh_token": victim_tokens["refresh_token"]})
        assert refreshed.status_code == 200, refreshed.text


class TestAccessToken:
    def test_missing_token_is_401(self, client: TestClient) -> None:
        response = client.get(ME)
        assert_unauthorized(response)
        assert response.headers["WWW-Authenticate"] == "Bearer"

    def test_expired_token_is_401(self, client: TestClient) -> None:
        user = create_user()
        token = access_token_for(user, lifetime=timedelta(minutes=-1))
        assert_unauthorized(client.get(ME, headers=bearer(token)))

    def test_token_signed_with_another_secret_is_401(self, client: TestClient) -> None:
        user = create_user()
        token = access_token_for(
            user, secret="forged-" + uuid.uuid4().hex, lifetime=timedelta(minutes=5)
        )
        assert_unauthorized(client.get(ME, headers=bearer(token)))

    def test_a_valid_token_made_with_the_runs_secret_is_accepted(self, client: TestClient) -> None:
        # The control for the two tests above: only the expiry or the secret differs.
        user = create_user()
        token = access_token_for(user, lifetime=timedelta(minutes=5))
        assert client.get(ME, headers=bearer(token)).status_code == 200

    def test_garbage_token_is_401(self, client: TestClient) -> None:
        assert_unauthorized(client.get(ME, headers=bearer("not.a.jwt")))
        assert_unauthorized(client.get(ME, headers=bearer("x" * 5000)))

    def test_deleted_users_token_is_401(self, client: TestClient) -> None:
        user = create_user()
        headers = auth_headers(client, user)
        with client.app.state.maice.database.session() as session:  # type: ignore[attr-defined]
            session.execute(delete(User).where(User.id == user.id))
            session.commit()
        assert_unauthorized(client.get(ME, headers=headers))

    def test_deactivated_users_token_is_401(self, client: TestClient) -> None:
        user = create_user()
        headers = auth_headers(client, user)
        set_active(client, user, False)
        assert_unauthorized(client.get(ME, headers=headers))

    def test_basic_authorization_is_401(self, client: TestClient) -> None:
        user = create_user()
        basic = base64.b64encode(f"{user.email}:{PASSWORD}".encode()).decode()
        assert_unauthorized(client.get(ME, headers={"Authorization": f"Basic {basic}"}))

    def test_refresh_token_is_not_an_access_token(self, client: TestClient) -> None:
        user = create_user()
        tokens = login(client, user)
        assert_unauthorized(client.get(ME, headers=bearer(tokens["refresh_token"])))


class TestRoles:
    def test_student_on_admin_route_is_403(self, client: TestClient) -> None:
        student = create_user("student")
        response = client.get("/api/v1/users/", headers=auth_headers(client, student))
        assert response.status_code == 403
