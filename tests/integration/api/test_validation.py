"""Bad input is a 422 that says what is wrong; nothing a client sends is a 500."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from models import User
from tests.support.factories import signed_in

LOGIN = "/api/v1/auth/login"
USERS = "/api/v1/users/"
SESSIONS = "/api/v1/maice/sessions/"
JSON = {"Content-Type": "application/json"}
_numbers = itertools.count(1)


@pytest.fixture
def admin(client: TestClient) -> tuple[User, dict[str, str]]:
    return signed_in(client, "admin")


@pytest.fixture
def server(client: TestClient) -> TestClient:
    """The same app, but a server error comes back as a response instead of raising."""
    return TestClient(client.app, raise_server_exceptions=False)


def locations(response: Response) -> list[list[Any]]:
    """The ``loc`` of every error in a 422's detail."""
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list)
    assert detail
    for error in detail:
        assert error["msg"]
        assert error["type"]
    return [error["loc"] for error in detail]


def new_user(**fields: Any) -> dict[str, Any]:
    return {"email": "new@example.com", "password": "a-long-password", "name": "New"} | fields


class TestMalformedBody:
    def test_malformed_json_is_422_saying_so(self, client: TestClient) -> None:
        response = client.post(LOGIN, content=b"{bad", headers=JSON)
        assert response.status_code == 422
        (error,) = response.json()["detail"]
        assert error["type"] == "json_invalid"
        assert error["loc"][0] == "body"

    def test_missing_body_is_422(self, client: TestClient) -> None:
        response = client.post(LOGIN, headers=JSON)
        assert locations(response) == [["body"]]

    @pytest.mark.parametrize("body", [[], "a string", 42, None])
    def test_body_that_is_not_an_object_is_422(self, client: TestClient, body: object) -> None:
        response = client.post(LOGIN, json=body)
        assert response.status_code == 422
        assert response.json()["detail"]

    def test_json_array_for_a_session_is_422(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        response = client.post(SESSIONS, json=["title"], headers=admin[1])
        assert locations(response) == [["body"]]


class TestWrongTypes:
    def test_login_fields_of_the_wrong_type_are_named(self, client: TestClient) -> None:
        response = client.post(LOGIN, json={"email": 123, "password": ["x"]})
        assert sorted(locations(response)) == [["body", "email"], ["body", "password"]]

    def test_session_title_must_be_a_string(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        response = client.post(SESSIONS, json={"title": 5}, headers=admin[1])
        assert locations(response) == [["body", "title"]]

    def test_is_active_must_be_a_boolean(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        user, headers = admin
        response = client.put(f"{USERS}{user.id}", json={"is_active": "maybe"}, headers=headers)
        assert locations(response) == [["body", "is_active"]]

    def test_unknown_role_is_422(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        response = client.post(USERS, json=new_user(role="superuser"), headers=admin[1])
        assert locations(response) == [["body", "role"]]

    def test_invalid_email_is_422(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        response = client.post(USERS, json=new_user(email="at-nowhere"), headers=admin[1])
        assert locations(response) == [["body", "email"]]

    @pytest.mark.parametrize(
        ("email", "reason"),
        [("a..b@example.com", "two periods"), ("a@example", "period"), ("a@b@example.com", "@")],
    )
    def test_an_invalid_email_says_what_is_wrong(
        self, client: TestClient, admin: tuple[User, dict[str, str]], email: str, reason: str
    ) -> None:
        # Addresses the old pattern let through are refused by email-validator, with why.
        response = client.post(USERS, json=new_user(email=email), headers=admin[1])
        assert locations(response) == [["body", "email"]]
        message = response.json()["detail"][0]["msg"]
        assert "email address" in message
        assert reason in message

    def test_emails_are_stored_normalised(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        email = " New.Person@Bücher.Example "
        response = client.post(USERS, json=new_user(email=email), headers=admin[1])
        assert response.status_code == 201, response.text
        assert response.json()["email"] == "new.person@bücher.example"
        for spelling in ("NEW.PERSON@BÜCHER.EXAMPLE", "new.person@xn--bcher-kva.example"):
            body = {"email": spelling, "password": "a-long-password"}
            assert client.post(LOGIN, json=body).status_code == 200, spelling

    def test_login_with_something_that_is_not_an_email_is_422(self, client: TestClient) -> None:
        response = client.post(LOGIN, json={"email": "nobody", "password": "x"})
        assert locations(response) == [["body", "email"]]


class TestMissingFields:
    def test_login_without_fields_names_both(self, client: TestClient) -> None:
        response = client.post(LOGIN, json={})
        assert sorted(locations(response)) == [["body", "email"], ["body", "password"]]
        assert {e["type"] for e in response.json()["detail"]} == {"missing"}

    def test_create_user_without_a_password_names_it(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        body = new_user()
        del body["password"]
        response = client.post(USERS, json=body, headers=admin[1])
        assert locations(response) == [["body", "password"]]

    def test_refresh_without_a_token_is_422(self, client: TestClient) -> None:
        response = client.post("/api/v1/auth/refresh", json={})
        assert locations(response) == [["body", "refresh_token"]]


class TestLengthLimits:
    def test_title_of_201_characters_is_422_and_200_is_fine(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        headers = admin[1]
        too_long = client.post(SESSIONS, json={"title": "x" * 201}, headers=headers)
        assert locations(too_long) == [["body", "title"]]
        assert too_long.json()["detail"][0]["type"] == "string_too_long"
        assert client.post(SESSIONS, json={"title": "x" * 200}, headers=headers).status_code == 201

    def test_title_on_update_is_limited_too(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        headers = admin[1]
        created = client.post(SESSIONS, json={}, headers=headers).json()
        response = client.put(
            f"{SESSIONS}{created['id']}", json={"title": "x" * 201}, headers=headers
        )
        assert locations(response) == [["body", "title"]]

    def test_empty_title_is_422(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        response = client.post(SESSIONS, json={"title": ""}, headers=admin[1])
        assert locations(response) == [["body", "title"]]

    def test_name_of_101_characters_is_422(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        user, headers = admin
        response = client.put(f"{USERS}{user.id}", json={"name": "n" * 101}, headers=headers)
        assert locations(response) == [["body", "name"]]
        create = client.post(USERS, json=new_user(name="n" * 101), headers=headers)
        assert locations(create) == [["body", "name"]]
        fine = client.put(f"{USERS}{user.id}", json={"name": "n" * 100}, headers=headers)
        assert fine.status_code == 200

    def test_password_of_129_characters_is_422(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        user, headers = admin
        response = client.put(f"{USERS}{user.id}", json={"password": "p" * 129}, headers=headers)
        assert locations(response) == [["body", "password"]]
        create = client.post(USERS, json=new_user(password="p" * 129), headers=headers)
        assert locations(create) == [["body", "password"]]
        login = client.post(LOGIN, json={"email": user.email, "password": "p" * 129})
        assert locations(login) == [["body", "password"]]

    def test_password_shorter_than_8_is_422(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        response = client.post(USERS, json=new_user(password="short"), headers=admin[1])
        assert locations(response) == [["body", "password"]]


class TestUnknownFields:
    def test_unknown_field_is_422_and_named(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        response = client.post(SESSIONS, json={"title": "x", "colour": "red"}, headers=admin[1])
        assert locations(response) == [["body", "colour"]]
        assert response.json()["detail"][0]["type"] == "extra_forbidden"

    def test_typo_in_an_update_is_not_silently_ignored(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        user, headers = admin
        response = client.put(f"{USERS}{user.id}", json={"nmae": "Typo"}, headers=headers)
        assert locations(response) == [["body", "nmae"]]

    def test_unknown_field_on_login_is_422(self, client: TestClient) -> None:
        response = client.post(
            LOGIN, json={"email": "a@example.com", "password": "x", "remember": True}
        )
        assert locations(response) == [["body", "remember"]]


class TestPathAndQuery:
    @pytest.mark.parametrize("path", [f"{USERS}abc", f"{SESSIONS}abc", f"{SESSIONS}1.5"])
    def test_non_integer_path_id_is_422(
        self, client: TestClient, admin: tuple[User, dict[str, str]], path: str
    ) -> None:
        response = client.get(path, headers=admin[1])
        assert len(locations(response)) == 1
        assert locations(response)[0][0] == "path"

    def test_non_integer_limit_is_422(
        self, client: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        response = client.get(USERS, params={"limit": "ten"}, headers=admin[1])
        assert locations(response) == [["query", "limit"]]


BAD_REQUESTS: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", LOGIN, {"content": b"{bad", "headers": JSON}),
    ("POST", LOGIN, {"content": b"", "headers": JSON}),
    ("POST", LOGIN, {"content": b"\xff\xfe{}", "headers": JSON}),
    ("POST", LOGIN, {"content": '{"email": "é@x.com"}'.encode("latin-1"), "headers": JSON}),
    ("POST", LOGIN, {"content": b"email=a&password=b"}),
    ("POST", LOGIN, {"json": {"email": "a\x00b@example.com", "password": "x"}}),
    ("POST", LOGIN, {"content": rb'{"email": "\ud800@x.com", "password": "x"}', "headers": JSON}),
    ("POST", LOGIN, {"json": {"email": "a" * 100_000, "password": "x"}}),
    ("POST", "/api/v1/auth/refresh", {"json": {"refresh_token": "\x00"}}),
    ("POST", "/api/v1/auth/refresh", {"content": rb'{"refresh_token": "\udfff"}', "headers": JSON}),
    ("POST", "/api/v1/auth/logout", {"json": {"refresh_token": 1}}),
    ("POST", SESSIONS, {"json": {"title": "null byte \x00 here"}}),
    ("POST", SESSIONS, {"content": rb'{"title": "\ud800"}', "headers": JSON}),
    ("POST", SESSIONS, {"content": b'{"title": "' + b"[" * 10_000 + b'"}', "headers": JSON}),
    ("POST", SESSIONS, {"content": b"[" * 10_000, "headers": JSON}),
    ("POST", USERS, {"json": new_user(name="bad\x00name")}),
    ("POST", USERS, {"json": new_user(email="nul\x00@example.com")}),
    ("GET", f"{USERS}99999999999999999999", {}),
    ("GET", f"{USERS}2147483648", {}),
    ("GET", f"{USERS}-1", {}),
    ("GET", f"{USERS}0", {}),
    ("GET", f"{SESSIONS}99999999999999999999", {}),
    ("PUT", f"{SESSIONS}9223372036854775808", {"json": {"title": "x"}}),
    ("DELETE", f"{SESSIONS}2147483648", {}),
    ("GET", USERS, {"params": {"offset": "99999999999999999999"}}),
    ("GET", USERS, {"params": {"limit": "1e3"}}),
    ("GET", USERS, {"params": {"role": "\x00"}}),
    ("GET", "/api/v1/no/such/route", {}),
    ("PATCH", f"{SESSIONS}1", {"json": {}}),
]


class TestNoServerErrors:
    def test_no_bad_request_is_a_5xx_or_shows_a_traceback(
        self, server: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        failures = []
        for method, path, options in BAD_REQUESTS:
            options = dict(options)
            headers = admin[1] | options.pop("headers", {})
            response = server.request(method, path, headers=headers, **options)
            ok = (
                400 <= response.status_code < 500
                and "Traceback" not in response.text
                and response.headers["content-type"].startswith("application/json")
                and bool(response.json().get("detail"))
            )
            if not ok:
                failures.append((method, path[:60], response.status_code, response.text[:200]))
        assert failures == []

    def test_out_of_range_ids_are_not_found_or_invalid(
        self, server: TestClient, admin: tuple[User, dict[str, str]]
    ) -> None:
        for path in (f"{USERS}99999999999999999999", f"{SESSIONS}2147483648"):
            response = server.get(path, headers=admin[1])
            assert response.status_code in (404, 422), response.text
