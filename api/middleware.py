"""Pure ASGI middleware (BaseHTTPMiddleware would buffer streams).

``RequestContextMiddleware`` gives every response ``X-Request-ID``, ``X-Process-Time``
and ``X-Content-Type-Options: nosniff`` (and ``Cache-Control: no-store`` under the
paths that hand out tokens), binds the request id to the logs, counts the request in
the metrics and writes one access line. ``RequestBodyLimitMiddleware`` refuses bodies
larger than MAX_REQUEST_BYTES with 413 before they are read whole.
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import metrics

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
access_log = structlog.get_logger("maice.access")


def route_template(scope: Scope) -> str:
    """The matched route with its parameters named (/users/{user_id}), to bound label values."""
    if "endpoint" not in scope:
        return "unmatched"
    values = {str(value): name for name, value in scope.get("path_params", {}).items()}
    segments = scope["path"].split("/")
    return "/".join(f"{{{values[s]}}}" if s in values else s for s in segments)


def _client_request_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            return candidate if _VALID_REQUEST_ID.match(candidate) else None
    return None


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, no_store_prefixes: tuple[str, ...] = ()) -> None:
        self.app = app
        self.no_store_prefixes = no_store_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _client_request_id(scope) or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        first_byte: float | None = None
        # Token pairs and the user's own data: no browser or proxy may keep a copy.
        no_store = scope["path"].startswith(self.no_store_prefixes)

        async def send_with_headers(message: Message) -> None:
            nonlocal status, first_byte
            if message["type"] == "http.response.start":
                status = message["status"]
                first_byte = time.perf_counter() - started
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = request_id
                headers["X-Process-Time"] = f"{first_byte:.6f}"
                headers["X-Content-Type-Options"] = "nosniff"
                if no_store:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Starlette answers unhandled errors outside every middleware, so that 500
            # would lack our headers. Answer it here; the error still propagates to be logged.
            if first_byte is None:
                response = JSONResponse({"detail": "Internal server error"}, status_code=500)
                await response(scope, receive, send_with_headers)
            raise
        finally:
            elapsed = first_byte if first_byte is not None else time.perf_counter() - started
            template = route_template(scope)
            metrics.observe(scope["method"], template, status, elapsed)
            access_log.info(
                "request",
                method=scope["method"],
                path=template,
                status=status,
                seconds=round(elapsed, 6),
                user_id=scope["state"].get("user_id"),
            )


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server's HTTP parser refuses such requests first
    return None


class RequestBodyLimitMiddleware:
    """413 for a body larger than ``max_bytes``: at once when Content-Length says so, else
    as soon as the chunks that arrived pass the limit.

    The body is received here (at most ``max_bytes`` of it is ever held) and then handed
    to the app exactly as it came, so routes never see a body they would read whole
    before knowing its size.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        received: list[Message] = []
        size = 0
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":
                break  # the client went away; the app hears of it as usual
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return received.pop(0) if received else await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"detail": f"Request body too large: at most {self.max_bytes} bytes are accepted"},
            status_code=413,
            headers={"Connection": "close"},  # the rest of the body is never read
        )
        await response(scope, receive, send)
