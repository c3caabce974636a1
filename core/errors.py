"""The errors services raise; `api.errors` maps each to its HTTP status."""

from __future__ import annotations


class MaiceError(Exception):
    """Base of every expected failure; ``detail`` is safe to show to the client."""

    status_code = 400
    # True when the changes made before the error are the point of it (revoking
    # a token family on reuse) and the unit of work must commit them anyway.
    keep_changes = False

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Unauthorized(MaiceError):
    status_code = 401


class Forbidden(MaiceError):
    status_code = 403


class NotFound(MaiceError):
    """Missing, or not the caller's: the two are never told apart."""

    status_code = 404


class Conflict(MaiceError):
    status_code = 409


class BadRequest(MaiceError):
    status_code = 400


class InvalidInput(MaiceError):
    """Well-formed but unacceptable input that pydantic cannot see (422)."""

    status_code = 422


class RateLimited(MaiceError):
    status_code = 429

    def __init__(self, detail: str, *, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = max(1, retry_after_seconds)


class ServiceUnavailable(MaiceError):
    """A dependency (PostgreSQL, Redis) did not answer."""

    status_code = 503


class Overloaded(ServiceUnavailable):
    """Too much of one costly kind of work at once (password hashing): try again shortly."""

    def __init__(self, detail: str, *, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = max(1, retry_after_seconds)
