"""One place that turns failures into HTTP answers: a JSON ``detail``, never a traceback."""

from __future__ import annotations

import json

import redis.exceptions
import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import exc as sa_exc

from core.errors import MaiceError, Overloaded, RateLimited, Unauthorized

log = structlog.get_logger(__name__)


def _error(status_code: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status_code, headers=headers)


async def _maice_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, MaiceError)
    headers: dict[str, str] = {}
    if isinstance(error, Unauthorized):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(error, RateLimited | Overloaded):
        headers["Retry-After"] = str(error.retry_after_seconds)
    return _error(error.status_code, error.detail, headers)


async def _invalid_request(request: Request, error: Exception) -> Response:
    # FastAPI's own handler, but ASCII-escaped: the errors echo the input, and a lone
    # surrogate in it (JSON "\ud800") cannot be encoded as UTF-8, which was a 500.
    assert isinstance(error, RequestValidationError)
    body = json.dumps({"detail": jsonable_encoder(error.errors())}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


async def _database_unavailable(request: Request, error: Exception) -> JSONResponse:
    log.warning("database unavailable", error=type(error).__name__)
    return _error(503, "Database unavailable, try again shortly", {"Retry-After": "5"})


async def _redis_unavailable(request: Request, error: Exception) -> JSONResponse:
    log.warning("redis unavailable", error=type(error).__name__)
    return _error(503, "Redis unavailable, try again shortly", {"Retry-After": "5"})


async def _integrity_error(request: Request, error: Exception) -> JSONResponse:
    # Races the services' own checks lose (two creates with one e-mail) end here.
    return _error(409, "Conflicts with existing data")


async def _invalid_data(request: Request, error: Exception) -> JSONResponse:
    # Values the schemas let through but PostgreSQL refuses: an id beyond its integer
    # range, a NUL character in text. Bad input, not a server fault.
    log.info("database refused a value", error=type(error).__name__)
    return _error(422, "Invalid input: a value is out of range or contains invalid characters")


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error", error=type(error).__name__)
    return _error(500, "Internal server error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MaiceError, _maice_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(sa_exc.OperationalError, _database_unavailable)
    app.add_exception_handler(sa_exc.InterfaceError, _database_unavailable)
    app.add_exception_handler(sa_exc.TimeoutError, _database_unavailable)
    app.add_exception_handler(sa_exc.IntegrityError, _integrity_error)
    app.add_exception_handler(sa_exc.DataError, _invalid_data)
    app.add_exception_handler(redis.exceptions.ConnectionError, _redis_unavailable)
    app.add_exception_handler(redis.exceptions.TimeoutError, _redis_unavailable)
    app.add_exception_handler(Exception, _unexpected)
