"""An SMTP server on loopback (aiosmtpd) that keeps what it is sent, or refuses at first;
optionally one that takes mail only after STARTTLS and a login (a certificate of a
test CA, which the client is told to trust through SSL_CERT_FILE)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message as EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.support.ports import free_port


class Mailbox:
    """An aiosmtpd handler that refuses the first ``refusals`` messages, then keeps them."""

    def __init__(self, refusals: int = 0) -> None:
        self.refusals = refusals
        self.attempts = 0
        self.messages: list[tuple[list[str], EmailMessage]] = []
        # Per kept message: whether it came over TLS, and the login that sent it.
        self.deliveries: list[tuple[bool, str | None]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.attempts += 1
        if self.attempts <= self.refusals:
            return "451 4.3.0 try again later"
        assert isinstance(envelope.content, bytes)
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        auth = session.auth_data  # what the authenticator accepted (a LoginPassword)
        login = auth.login.decode() if isinstance(auth, LoginPassword) else None
        self.deliveries.append((session.ssl is not None, login))
        return "250 OK"


@contextmanager
def running_smtp_server(refusals: int = 0) -> Iterator[tuple[Mailbox, int]]:
    """Serve a Mailbox for the block; the mailbox and the server's port."""
    mailbox = Mailbox(refusals)
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@dataclass
class Login:
    """The one username and password the server accepts."""

    username: str
    password: str

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        accepted = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self.username
            and data.password.decode() == self.password
        )
        return AuthResult(success=accepted, handled=False, auth_data=data)


@contextmanager
def running_starttls_smtp_server(
    login: Login, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Mailbox, int]]:
    """An SMTP server that requires STARTTLS and ``login`` before mail; while it runs,
    this process trusts its test CA (SSL_CERT_FILE, which OpenSSL reads per context)."""
    authority = trustme.CA()
    ca_file = tmp_path / "smtp-ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context,
        require_starttls=True,
        authenticator=login,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
