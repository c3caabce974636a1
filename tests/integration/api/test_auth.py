from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import auth_headers, create_user, login


class TestLogin:
    def test_good_credentials_give_a_token_pair(self, client: TestClient) -> None:
        user = create_user()
        tokens = login(client, user)
        assert tokens["token_type"] == "bearer"
        assert tokens["expires_in"] == 30 * 60
        me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
        assert me.status_code == 200
        assert me.json()["email"] == user.email
        assert set(me.json()) >= {"id", "email", "name", "role", "created_at"}

    def test_wrong_password_is_401(self, client: TestClient) -> None:
        user = create_user()
        response = client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": "wrong-password"}
        )
        assert response.status_code == 401
        assert response.json()["detail"]


class TestRefresh:
    def test_reused_refresh_token_revokes_the_whole_login(self, client: TestClient) -> None:
        user = create_user()
        first = login(client, user)
        second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert second.status_code == 200
        replay = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert replay.status_code == 401
        newest = client.post(
            "/api/v1/auth/refresh", json={"refresh_token": second.json()["refresh_token"]}
        )
        assert newest.status_code == 401
        me = client.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {second.json()['access_token']}"}
        )
        assert me.status_code == 401


class TestRoles:
    def test_student_on_admin_route_is_403(self, client: TestClient) -> None:
        student = create_user("student")
        response = client.get("/api/v1/users/", headers=auth_headers(client, student))
        assert response.status_code == 403
