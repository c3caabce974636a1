"""An ASGI app served by uvicorn in a background thread, on a free loopback port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from tests.support.ports import bound_socket
from tests.support.waits import wait_until


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` for the block; its base URL (``http://127.0.0.1:<port>``)."""
    sock = bound_socket()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, args=([sock],), daemon=True)
    thread.start()

    def started() -> bool:
        if not thread.is_alive():
            raise RuntimeError("the loopback server died while starting")
        return server.started

    try:
        wait_until(started, "loopback server start", timeout=10, interval=0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
