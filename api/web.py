"""Serve the browser app (web/) at ``/``, with the security headers its pages need.

The app uses hash routes (``/#/chat/12``), so the server only ever serves ``/`` and
the static folders; every other path, ``/api/v1/...`` included, is the API's own
(its unknown paths stay JSON 404s).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.datastructures import MutableHeaders
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

WEB_ROOT = Path(__file__).resolve().parent.parent / "web"
STATIC_FOLDERS = ("js", "css", "vendor")
# Module scripts are refused under nosniff unless served as JavaScript; do not leave
# that to the host's /etc/mime.types.
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("font/woff2", ".woff2")

# Model output is untrusted: no inline script, no inline style attributes (KaTeX sets
# its styles through the CSSOM, which style-src does not govern), nothing external.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "font-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
_PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # No build step means no hashed file names: revalidate (ETag) on every load.
    "Cache-Control": "no-cache",
}


class SecurityHeadersMiddleware:
    """The page headers on everything outside the API (``nosniff`` is on every answer
    already, from the request-context middleware)."""

    def __init__(self, app: ASGIApp, api_prefix: str) -> None:
        self.app = app
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(self.api_prefix):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _PAGE_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def mount_web_app(app: FastAPI) -> None:
    """Serve web/index.html at ``/`` and web/js, web/css and web/vendor as files.

    An install without web/ (an API-only image) serves the API alone.
    """
    index = WEB_ROOT / "index.html"
    if not index.is_file():
        return

    @app.get("/", include_in_schema=False)
    def web_app() -> FileResponse:
        return FileResponse(index, media_type="text/html; charset=utf-8")

    @app.get("/favicon.svg", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(WEB_ROOT / "favicon.svg", media_type="image/svg+xml")

    for folder in STATIC_FOLDERS:
        app.mount(f"/{folder}", StaticFiles(directory=WEB_ROOT / folder), name=f"web-{folder}")
