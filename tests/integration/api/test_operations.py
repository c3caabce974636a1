from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from api.app import create_app
from core.settings import get_settings
from tests.support.factories import auth_headers, create_user


class TestHealth:
    @pytest.mark.parametrize("path", ["/health", "/api/v1/health"])
    def test_health_is_ok_at_the_root_and_under_the_api_prefix(
        self, client: TestClient, path: str
    ) -> None:
        response = client.get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


class TestReady:
    @pytest.mark.parametrize("path", ["/ready", "/api/v1/ready"])
    def test_ready_when_postgres_and_redis_answer(self, client: TestClient, path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, response.text


class TestMetrics:
    def test_metrics_are_prometheus_text_labelled_by_route_template(
        self, client: TestClient
    ) -> None:
        user = create_user("student")
        response = client.get(f"/api/v1/users/{user.id}", headers=auth_headers(client, user))
        assert response.status_code == 200

        metrics = client.get("/metrics")
        assert metrics.status_code == 200
        assert metrics.headers["content-type"].startswith("text/plain")
        text = metrics.text
        assert "# TYPE maice_http_requests_total counter" in text
        counted = re.findall(r"^maice_http_requests_total\{(.*)\} (\S+)$", text, re.M)
        assert counted, text[:2000]
        labels = [dict(re.findall(r'(\w+)="([^"]*)"', group)) for group, _ in counted]
        routes = {label["route"] for label in labels}
        assert "/api/v1/users/{user_id}" in routes
        assert f"/api/v1/users/{user.id}" not in routes
        assert not any(re.search(r"/\d+(/|$)", route) for route in routes), routes
        matching = [
            label
            for label in labels
            if label["route"] == "/api/v1/users/{user_id}" and label["method"] == "GET"
        ]
        assert {label["status"] for label in matching} >= {"200"}

    def test_unmatched_paths_do_not_become_labels(self, client: TestClient) -> None:
        client.get("/no-such-page-12345")
        text = client.get("/metrics").text
        assert "no-such-page-12345" not in text

    def test_metrics_at_the_api_prefix_too(self, client: TestClient) -> None:
        response = client.get("/api/v1/metrics")
        assert response.status_code == 200
        assert "maice_http_requests_total" in response.text


def assert_context_headers(response: Response) -> None:
    assert response.headers["X-Request-ID"]
    process_time = float(response.headers["X-Process-Time"])
    assert 0 <= process_time < 60


class TestRequestContextHeaders:
    def test_every_kind_of_response_carries_request_id_and_process_time(
        self, client: TestClient
    ) -> None:
        responses = [
            client.get("/health"),
            client.get("/ready"),
            client.get("/metrics"),
            client.get("/api/v1/auth/me"),  # 401
            client.get("/api/v1/nothing-here"),  # 404
            client.post("/api/v1/auth/login", json={}),  # 422
            client.post(
                "/api/v1/auth/login", content=b"{bad", headers={"Content-Type": "application/json"}
            ),
            client.delete("/health"),  # 405
        ]
        assert [r.status_code for r in responses] == [200, 200, 200, 401, 404, 422, 422, 405]
        for response in responses:
            assert_context_headers(response)

    def test_generated_request_ids_are_unique(self, client: TestClient) -> None:
        ids = {client.get("/health").headers["X-Request-ID"] for _ in range(5)}
        assert len(ids) == 5

    def test_a_client_supplied_request_id_is_echoed_back(self, client: TestClient) -> None:
        response = client.get("/health", headers={"X-Request-ID": "client-abc.123:4"})
        assert response.headers["X-Request-ID"] == "client-abc.123:4"
        failed = client.get("/api/v1/auth/me", headers={"X-Request-ID": "trace-401"})
        assert failed.status_code == 401
        assert failed.headers["X-Request-ID"] == "trace-401"

    def test_an_unsafe_request_id_is_replaced(self, client: TestClient) -> None:
        for unsafe in ("has spaces in it", "x" * 500, "new\\nline"):
            response = client.get("/health", headers={"X-Request-ID": unsafe})
            assert response.headers["X-Request-ID"] != unsafe
            assert re.fullmatch(r"[A-Za-z0-9._:-]{1,128}", response.headers["X-Request-ID"])

    def test_process_time_is_a_float_in_seconds(self, client: TestClient) -> None:
        value = client.get("/health").headers["X-Process-Time"]
        assert re.fullmatch(r"\d+\.\d+", value)
        assert float(value) < 5

    def test_an_unexpected_error_is_a_json_500_with_the_headers_and_no_internals(
        self, clean_database: None
    ) -> None:
        app = create_app(get_settings())

        def broken() -> None:
            raise RuntimeError("internal detail that must not leak")

        app.add_api_route("/api/v1/broken-for-test", broken)
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/api/v1/broken-for-test", headers={"X-Request-ID": "oops-1"})
        assert response.status_code == 500
        assert response.json() == {"detail": "Internal server error"}
        assert "Traceback" not in response.text
        assert "must not leak" not in response.text
        assert response.headers["X-Request-ID"] == "oops-1"
        assert_context_headers(response)
