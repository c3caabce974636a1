"""A JWT_SECRET_KEY shorter than 32 bytes is refused outside development, at start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.app import create_app
from core.settings import ConfigurationError, Settings, jwt_secret

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("environment", ["production", "test"])
def test_a_short_key_is_refused_outside_development(environment: str) -> None:
    settings = Settings(environment=environment, jwt_secret_key="k" * 31)
    with pytest.raises(ConfigurationError, match="at least 32 bytes"):
        jwt_secret(settings)
    with pytest.raises(ConfigurationError, match="JWT_SECRET_KEY"):
        create_app(settings)


def test_the_length_is_counted_in_bytes() -> None:
    # 11 Hangul syllables are 33 bytes in UTF-8 though only 11 characters.
    assert jwt_secret(Settings(environment="production", jwt_secret_key="비" * 11)) == "비" * 11
    with pytest.raises(ConfigurationError):
        jwt_secret(Settings(environment="production", jwt_secret_key="비" * 10))


def test_a_32_byte_key_is_accepted_and_development_may_use_a_short_one() -> None:
    assert jwt_secret(Settings(environment="production", jwt_secret_key="k" * 32)) == "k" * 32
    assert jwt_secret(Settings(environment="development", jwt_secret_key="short")) == "short"


def test_maice_api_exits_at_start_with_a_clear_message(test_services: dict[str, str]) -> None:
    environment = dict(os.environ) | {"ENVIRONMENT": "production", "JWT_SECRET_KEY": "too-short"}
    result = subprocess.run(
        [sys.executable, "-m", "maice", "api", "--port", "1"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "JWT_SECRET_KEY" in result.stderr
    assert "32 bytes" in result.stderr
    assert "Traceback" not in result.stderr
