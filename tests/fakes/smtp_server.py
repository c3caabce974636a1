"""An SMTP server on loopback (aiosmtpd) that keeps what it is sent, or refuses at first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message as EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.support.ports import free_port


class Mailbox:
    """An aiosmtpd handler that refuses the first ``refusals`` messages, then keeps them."""

    def __init__(self, refusals: int = 0) -> None:
        self.refusals = refusals
        self.attempts = 0
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.attempts += 1
        if self.attempts <= self.refusals:
            return "451 4.3.0 try again later"
        assert isinstance(envelope.content, bytes)
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
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
