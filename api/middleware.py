"""Request context as pure ASGI middleware (BaseHTTPMiddleware would buffer streams).

Gives every response ``X-Request-ID`` and ``X-Process-Time``, binds the request
id to the logs, counts the request in the metrics and writes one access line.
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
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

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

        async def send_with_headers(message: Message) -> None:
            nonlocal status, first_byte
            if message["type"] == "http.response.start":
                status = message["status"]
                first_byte = time.perf_counter() - started
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = request_id
                headers["X-Process-Time"] = f"{first_byte:.6f}"
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
