"""A RabbitMQ virtual host of a test's own on the machine's RabbitMQ (or a skip saying why).

The server comes from TEST_RABBITMQ_URL (default: guest on 127.0.0.1:5672, what
CI and this machine run). Each vhost holds its own queues, exchanges, pidbox and
event exchanges, so parallel runs and stacks never take each other's tasks or
answer each other's broadcasts. Vhosts are made through the management API when
it answers, else with ``rabbitmqctl`` on this machine; with neither, tests skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
import pytest

DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672//"


def server_url() -> str:
    return os.environ.get("TEST_RABBITMQ_URL", DEFAULT_URL)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


class _Management:
    """RabbitMQ's HTTP management API (the management plugin), when it answers."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.base = os.environ.get(
            "TEST_RABBITMQ_MANAGEMENT_URL", f"http://{parts.hostname}:15672"
        ).rstrip("/")
        self.auth = (parts.username or "guest", parts.password or "guest")
        self.user = self.auth[0]

    def available(self) -> bool:
        try:
            return httpx.get(f"{self.base}/api/overview", auth=self.auth, timeout=2).is_success
        except httpx.HTTPError:
            return False

    def add(self, vhost: str) -> None:
        name = quote(vhost, safe="")
        httpx.put(f"{self.base}/api/vhosts/{name}", auth=self.auth, timeout=10).raise_for_status()
        httpx.put(
            f"{self.base}/api/permissions/{name}/{quote(self.user, safe='')}",
            json={"configure": ".*", "write": ".*", "read": ".*"},
            auth=self.auth,
            timeout=10,
        ).raise_for_status()

    def delete(self, vhost: str) -> None:
        httpx.delete(f"{self.base}/api/vhosts/{quote(vhost, safe='')}", auth=self.auth, timeout=30)


class _Ctl:
    """``rabbitmqctl`` of a RabbitMQ on this machine."""

    def __init__(self, url: str) -> None:
        self.user = urlsplit(url).username or "guest"

    @staticmethod
    def available() -> bool:
        if not shutil.which("rabbitmqctl"):
            return False
        done = subprocess.run(
            ["rabbitmqctl", "-q", "list_vhosts"], capture_output=True, timeout=30, check=False
        )
        return done.returncode == 0

    def add(self, vhost: str) -> None:
        subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True, timeout=30)
        subprocess.run(
            ["rabbitmqctl", "-q", "set_permissions", "-p", vhost, self.user, ".*", ".*", ".*"],
            check=True,
            timeout=30,
        )

    def delete(self, vhost: str) -> None:
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], timeout=60, check=False)


def _admin(url: str) -> _Management | _Ctl:
    """How to make vhosts on the server of ``url``; skips the test when there is no way."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5672
    if not _reachable(host, port):
        pytest.skip(f"RabbitMQ is not reachable at {host}:{port} (set TEST_RABBITMQ_URL)")
    management = _Management(url)
    if management.available():
        return management
    ctl = _Ctl(url)
    if ctl.available():
        return ctl
    pytest.skip(
        f"RabbitMQ at {host}:{port} answers, but neither its management API"
        f" ({management.base}) nor rabbitmqctl can make a test vhost"
    )


@contextmanager
def scratch_vhost(label: str = "maice-test") -> Iterator[str]:
    """A new, empty vhost for the block (deleted afterwards); the broker URL into it."""
    url = server_url()
    admin = _admin(url)
    vhost = f"{label}-{uuid.uuid4().hex[:10]}"
    admin.add(vhost)
    parts = urlsplit(url)
    try:
        yield urlunsplit(parts._replace(path="/" + quote(vhost, safe="")))
    finally:
        admin.delete(vhost)


BROKERS = ("redis", "rabbitmq")


@contextmanager
def celery_broker(name: str) -> Iterator[dict[str, str]]:
    """The environment a stack needs for Celery on ``name`` (one of BROKERS): nothing
    for Redis (the stack's own prefix), CELERY_BROKER_URL into a new vhost for RabbitMQ."""
    if name == "redis":
        yield {}
        return
    assert name == "rabbitmq", name
    with scratch_vhost() as url:
        yield {"CELERY_BROKER_URL": url}
