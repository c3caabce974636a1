"""A login ends JWT_REFRESH_TOKEN_MAX_DAYS after it began, however often it is refreshed,
and a logout racing a refresh leaves no live token behind."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select, update

from core.security import decode_access_token, hash_refresh_token
from core.settings import get_settings
from models import Login, RefreshToken
from tests.support.factories import create_user, login

REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"
ROUNDS = 3
RACES_PER_ROUND = 10


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def refresh(client: TestClient, tokens: dict[str, Any]) -> Response:
    return client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})


def logout(client: TestClient, tokens: dict[str, Any]) -> Response:
    return client.post(
        LOGOUT, json={"refresh_token": tokens["refresh_token"]}, headers=bearer(tokens)
    )


def family_of(client: TestClient, tokens: dict[str, Any]) -> str:
    secret = client.app.state.maice.jwt_secret  # type: ignore[attr-defined]
    return decode_access_token(tokens["access_token"], secret=secret).family_id


def backdate_login(client: TestClient, tokens: dict[str, Any], age: timedelta) -> None:
    """Make the login of ``tokens`` look as if it began ``age`` ago."""
    with client.app.state.maice.database.session() as session:  # type: ignore[attr-defined]
        session.execute(
            update(Login)
            .where(Login.id == family_of(client, tokens))
            .values(started_at=datetime.now(UTC) - age)
        )
        session.commit()


def stored_expiry(client: TestClient, refresh_token: str) -> datetime:
    with client.app.state.maice.database.session() as session:  # type: ignore[attr-defined]
        query = select(RefreshToken.expires_at).where(
            RefreshToken.token_hash == hash_refresh_token(refresh_token)
        )
        expires_at: datetime = session.scalars(query).one()
        return expires_at


def assert_dead(client: TestClient, tokens: dict[str, Any]) -> None:
    """Neither token of the pair works any more."""
    assert client.get(ME, headers=bearer(tokens)).status_code == 401
    assert refresh(client, tokens).status_code == 401


class TestAbsoluteLifetime:
    def test_a_login_ends_max_days_after_it_began_however_often_refreshed(
        self, client: TestClient
    ) -> None:
        max_days = get_settings().jwt_refresh_token_max_days
        tokens = login(client, create_user())
        for _ in range(3):
            rotated = refresh(client, tokens)
            assert rotated.status_code == 200, rotated.text
            tokens = rotated.json()
        backdate_login(client, tokens, timedelta(days=max_days, minutes=1))
        ended = refresh(client, tokens)
        assert ended.status_code == 401, ended.text
        assert "sign in again" in ended.json()["detail"]

    def test_near_its_end_a_refresh_gives_tokens_that_expire_with_the_login(
        self, client: TestClient
    ) -> None:
        settings = get_settings()
        tokens = login(client, create_user())
        backdate_login(client, tokens, timedelta(days=settings.jwt_refresh_token_max_days - 1))
        rotated = refresh(client, tokens)
        assert rotated.status_code == 200, rotated.text
        pair = rotated.json()
        login_ends = datetime.now(UTC) + timedelta(days=1)
        assert stored_expiry(client, pair["refresh_token"]) <= login_ends
        assert pair["expires_in"] <= settings.access_token_seconds

    def test_a_fresh_login_refreshes_for_the_refresh_token_lifetime(
        self, client: TestClient
    ) -> None:
        settings = get_settings()
        tokens = login(client, create_user())
        expires_at = stored_expiry(client, tokens["refresh_token"])
        expected = datetime.now(UTC) + timedelta(days=settings.jwt_refresh_token_expire_days)
        assert abs((expires_at - expected).total_seconds()) < 120


class TestLogoutAndRefresh:
    def test_logout_with_the_old_token_after_a_refresh_ends_the_new_pair_too(
        self, client: TestClient
    ) -> None:
        first = login(client, create_user())
        rotated = refresh(client, first)
        assert rotated.status_code == 200
        assert logout(client, first).status_code == 204
        assert_dead(client, rotated.json())

    def test_refresh_with_the_token_of_a_login_that_logged_out_is_refused(
        self, client: TestClient
    ) -> None:
        tokens = login(client, create_user())
        assert logout(client, tokens).status_code == 204
        assert refresh(client, tokens).status_code == 401

    def test_a_logout_racing_a_refresh_leaves_no_live_token(self, client: TestClient) -> None:
        """Both at once with one refresh token, for many logins at a time (so the two
        really overlap): whichever wins, no token of that login works afterwards."""
        user = create_user()
        survivors = []
        for _ in range(ROUNDS):
            logins = [login(client, user) for _ in range(RACES_PER_ROUND)]
            results = race_refresh_and_logout(client, logins)
            for tokens, (refreshed, logged_out) in zip(logins, results, strict=True):
                assert logged_out.status_code == 204
                # The new pair first: presenting the old token again would revoke it anyway.
                if refreshed.status_code == 200:
                    pair = refreshed.json()
                    access = client.get(ME, headers=bearer(pair)).status_code
                    if access != 401 or refresh(client, pair).status_code != 401:
                        survivors.append(pair)
                else:
                    assert refreshed.status_code == 401
                assert refresh(client, tokens).status_code == 401
        assert survivors == []


def race_refresh_and_logout(
    client: TestClient, logins: list[dict[str, Any]]
) -> list[tuple[Response, Response]]:
    """For every login a refresh and a logout with its refresh token, all released at once."""
    start = threading.Barrier(2 * len(logins))
    results: dict[tuple[int, str], Response] = {}

    def run(index: int, name: str) -> None:
        call = refresh if name == "refresh" else logout
        start.wait()
        results[index, name] = call(client, logins[index])

    threads = [
        threading.Thread(target=run, args=(index, name))
        for index in range(len(logins))
        for name in ("refresh", "logout")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [(results[index, "refresh"], results[index, "logout"]) for index in range(len(logins))]
