"""Google sign-in against a fake OpenID Connect provider over real HTTP on loopback."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from api.app import create_app
from api.auth.google import BROWSER_COOKIE
from api.auth.google_store import STARTS_PER_MINUTE
from core.settings import get_settings
from models import User
from tests.fakes.oidc_provider import CLIENT_ID, CLIENT_SECRET, FakeOIDC, running_fake_oidc
from tests.support.apps import running
from tests.support.factories import create_user, login
from tests.support.ports import free_port

LOGIN = "/api/v1/auth/google/login"
CALLBACK = "/api/v1/auth/google/callback"
ID_TOKEN = "/api/v1/auth/google"
NONCE = "/api/v1/auth/google/nonce"
ME = "/api/v1/auth/me"


class Reply(Protocol):
    """What the tests read of a response (TestClient's and httpx's types differ)."""

    @property
    def status_code(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def headers(self) -> Any: ...

    def json(self) -> Any: ...


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeOIDC]:
    with running_fake_oidc() as running:
        yield running


@pytest.fixture
def fake(provider: FakeOIDC) -> FakeOIDC:
    provider.reset()
    return provider


@contextmanager
def app_client(fake: FakeOIDC, **settings: Any) -> Iterator[TestClient]:
    base = get_settings()
    values = {
        "google_client_id": CLIENT_ID,
        "google_client_secret": CLIENT_SECRET,
        "google_discovery_url": f"{fake.url}/.well-known/openid-configuration",
        # A prefix of its own (under the run's, which the run cleans up): the per-address
        # bound on started sign-ins counts per test, not across the whole file.
        "redis_prefix": f"{base.redis_prefix}google-{uuid.uuid4().hex[:8]}:",
        **settings,
    }
    # Built per test: the prefix differs each time, so app_with's cache would not help.
    app = create_app(base.model_copy(update=values))
    with running(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def client(fake: FakeOIDC, clean_database: None) -> Iterator[TestClient]:
    with app_client(fake) as test_client:
        yield test_client


def start(client: TestClient) -> dict[str, str]:
    """GET /login; the query of the authorization URL it redirects to."""
    response = client.get(LOGIN)
    assert response.status_code == 302, response.text
    return {
        name: values[0]
        for name, values in parse_qs(urlsplit(response.headers["location"]).query).items()
    }


def authorize(client: TestClient) -> str:
    """Login, then the provider's authorization step: the callback URL (path and query)."""
    response = client.get(LOGIN)
    provider = httpx.get(response.headers["location"], follow_redirects=False)
    assert provider.status_code == 302, provider.text
    callback = urlsplit(provider.headers["location"])
    assert f"{callback.scheme}://{callback.netloc}{callback.path}" == f"http://testserver{CALLBACK}"
    return f"{callback.path}?{callback.query}"


def sign_in(client: TestClient) -> Reply:
    return client.get(authorize(client))


def me(client: TestClient, tokens: dict[str, Any]) -> dict[str, Any]:
    response = client.get(ME, headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def users_named(client: TestClient, email: str) -> list[User]:
    with client.app.state.maice.database.session() as session:  # type: ignore[attr-defined]
        return list(session.scalars(select(User).where(func.lower(User.email) == email)))


def assert_error(response: Reply, status: int) -> str:
    assert response.status_code == status, response.text
    detail: str = response.json()["detail"]
    assert detail
    return detail


class TestRedirectFlow:
    def test_login_redirects_with_state_pkce_and_nonce(
        self, client: TestClient, fake: FakeOIDC
    ) -> None:
        response = client.get(LOGIN)
        assert response.status_code == 302
        assert response.headers["location"].startswith(f"{fake.url}/authorize?")
        query = start(client)
        assert query["response_type"] == "code"
        assert query["client_id"] == CLIENT_ID
        assert query["redirect_uri"] == f"http://testserver{CALLBACK}"
        assert query["scope"] == "openid email profile"
        assert query["code_challenge_method"] == "S256"
        assert len(query["code_challenge"]) == 43
        assert query["state"]
        assert query["nonce"]
        assert query["state"] != start(client)["state"]

    def test_full_flow_gives_a_working_token_pair(self, client: TestClient) -> None:
        response = sign_in(client)
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        tokens = response.json()
        assert tokens["token_type"] == "bearer"
        assert tokens["expires_in"] == 30 * 60
        user = me(client, tokens)
        assert user["email"] == "ada@school.example"
        assert user["name"] == "Ada Lovelace"
        assert user["role"] == "student"
        again = sign_in(client)
        assert again.status_code == 200
        assert me(client, again.json())["id"] == user["id"]
        assert len(users_named(client, "ada@school.example")) == 1

    def test_name_falls_back_to_the_email(self, client: TestClient, fake: FakeOIDC) -> None:
        fake.user.pop("name")
        response = sign_in(client)
        assert me(client, response.json())["name"] == "ada@school.example"

    def test_frontend_url_gets_the_pair_in_the_fragment(
        self, fake: FakeOIDC, clean_database: None
    ) -> None:
        with app_client(fake, frontend_url="https://app.example/signed-in") as client:
            response = sign_in(client)
            assert response.status_code == 302, response.text
            target = urlsplit(response.headers["location"])
            assert (
                f"{target.scheme}://{target.netloc}{target.path}" == "https://app.example/signed-in"
            )
            assert not target.query
            pair = {name: values[0] for name, values in parse_qs(target.fragment).items()}
            assert pair["token_type"] == "bearer"
            assert pair["expires_in"] == str(30 * 60)
            assert pair["refresh_token"]
            assert me(client, pair)["email"] == "ada@school.example"

    def test_provider_error_is_a_400_with_the_reason(
        self, client: TestClient, fake: FakeOIDC
    ) -> None:
        fake.authorize_error = "access_denied"
        assert "access_denied" in assert_error(sign_in(client), 400)


class TestState:
    def test_missing_state(self, client: TestClient) -> None:
        callback = authorize(client)
        code = parse_qs(urlsplit(callback).query)["code"][0]
        assert_error(client.get(CALLBACK, params={"code": code}), 400)

    def test_wrong_state(self, client: TestClient) -> None:
        callback = authorize(client)
        code = parse_qs(urlsplit(callback).query)["code"][0]
        assert_error(client.get(CALLBACK, params={"code": code, "state": "forged"}), 400)

    def test_replayed_state(self, client: TestClient) -> None:
        callback = authorize(client)
        assert client.get(callback).status_code == 200
        assert_error(client.get(callback), 400)

    def test_state_of_a_failed_callback_is_spent(self, client: TestClient, fake: FakeOIDC) -> None:
        fake.overrides["aud"] = "someone-else"
        callback = authorize(client)
        assert_error(client.get(callback), 401)
        fake.overrides.clear()
        assert_error(client.get(callback), 400)


class TestBrowserBinding:
    def test_login_sets_an_http_only_same_site_lax_cookie(self, client: TestClient) -> None:
        response = client.get(LOGIN)
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{BROWSER_COOKIE}=")
        attributes = {part.strip().lower() for part in cookie.split(";")}
        assert "httponly" in attributes
        assert "samesite=lax" in attributes
        assert "path=/api/v1/auth/google" in attributes
        assert "max-age=600" in attributes

    def test_a_callback_without_the_cookie_is_refused(self, client: TestClient) -> None:
        callback = authorize(client)
        client.cookies.clear()
        assert "another browser" in assert_error(client.get(callback), 400)
        assert users_named(client, "ada@school.example") == []

    def test_a_callback_in_another_browser_is_refused(self, client: TestClient) -> None:
        # Login CSRF: the attacker starts a sign-in, stops before the callback, and gets
        # the victim's browser (with a sign-in cookie of its own) to open the callback URL.
        attackers_callback = authorize(client)
        client.cookies.clear()
        client.get(LOGIN)  # the victim's browser, with its own cookie
        assert BROWSER_COOKIE in client.cookies
        assert_error(client.get(attackers_callback), 400)
        assert users_named(client, "ada@school.example") == []

    def test_two_sign_ins_in_one_browser_both_work(self, client: TestClient) -> None:
        first, second = authorize(client), authorize(client)
        assert client.get(second).status_code == 200
        assert client.get(first).status_code == 200


class TestStartLimit:
    def test_starts_per_address_are_bounded(self, client: TestClient) -> None:
        for _ in range(STARTS_PER_MINUTE):
            assert client.get(LOGIN).status_code == 302
        refused = client.get(LOGIN)
        assert_error(refused, 429)
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert_error(client.post(NONCE), 429)
        prefix = client.app.state.maice.keys.prefix  # type: ignore[attr-defined]
        redis = client.app.state.maice.redis  # type: ignore[attr-defined]
        states = list(redis.scan_iter(match=f"{prefix}oauth:google:state:*", count=1000))
        assert len(states) == STARTS_PER_MINUTE


class TestPkce:
    def test_a_code_redeemed_with_another_logins_verifier_is_refused(
        self, client: TestClient, fake: FakeOIDC
    ) -> None:
        # An attacker's stolen code injected into another sign-in: our verifier for that
        # sign-in does not match the challenge the code was issued for.
        stolen_code = parse_qs(urlsplit(authorize(client)).query)["code"][0]
        other_state = parse_qs(urlsplit(authorize(client)).query)["state"][0]
        response = client.get(CALLBACK, params={"code": stolen_code, "state": other_state})
        assert "invalid_grant" in assert_error(response, 400)
        assert fake.token_errors == ["code_verifier mismatch"]

    def test_wrong_client_secret_is_a_503(self, fake: FakeOIDC, clean_database: None) -> None:
        with app_client(fake, google_client_secret="wrong") as client:
            assert_error(sign_in(client), 503)
        assert fake.token_errors == ["invalid_client"]


class TestIdTokenChecks:
    @pytest.mark.parametrize(
        ("claims", "message"),
        [
            ({"nonce": "not-the-one-we-sent"}, "nonce"),
            ({"exp": int(time.time()) - 600, "iat": int(time.time()) - 4200}, "expired"),
            ({"aud": "someone-else.apps.example"}, "audience"),
            ({"iss": "https://issuer.evil.example"}, "issuer"),
            ({"sub": None}, "sub"),
        ],
    )
    def test_bad_claims_are_refused(
        self, client: TestClient, fake: FakeOIDC, claims: dict[str, Any], message: str
    ) -> None:
        fake.overrides.update(claims)
        assert message in assert_error(sign_in(client), 401).lower()
        assert users_named(client, "ada@school.example") == []

    def test_a_token_signed_by_another_key_under_a_known_kid(
        self, client: TestClient, fake: FakeOIDC
    ) -> None:
        token = fake.mint()
        header, payload, _ = token.split(".")
        fake.signing_kid = "attacker"
        forged_signature = fake.mint().split(".")[2]
        forged = f"{header}.{payload}.{forged_signature}"
        assert_error(client.post(ID_TOKEN, json={"id_token": forged}), 401)

    def test_unknown_key_id_refetches_the_keys_once(
        self, client: TestClient, fake: FakeOIDC
    ) -> None:
        assert sign_in(client).status_code == 200
        assert fake.jwks_requests == 1
        fake.signing_kid = "unpublished"
        assert "unknown key" in assert_error(sign_in(client), 401)
        assert fake.jwks_requests == 2
        # Re-fetches are rate-limited, so forged kids cannot hammer the provider.
        assert_error(client.post(ID_TOKEN, json={"id_token": fake.mint()}), 401)
        assert fake.jwks_requests == 2

    def test_key_rotation_is_picked_up(self, client: TestClient, fake: FakeOIDC) -> None:
        assert sign_in(client).status_code == 200
        fake.published_kids = ["key-1", "key-2"]
        fake.signing_kid = "key-2"
        assert sign_in(client).status_code == 200
        assert fake.jwks_requests == 2
        assert sign_in(client).status_code == 200
        assert fake.jwks_requests == 2


class TestUsers:
    def test_links_an_existing_student_with_the_same_email(
        self, client: TestClient, fake: FakeOIDC
    ) -> None:
        existing = create_user("student", email="grace@school.example")
        fake.user.update(email="Grace@School.example", sub="google-grace")
        response = sign_in(client)
        assert response.status_code == 200, response.text
        user = me(client, response.json())
        assert user["id"] == existing.id
        assert user["role"] == "student"
        assert login(client, existing)["access_token"]  # the password still works
        assert me(client, sign_in(client).json())["id"] == existing.id

    @pytest.mark.parametrize("role", ["teacher", "admin"])
    def test_a_teacher_or_admin_is_never_taken_over(
        self, client: TestClient, fake: FakeOIDC, role: str
    ) -> None:
        existing = create_user(role, email="grace@school.example")
        fake.user.update(email="grace@school.example", sub="google-grace")
        assert "teacher or admin" in assert_error(sign_in(client), 409)
        assert_error(client.post(ID_TOKEN, json={"id_token": fake.mint()}), 409)
        [stored] = users_named(client, "grace@school.example")
        assert stored.google_subject is None
        assert stored.role == role
        assert login(client, existing)["access_token"]

    def test_an_inactive_student_is_not_linked(self, client: TestClient, fake: FakeOIDC) -> None:
        existing = create_user("student", email="grace@school.example")
        with client.app.state.maice.database.session() as session:  # type: ignore[attr-defined]
            session.execute(update(User).where(User.id == existing.id).values(is_active=False))
            session.commit()
        fake.user.update(email="grace@school.example", sub="google-grace")
        assert_error(sign_in(client), 401)
        [stored] = users_named(client, "grace@school.example")
        assert stored.id == existing.id
        assert stored.google_subject is None

    def test_unverified_email_is_refused(self, client: TestClient, fake: FakeOIDC) -> None:
        create_user(email="grace@school.example")
        fake.user.update(email="grace@school.example", email_verified=False)
        assert_error(sign_in(client), 403)
        fake.user["email"] = "new@school.example"
        assert_error(sign_in(client), 403)
        assert users_named(client, "new@school.example") == []

    def test_email_linked_to_another_google_account_is_a_conflict(
        self, client: TestClient, fake: FakeOIDC
    ) -> None:
        assert sign_in(client).status_code == 200
        fake.user["sub"] = "google-sub-2"
        assert_error(sign_in(client), 409)

    def test_inactive_user_is_refused(self, client: TestClient) -> None:
        user = me(client, sign_in(client).json())
        with client.app.state.maice.database.session() as session:  # type: ignore[attr-defined]
            session.execute(update(User).where(User.id == user["id"]).values(is_active=False))
            session.commit()
        assert_error(sign_in(client), 401)


class TestAllowedDomains:
    @pytest.fixture
    def restricted(self, fake: FakeOIDC, clean_database: None) -> Iterator[TestClient]:
        with app_client(fake, google_allowed_domains="school.example, @academy.example") as client:
            yield client

    def test_sign_up_inside_the_domains(self, restricted: TestClient, fake: FakeOIDC) -> None:
        fake.user.update(email="kid@academy.example", hd="academy.example")
        assert sign_in(restricted).status_code == 200

    def test_sign_up_outside_is_refused(self, restricted: TestClient, fake: FakeOIDC) -> None:
        fake.user["email"] = "someone@gmail.example"
        assert_error(sign_in(restricted), 403)
        assert users_named(restricted, "someone@gmail.example") == []

    def test_hosted_domain_must_be_allowed_too(
        self, restricted: TestClient, fake: FakeOIDC
    ) -> None:
        fake.user["hd"] = "elsewhere.example"
        assert_error(sign_in(restricted), 403)

    def test_linking_outside_the_domains_is_refused(
        self, restricted: TestClient, fake: FakeOIDC
    ) -> None:
        existing = create_user("student", email="parent@gmail.example")
        fake.user.update(email="parent@gmail.example", sub="google-parent")
        assert "linking" in assert_error(sign_in(restricted), 403).lower()
        [stored] = users_named(restricted, "parent@gmail.example")
        assert stored.id == existing.id
        assert stored.google_subject is None

    def test_linking_inside_the_domains(self, restricted: TestClient, fake: FakeOIDC) -> None:
        existing = create_user("student", email="kid@school.example")
        fake.user.update(email="kid@school.example", sub="google-kid")
        assert me(restricted, sign_in(restricted).json())["id"] == existing.id

    def test_accounts_linked_before_keep_working_outside(
        self, restricted: TestClient, fake: FakeOIDC
    ) -> None:
        # Linked while the domains allowed it (or by an admin); the setting restricts new
        # sign-ups and links, it does not lock out the linked.
        existing = create_user("student", email="parent@gmail.example")
        with restricted.app.state.maice.database.session() as session:  # type: ignore[attr-defined]
            session.execute(
                update(User).where(User.id == existing.id).values(google_subject="google-parent")
            )
            session.commit()
        fake.user.update(email="parent@gmail.example", sub="google-parent")
        assert me(restricted, sign_in(restricted).json())["id"] == existing.id
        assert me(restricted, sign_in(restricted).json())["id"] == existing.id


class TestIdTokenEndpoint:
    def test_a_valid_id_token_gives_a_pair(self, client: TestClient, fake: FakeOIDC) -> None:
        response = client.post(ID_TOKEN, json={"id_token": fake.mint()})
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        assert me(client, response.json())["email"] == "ada@school.example"

    def test_a_nonce_we_issued_is_accepted_once(self, client: TestClient, fake: FakeOIDC) -> None:
        response = client.post(NONCE)
        assert response.status_code == 201, response.text
        assert response.headers["cache-control"] == "no-store"
        issued = response.json()
        assert issued["expires_in"] == 600
        token = fake.mint(nonce=issued["nonce"])
        assert client.post(ID_TOKEN, json={"id_token": token}).status_code == 200
        assert "nonce" in assert_error(client.post(ID_TOKEN, json={"id_token": token}), 401)

    def test_a_nonce_we_did_not_issue_is_refused(self, client: TestClient, fake: FakeOIDC) -> None:
        token = fake.mint(nonce="chosen-by-the-client")
        assert "nonce" in assert_error(client.post(ID_TOKEN, json={"id_token": token}), 401)
        # Naming it in the body as well does not make it ours.
        body = {"id_token": token, "nonce": "chosen-by-the-client"}
        assert_error(client.post(ID_TOKEN, json=body), 401)
        assert users_named(client, "ada@school.example") == []

    def test_the_body_nonce_must_match_the_tokens(self, client: TestClient, fake: FakeOIDC) -> None:
        nonce = client.post(NONCE).json()["nonce"]
        token = fake.mint(nonce=nonce)
        assert_error(client.post(ID_TOKEN, json={"id_token": token, "nonce": "other"}), 401)
        body = {"id_token": token, "nonce": nonce}
        assert client.post(ID_TOKEN, json=body).status_code == 200

    def test_an_id_token_of_a_finished_redirect_sign_in_cannot_be_replayed(
        self, client: TestClient, fake: FakeOIDC
    ) -> None:
        assert sign_in(client).status_code == 200
        [token] = fake.issued_id_tokens
        assert_error(client.post(ID_TOKEN, json={"id_token": token}), 401)

    @pytest.mark.parametrize(
        "token",
        [
            "not-a-jwt",
            # alg=none, and an HMAC token "signed" with the public key's text
            "eyJhbGciOiJub25lIiwia2lkIjoia2V5LTEifQ.eyJzdWIiOiJ4In0.",
            "eyJhbGciOiJIUzI1NiIsImtpZCI6ImtleS0xIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
        ],
    )
    def test_garbage_is_a_401(self, client: TestClient, token: str) -> None:
        assert_error(client.post(ID_TOKEN, json={"id_token": token}), 401)

    def test_wrong_audience_is_a_401(self, client: TestClient, fake: FakeOIDC) -> None:
        token = fake.mint(aud="another-app")
        assert_error(client.post(ID_TOKEN, json={"id_token": token}), 401)

    def test_empty_body_is_a_422(self, client: TestClient) -> None:
        assert client.post(ID_TOKEN, json={}).status_code == 422


def test_google_off_is_a_404_everywhere(fake: FakeOIDC, clean_database: None) -> None:
    with app_client(fake, google_client_id=None) as client:
        assert_error(client.get(LOGIN), 404)
        assert_error(client.get(CALLBACK, params={"code": "c", "state": "s"}), 404)
        assert_error(client.post(ID_TOKEN, json={"id_token": "x"}), 404)
        assert_error(client.post(NONCE), 404)


def test_provider_down_is_a_503(clean_database: None) -> None:
    port = free_port()  # nothing listens there
    settings = {
        "google_client_id": CLIENT_ID,
        "google_discovery_url": f"http://127.0.0.1:{port}/.well-known/openid-configuration",
    }
    app = create_app(get_settings().model_copy(update=settings))
    with TestClient(app, follow_redirects=False) as client:
        started = time.monotonic()
        assert_error(client.get(LOGIN), 503)
        assert_error(client.post(ID_TOKEN, json={"id_token": "x.y.z"}), 503)
        assert time.monotonic() - started < 5
