"""Login floods are refused: LOGIN_ATTEMPTS_PER_MINUTE per account and per client address,
and password hashing is bounded so waiting logins hold no thread other routes need."""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
import redis
from fastapi.testclient import TestClient
from httpx import Response

from api.app import create_app
from core.settings import get_settings
from tests.support.factories import PASSWORD, create_user, signed_in

LOGIN = "/api/v1/auth/login"
ME = "/api/v1/auth/me"
LIMIT = 3
_addresses = itertools.count(1)

ClientFrom = Callable[..., TestClient]


def new_address() -> str:
    """A documentation-range address (RFC 5737) no other test of this run uses."""
    number = next(_addresses)
    return f"198.51.{100 + number // 250}.{number % 250 + 1}"


@pytest.fixture
def client_from(clean_database: None) -> Iterator[ClientFrom]:
    """Clients of apps with a login limit of LIMIT, each from a client address of its own."""
    with ExitStack() as stack:

        def make(address: str | None = None, **settings: object) -> TestClient:
            configured = get_settings().model_copy(
                update={"login_attempts_per_minute": LIMIT} | settings
            )
            client = TestClient(create_app(configured), client=(address or new_address(), 40000))
            return stack.enter_context(client)

        yield make


def attempt(client: TestClient, email: str, password: str = "wrong-password") -> Response:
    return client.post(LOGIN, json={"email": email, "password": password})


def assert_limited(response: Response) -> None:
    assert response.status_code == 429, response.text
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "try again" in response.json()["detail"].lower()


class TestPerAccount:
    def test_past_the_limit_the_account_is_refused_from_any_address_even_with_its_password(
        self, client_from: ClientFrom
    ) -> None:
        user = create_user()
        for _ in range(LIMIT):
            assert attempt(client_from(), user.email).status_code == 401
        assert_limited(attempt(client_from(), user.email, PASSWORD))

    def test_successful_logins_count_too(self, client_from: ClientFrom) -> None:
        user = create_user()
        for _ in range(LIMIT):
            assert attempt(client_from(), user.email, PASSWORD).status_code == 200
        assert_limited(attempt(client_from(), user.email, PASSWORD))

    def test_the_account_is_the_email_as_given_normalised(self, client_from: ClientFrom) -> None:
        user = create_user()
        for variant in (user.email.upper(), f"  {user.email} ", user.email.title()):
            assert attempt(client_from(), variant).status_code == 401
        assert_limited(attempt(client_from(), user.email, PASSWORD))

    def test_another_account_is_not_affected(self, client_from: ClientFrom) -> None:
        locked, other = create_user(), create_user()
        for _ in range(LIMIT + 1):
            attempt(client_from(), locked.email)
        assert attempt(client_from(), other.email, PASSWORD).status_code == 200

    def test_the_count_is_kept_under_a_hash_of_the_email_never_the_email(
        self, client_from: ClientFrom
    ) -> None:
        user = create_user()
        attempt(client_from(), user.email.upper())
        settings = get_settings()
        digest = hashlib.sha256(user.email.lower().encode()).hexdigest()
        with redis.Redis.from_url(str(settings.redis_url), decode_responses=True) as client:
            names = list(client.scan_iter(match=f"{settings.redis_prefix}*", count=1000))
        assert f"{settings.redis_prefix}{{login:{digest}}}:attempts" in names
        assert not [name for name in names if user.email.split("@")[0] in name.lower()]


class TestPerAddress:
    def test_past_the_limit_the_address_is_refused_whatever_the_account(
        self, client_from: ClientFrom
    ) -> None:
        user = create_user()
        flooder = client_from()
        for _ in range(LIMIT):
            assert attempt(flooder, f"{uuid.uuid4().hex}@example.com").status_code == 401
        assert_limited(attempt(flooder, user.email, PASSWORD))
        # The account itself is not locked by someone else's flood.
        assert attempt(client_from(), user.email, PASSWORD).status_code == 200

    def test_the_address_is_the_connections_not_x_forwarded_for(
        self, client_from: ClientFrom
    ) -> None:
        flooder = client_from()
        for number in range(LIMIT):
            spoofed = {"X-Forwarded-For": f"203.0.113.{number + 1}"}
            body = {"email": f"{uuid.uuid4().hex}@example.com", "password": "wrong-password"}
            assert flooder.post(LOGIN, json=body, headers=spoofed).status_code == 401
        spoofed = {"X-Forwarded-For": "203.0.113.99"}
        body = {"email": f"{uuid.uuid4().hex}@example.com", "password": "wrong-password"}
        assert_limited(flooder.post(LOGIN, json=body, headers=spoofed))


def hold_all_permits(client: TestClient) -> None:
    """Take every permit of the app's password hashing, as long hashes in flight would."""
    hashing = client.app.state.maice.password_hashing  # type: ignore[attr-defined]
    for _ in range(hashing.concurrency):
        client.portal.call(hashing.permits.acquire)  # type: ignore[union-attr]


def release_all_permits(client: TestClient) -> None:
    hashing = client.app.state.maice.password_hashing  # type: ignore[attr-defined]
    for _ in range(hashing.concurrency):
        client.portal.call(hashing.permits.release)  # type: ignore[union-attr]


class TestHashingBound:
    def test_logins_waiting_for_hashing_hold_no_thread_other_routes_need(
        self, client_from: ClientFrom
    ) -> None:
        """More logins than the thread pool has threads wait for argon2 while all its permits
        are taken, and an ordinary route still answers meanwhile."""
        client = client_from(login_attempts_per_minute=10_000, password_hash_wait_seconds=120)
        hashing = client.app.state.maice.password_hashing  # type: ignore[attr-defined]
        waiting = 50  # more than anyio's default thread limiter (40)
        user = create_user()
        _, headers = signed_in(client)
        hold_all_permits(client)
        statuses: list[int] = []
        threads = [
            threading.Thread(
                target=lambda: statuses.append(attempt(client, user.email).status_code)
            )
            for _ in range(waiting)
        ]
        for thread in threads:
            thread.start()
        try:
            deadline = time.monotonic() + 60
            while hashing.permits.statistics().tasks_waiting < waiting:
                assert time.monotonic() < deadline, "the logins never reached the hashing"
                time.sleep(0.05)
            me: list[int] = []
            reader = threading.Thread(
                target=lambda: me.append(client.get(ME, headers=headers).status_code)
            )
            reader.start()
            reader.join(timeout=30)
            assert me == [200], "GET /auth/me did not answer while logins waited for hashing"
            assert statuses == []  # every login is still waiting
        finally:
            release_all_permits(client)
            for thread in threads:
                thread.join(timeout=120)
        assert statuses == [401] * waiting

    def test_a_login_that_waits_too_long_for_hashing_is_a_503_with_retry_after(
        self, client_from: ClientFrom
    ) -> None:
        client = client_from(login_attempts_per_minute=10_000, password_hash_wait_seconds=0.2)
        user = create_user()
        hold_all_permits(client)
        try:
            busy = attempt(client, user.email, PASSWORD)
        finally:
            release_all_permits(client)
        assert busy.status_code == 503, busy.text
        assert int(busy.headers["Retry-After"]) >= 1
        assert busy.json()["detail"]
        assert attempt(client, user.email, PASSWORD).status_code == 200
