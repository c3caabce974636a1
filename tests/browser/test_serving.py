"""How maice api serves the web app: files, types, security headers, the API left alone."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.web import WEB_ROOT
from core.settings import get_settings


@pytest.fixture(scope="module")
def client(test_services: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(get_settings())) as test_client:
        yield test_client


class TestPages:
    def test_the_app_is_served_at_the_root_under_a_strict_policy(self, client: TestClient) -> None:
        response = client.get("/")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert '<script type="module" src="/js/main.js">' in response.text
        policy = response.headers["content-security-policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'none'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["connect-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"

    @pytest.mark.parametrize(
        ("path", "media_type"),
        [
            ("/js/main.js", "text/javascript"),
            ("/vendor/katex/katex.mjs", "text/javascript"),
            ("/vendor/dompurify/purify.es.mjs", "text/javascript"),
            ("/vendor/katex/katex.min.css", "text/css"),
            ("/vendor/katex/fonts/KaTeX_Main-Regular.woff2", "font/woff2"),
            ("/css/app.css", "text/css"),
            ("/favicon.svg", "image/svg+xml"),
        ],
    )
    def test_files_have_the_types_module_scripts_need_under_nosniff(
        self, client: TestClient, path: str, media_type: str
    ) -> None:
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media_type
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-cache"

    def test_the_vendoring_script_is_not_served(self, client: TestClient) -> None:
        assert client.get("/vendor.py").status_code == 404
        assert client.get("/js/../vendor.py").status_code == 404


class TestTheApiIsLeftAlone:
    def test_unknown_api_paths_are_json_404s(self, client: TestClient) -> None:
        for path in ("/api/v1/nope", "/api/v1/maice/nope/1", "/chat/123", "/js/missing.js"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == "application/json", path
            assert response.json() == {"detail": "Not Found"}, path

    def test_api_answers_carry_nosniff_and_no_page_policy(self, client: TestClient) -> None:
        response = client.get("/api/v1/auth/me")
        assert response.status_code == 401
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" not in response.headers


def test_vendored_files_match_their_lock() -> None:
    """Every vendored file is the one the lock's checksum names (no network needed)."""
    script = Path(WEB_ROOT) / "vendor.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
