"""Headers every response carries, auth responses that no cache keeps, and the body limit."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import get_settings
from tests.support.factories import PASSWORD, create_user, login

AUTH = "/api/v1/auth"


@pytest.fixture
def live_server(clean_database: None) -> Iterator[str]:
    """The app behind a real uvicorn on loopback (in a thread); its host:port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(get_settings()), host="127.0.0.1", port=port, log_config=None
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


class TestNoSniff:
    def test_every_kind_of_response_says_nosniff(self, client: TestClient) -> None:
        responses = [
            client.get("/health"),
            client.get("/metrics"),
            client.get(f"{AUTH}/me"),  # 401
            client.get("/api/v1/nothing-here"),  # 404
            client.post(f"{AUTH}/login", json={}),  # 422
            client.delete("/health"),  # 405
            client.post(f"{AUTH}/login", content=b"x" * 70_000),  # 413
        ]
        for response in responses:
            assert response.headers["X-Content-Type-Options"] == "nosniff", response.request.url


class TestNoStore:
    def test_login_refresh_me_and_logout_are_not_stored(self, client: TestClient) -> None:
        user = create_user()
        logged_in = client.post(f"{AUTH}/login", json={"email": user.email, "password": PASSWORD})
        tokens = logged_in.json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        me = client.get(f"{AUTH}/me", headers=headers)
        refreshed = client.post(f"{AUTH}/refresh", json={"refresh_token": tokens["refresh_token"]})
        pair = refreshed.json()
        logged_out = client.post(
            f"{AUTH}/logout",
            json={"refresh_token": pair["refresh_token"]},
            headers={"Authorization": f"Bearer {pair['access_token']}"},
        )
        assert [r.status_code for r in (logged_in, me, refreshed, logged_out)] == [
            200,
            200,
            200,
            204,
        ]
        for response in (logged_in, me, refreshed, logged_out):
            assert "no-store" in response.headers["Cache-Control"], response.request.url

    def test_auth_errors_are_not_stored_either(self, client: TestClient) -> None:
        failed = client.post(f"{AUTH}/login", json={"email": "x@example.com", "password": "nope"})
        assert failed.status_code == 401
        assert "no-store" in failed.headers["Cache-Control"]
        assert "no-store" in client.get(f"{AUTH}/me").headers["Cache-Control"]


class TestBodyLimit:
    LIMIT = 65536

    def test_a_declared_length_beyond_the_limit_is_413_before_the_body_is_read(
        self, client: TestClient
    ) -> None:
        user = create_user()
        headers = {
            "Authorization": f"Bearer {login(client, user)['access_token']}",
            "Content-Type": "application/json",
        }
        body = b'{"title": "' + b"x" * self.LIMIT + b'"}'
        response = client.post("/api/v1/maice/sessions/", content=body, headers=headers)
        assert response.status_code == 413, response.text
        assert str(self.LIMIT) in response.json()["detail"]
        assert response.headers["X-Request-ID"]

    def test_a_body_without_a_length_beyond_the_limit_is_413(self, client: TestClient) -> None:
        def chunks() -> Iterator[bytes]:
            for _ in range(100):
                yield b"x" * 1024

        response = client.post(
            f"{AUTH}/login", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413, response.text
        assert response.json()["detail"]

    def test_a_chunked_upload_is_cut_off_at_the_limit_not_read_to_its_end(
        self, live_server: str
    ) -> None:
        """Over a real socket: the 413 comes while the client is still sending."""
        offered = 64 * 1024 * 1024  # more than loopback's socket buffers can hide
        host, port = live_server.rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=30) as connection:
            connection.sendall(
                b"POST /api/v1/auth/login HTTP/1.1\r\nHost: test\r\n"
                b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            sent = 0
            chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)

            def send_all() -> None:
                nonlocal sent
                with contextlib.suppress(OSError):  # the server hangs up after its answer
                    while sent < offered:
                        connection.sendall(chunk)
                        sent += 64 * 1024
                    connection.sendall(b"0\r\n\r\n")

            sender = threading.Thread(target=send_all, daemon=True)
            sender.start()
            reply = connection.makefile("rb").readline()
            assert reply.startswith(b"HTTP/1.1 413"), reply
            sender.join(timeout=30)
        assert sent < offered

    @pytest.mark.parametrize("size", [LIMIT - 100, LIMIT])
    def test_a_body_within_the_limit_is_read(self, client: TestClient, size: int) -> None:
        padding = "x" * (size - len('{"email": "a@example.com", "password": "p", "pad": ""}'))
        body = f'{{"email": "a@example.com", "password": "p", "pad": "{padding}"}}'.encode()
        assert len(body) == size
        response = client.post(
            f"{AUTH}/login", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422  # read and validated: "pad" is not a field
        assert "pad" in response.text
