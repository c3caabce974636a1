"""One typed settings object, read from the environment or `.env`."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of MAICE. Names match CONTRACT.md's environment table."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "production"
    log_level: str = "INFO"

    # Unset means "use the embedded dev server" (see maice.embedded).
    database_url: str | None = None
    redis_url: str | None = None
    redis_prefix: str = "maice:"
    # Celery's broker (redis://… or amqp://… for RabbitMQ); unset means REDIS_URL. The
    # event logs and the agent mailbox stay on REDIS_URL either way.
    celery_broker_url: str | None = None

    jwt_secret_key: str | None = None
    jwt_access_token_expire_minutes: int = Field(default=30, gt=0)
    jwt_refresh_token_expire_days: int = Field(default=14, gt=0)
    # A login's absolute lifetime, however often it is refreshed.
    jwt_refresh_token_max_days: int = Field(default=30, gt=0)

    # Password logins, failed or not, per account and per client address in any minute.
    login_attempts_per_minute: int = Field(default=10, gt=0)
    # argon2 computations at once (each takes a core for a moment), and how long a login
    # waits for one before it is answered 503.
    password_hash_concurrency: int = Field(
        default_factory=lambda: max(1, (os.cpu_count() or 2) // 2), gt=0
    )
    password_hash_wait_seconds: float = Field(default=2, gt=0)
    max_request_bytes: int = Field(default=65536, gt=0)

    google_client_id: str | None = None
    google_client_secret: str | None = None
    google_allowed_domains: str = ""
    google_discovery_url: str = "https://accounts.google.com/.well-known/openid-configuration"
    frontend_url: str | None = None

    llm_provider: Literal["tutor", "echo", "openai"] = "tutor"
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str | None = None

    agent_timeout_seconds: float = Field(default=60, gt=0)
    # Requests one agent streams at once; unset = the provider's default (agents.slots).
    agent_concurrency: int | None = Field(default=None, gt=0)
    # Mailbox entries an agent takes ahead of a free slot, telling their students they
    # wait; unset = a quarter of the slots (at least 4).
    agent_waiting_limit: int | None = Field(default=None, ge=0)
    # Pieces of an answer after its first are joined over a window (seconds) that widens
    # with the answers in flight, so that their token events stay near
    # TOKEN_EVENTS_PER_SECOND in all (per agent), from the idle window to the busy one.
    token_window_idle_seconds: float = Field(default=0.05, ge=0, le=5)
    token_window_busy_seconds: float = Field(default=0.25, ge=0, le=5)
    token_events_per_second: float = Field(default=400, gt=0)
    # `maice api` processes sharing the port (uvicorn workers).
    api_workers: int = Field(default=1, gt=0, le=64)
    # A mailbox entry idle this long belongs to a dead agent; live agents refresh theirs.
    agent_claim_idle_seconds: float = Field(default=30, gt=0)
    # Pause between two streamed pieces of an answer (demos, browser tests); 0 = none.
    answer_piece_delay_seconds: float = Field(default=0, ge=0, le=10)
    echo_tokens: int = Field(default=50, gt=0)
    echo_token_delay_seconds: float = Field(default=0, ge=0)
    llm_timeout_seconds: float = Field(default=60, gt=0)
    llm_max_retries: int = Field(default=2, ge=0)
    summary_interval_seconds: float = Field(default=3600, gt=0)
    summary_idle_seconds: float = Field(default=600, ge=0)
    digest_hour: int = Field(default=17, ge=0, le=23)
    timezone: str = "Asia/Seoul"
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    # Unset: STARTTLS whenever SMTP_USERNAME is set, so a password never crosses in clear.
    smtp_starttls: bool | None = None
    smtp_from: str = "MAICE <maice@localhost>"
    smtp_timeout_seconds: float = Field(default=10, gt=0)
    chat_max_concurrent_jobs: int = Field(default=2, gt=0)
    max_streams_per_user: int = Field(default=10, gt=0)
    daily_question_limit: int = Field(default=200, gt=0)
    # Version of the research-consent text; a new version asks every student again.
    consent_version: str = Field(default="2026-1", min_length=1, max_length=32)
    # Sessions one `POST /teacher/evaluations/auto` sends to the agent at most.
    evaluation_batch_max_sessions: int = Field(default=500, gt=0)

    # Browser origins allowed to call the API, comma-separated; "*" = any. Unset: "*" in
    # development, none elsewhere (see cors_origin_list).
    cors_origins: str | None = None

    flower_basic_auth: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    flower_port: int = 5555

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone: fail at start, not at 17:00
        return value

    @field_validator(
        "database_url",
        "redis_url",
        "celery_broker_url",
        "jwt_secret_key",
        "smtp_host",
        "smtp_username",
        "smtp_password",
        "smtp_starttls",
        "agent_concurrency",
        "agent_waiting_limit",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def cors_origin_list(self) -> list[str]:
        if self.cors_origins is None:
            return ["*"] if self.is_development else []
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    @property
    def smtp_uses_starttls(self) -> bool:
        """STARTTLS as configured; unset means "when there is a login to protect"."""
        if self.smtp_starttls is None:
            return self.smtp_username is not None
        return self.smtp_starttls

    @property
    def access_token_seconds(self) -> int:
        return self.jwt_access_token_expire_minutes * 60


# Used only when ENVIRONMENT=development and no key is configured.
DEVELOPMENT_JWT_SECRET = "maice-development-only-secret-do-not-deploy"
# HS256 keys shorter than its 256-bit output can be brute-forced from one token (RFC 7518 3.2).
MIN_JWT_SECRET_BYTES = 32


class ConfigurationError(RuntimeError):
    """Settings that cannot run: a missing secret, a bad combination."""


def jwt_secret(settings: Settings) -> str:
    """The signing key; refuses to run without one, or with a short one, outside development."""
    key = settings.jwt_secret_key
    if settings.is_development:
        return key or DEVELOPMENT_JWT_SECRET
    if not key:
        raise ConfigurationError("JWT_SECRET_KEY is required unless ENVIRONMENT=development")
    if len(key.encode()) < MIN_JWT_SECRET_BYTES:
        raise ConfigurationError(
            f"JWT_SECRET_KEY must be at least {MIN_JWT_SECRET_BYTES} bytes outside development"
            f" (this one has {len(key.encode())}); make one with"
            " `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    return key


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
