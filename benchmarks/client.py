"""A lean HTTP/1.1 client for the load: one keep-alive connection per student.

The students share the machine with what is measured, so their client should
cost as little CPU as possible (httpx spends about 2.5 ms per chat here). It
speaks just what the load needs: a JSON POST, then a status line, headers and a
body that is chunked or has a Content-Length.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import urlsplit


class HttpError(Exception):
    """The server answered with an error status, or broke the protocol."""


class Connection:
    """POSTs JSON to one server and streams the reply's body."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post_stream(
        self, path: str, body: bytes, headers: dict[str, str]
    ) -> AsyncIterator[bytes]:
        """The body of the reply, piece by piece as it arrives; HttpError unless 200."""
        reader, writer = await self._connected()
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}", "", ""]
        writer.write("\r\n".join(head).encode() + body)
        status, reply_headers = await self._read_head(reader)
        if status != 200:
            detail = b"".join([piece async for piece in self._body(reader, reply_headers)])
            raise HttpError(f"HTTP {status}: {detail[:200]!r}")
        async for piece in self._body(reader, reply_headers):
            yield piece
        if reply_headers.get("connection") == "close":
            await self.close()

    async def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request and its whole reply: (status, headers in lower case, body)."""
        reader, writer = await self._connected()
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if body is not None:
            head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        writer.write("\r\n".join([*head, "", ""]).encode() + (body or b""))
        status, reply_headers = await self._read_head(reader)
        reply = b"".join([piece async for piece in self._body(reader, reply_headers)])
        if reply_headers.get("connection") == "close":
            await self.close()
        return status, reply_headers, reply

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def _connected(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.reader is None or self.writer is None or self.reader.at_eof():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self.reader, self.writer

    async def _read_head(self, reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as error:
            await self.close()
            raise HttpError("connection closed before a reply") from error
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            if name:
                headers[name.strip().lower()] = value.strip().lower()
        return int(status_line.split(" ", 2)[1]), headers

    async def _body(
        self, reader: asyncio.StreamReader, headers: dict[str, str]
    ) -> AsyncIterator[bytes]:
        try:
            if headers.get("transfer-encoding") == "chunked":
                while size := int((await reader.readuntil(b"\r\n"))[:-2].split(b";")[0], 16):
                    yield (await reader.readexactly(size + 2))[:-2]
                await reader.readuntil(b"\r\n")  # no trailers are sent: the empty line
            else:
                yield await reader.readexactly(int(headers.get("content-length", "0")))
        except (asyncio.IncompleteReadError, ValueError) as error:
            await self.close()
            raise HttpError("malformed or cut reply body") from error
