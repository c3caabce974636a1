"""`maice users create`, run as an operator runs it: a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]


def maice(*args: str) -> subprocess.CompletedProcess[str]:
    # os.environ was pointed at this run's database and Redis by the session fixture.
    return subprocess.run(
        [sys.executable, "-m", "maice", *args],
        cwd=REPO,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def create(email: str, role: str = "teacher") -> subprocess.CompletedProcess[str]:
    return maice(
        "users", "create",
        "--email", email, "--password", "cli-password-1", "--name", "Cli User", "--role", role,
    )  # fmt: skip


class TestUsersCreate:
    def test_created_user_can_log_in_and_a_second_create_fails_cleanly(
        self, clean_database: None, client: TestClient
    ) -> None:
        first = create("cli.teacher@example.com")
        assert first.returncode == 0, first.stderr
        assert "cli.teacher@example.com" in first.stdout

        login = client.post(
            "/api/v1/auth/login",
            json={"email": "cli.teacher@example.com", "password": "cli-password-1"},
        )
        assert login.status_code == 200, login.text
        me = client.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"}
        )
        assert me.json()["role"] == "teacher"
        assert me.json()["name"] == "Cli User"

        again = create("CLI.Teacher@example.com")
        assert again.returncode != 0
        assert "exists" in again.stderr.lower()
        assert "Traceback" not in again.stderr + again.stdout

    def test_invalid_role_exits_non_zero_without_creating_anyone(
        self, clean_database: None, client: TestClient
    ) -> None:
        result = create("wizard@example.com", role="wizard")
        assert result.returncode != 0
        assert "role" in result.stderr.lower()
        assert "Traceback" not in result.stderr + result.stdout
        login = client.post(
            "/api/v1/auth/login",
            json={"email": "wizard@example.com", "password": "cli-password-1"},
        )
        assert login.status_code == 401
