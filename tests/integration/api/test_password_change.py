"""A password change needs the current password and ends every other login of that user."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from models import User
from tests.support.factories import PASSWORD, create_user, login

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
ME = "/api/v1/auth/me"
NEW_PASSWORD = "a-brand-new-password"


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def change(client: TestClient, user: User, tokens: dict[str, Any], **body: str) -> Any:
    return client.put(f"/api/v1/users/{user.id}", json=body, headers=bearer(tokens))


def works(client: TestClient, tokens: dict[str, Any]) -> bool:
    """Whether the login is alive: its access token answers and its refresh token rotates."""
    if client.get(ME, headers=bearer(tokens)).status_code != 200:
        return False
    rotated = client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
    if rotated.status_code != 200:
        return False
    tokens.update(rotated.json())
    return True


def access_works(client: TestClient, tokens: dict[str, Any]) -> bool:
    return client.get(ME, headers=bearer(tokens)).status_code == 200


def refresh_works(client: TestClient, tokens: dict[str, Any]) -> bool:
    return client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]}).status_code == 200


class TestOwnPasswordChange:
    def test_without_current_password_is_422_and_changes_nothing(self, client: TestClient) -> None:
        student = create_user()
        tokens = login(client, student)
        response = change(client, student, tokens, password=NEW_PASSWORD)
        assert response.status_code == 422, response.text
        assert "current_password" in response.json()["detail"]
        assert login(client, student, PASSWORD)

    def test_with_a_wrong_current_password_is_403_and_changes_nothing(
        self, client: TestClient
    ) -> None:
        student = create_user()
        tokens, other = login(client, student), login(client, student)
        response = change(
            client, student, tokens, password=NEW_PASSWORD, current_password="not-my-password"
        )
        assert response.status_code == 403, response.text
        assert response.json()["detail"]
        assert login(client, student, PASSWORD)
        assert works(client, tokens)
        assert works(client, other)

    def test_ends_every_other_login_and_keeps_this_one(self, client: TestClient) -> None:
        student = create_user()
        this, phone, laptop = login(client, student), login(client, student), login(client, student)
        assert works(client, laptop)  # a login that was refreshed meanwhile ends too
        response = change(client, student, this, password=NEW_PASSWORD, current_password=PASSWORD)
        assert response.status_code == 200, response.text
        for other in (phone, laptop):
            assert not access_works(client, other)
            assert not refresh_works(client, other)
        assert works(client, this)
        assert works(client, this)  # and keeps rotating
        assert login(client, student, NEW_PASSWORD)
        assert (
            client.post(LOGIN, json={"email": student.email, "password": PASSWORD}).status_code
            == 401
        )

    def test_a_name_change_alone_needs_no_password_and_ends_no_login(
        self, client: TestClient
    ) -> None:
        student = create_user()
        this, other = login(client, student), login(client, student)
        assert change(client, student, this, name="Renamed").status_code == 200
        assert works(client, other)

    def test_an_admin_changing_their_own_password_needs_it_too(self, client: TestClient) -> None:
        admin = create_user("admin")
        tokens = login(client, admin)
        assert change(client, admin, tokens, password=NEW_PASSWORD).status_code == 422
        changed = change(client, admin, tokens, password=NEW_PASSWORD, current_password=PASSWORD)
        assert changed.status_code == 200, changed.text
        assert works(client, tokens)


class TestAdminReset:
    def test_an_admin_reset_ends_every_login_of_that_user(self, client: TestClient) -> None:
        admin, student = create_user("admin"), create_user()
        admin_tokens = login(client, admin)
        first, second = login(client, student), login(client, student)
        response = change(client, student, admin_tokens, password=NEW_PASSWORD)
        assert response.status_code == 200, response.text
        for tokens in (first, second):
            assert not access_works(client, tokens)
            assert not refresh_works(client, tokens)
        assert works(client, admin_tokens)
        assert login(client, student, NEW_PASSWORD)
