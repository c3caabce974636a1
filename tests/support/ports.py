"""Loopback ports for servers the tests start, and for ones nothing listens on."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A loopback port free right now (bound, then released): for a server about to start,
    or, left alone, a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def bound_socket() -> socket.socket:
    """A socket bound to a free loopback port, for a server that is handed the socket
    (so no other process can take the port in between)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock
