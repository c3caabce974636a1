"""Digest e-mail through an SMTP server that takes mail only over STARTTLS, after a login."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings
from tasks.digests import deliver
from tests.fakes.smtp_server import Login, Mailbox, running_starttls_smtp_server

LOGIN = Login("digests@school.example", "smtp-test-password")


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Mailbox, int]]:
    with running_starttls_smtp_server(LOGIN, tmp_path, monkeypatch) as running:
        yield running


def mail_settings(port: int, **fields: object) -> Settings:
    base: dict[str, object] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_username": LOGIN.username,
        "smtp_password": LOGIN.password,
    }
    return Settings(**(base | fields))  # type: ignore[arg-type]


def send(settings: Settings) -> None:
    deliver(settings, to="teacher@school.example", subject="Daily summary", body="본문")


def test_with_a_username_the_mail_goes_over_starttls_by_default(
    server: tuple[Mailbox, int],
) -> None:
    mailbox, port = server
    send(mail_settings(port))
    assert mailbox.deliveries == [(True, LOGIN.username)]
    [(recipients, message)] = mailbox.messages
    assert recipients == ["teacher@school.example"]
    assert message["Subject"] == "Daily summary"


def test_starttls_switched_off_is_refused_by_a_server_that_requires_it(
    server: tuple[Mailbox, int],
) -> None:
    mailbox, port = server
    with pytest.raises(smtplib.SMTPException):
        send(mail_settings(port, smtp_starttls=False))
    assert mailbox.messages == []


def test_a_wrong_password_is_refused(server: tuple[Mailbox, int]) -> None:
    mailbox, port = server
    with pytest.raises(smtplib.SMTPAuthenticationError):
        send(mail_settings(port, smtp_password="not-the-password"))
    assert mailbox.messages == []
