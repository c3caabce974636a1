"""The OpenAPI description tells the truth about errors, for every route, without hand work.

FastAPI declares a route's success response and a 422 of a shape the API never sends.
This module post-processes the generated description once: every error response is
`{"detail": ...}` (``ErrorBody``, as ``api.errors`` answers), and each operation
declares the error statuses it can answer, derived from what it is made of:

- its dependencies, each marked with ``answers(...)`` where it is defined (the current
  user → 401, a role check → 403, the app's connections → 503, a stream slot → 429 ...),
  and the route function itself when it knows more (``answers(409)`` on a create);
- its parameters: any parameter or body → 422; a path parameter, or a query or body field
  that names an object (``*_id``, ``*_ids``) → 404; a body → 413 (MAX_REQUEST_BYTES) and
  400 (FastAPI's answer to a body that is not UTF-8 text).

A status a route declares itself with ``responses=`` keeps its description and gets the
error body. Two things FastAPI gets wrong are put right: an optional parameter is not
"string or null" (a query or header holds text; leaving it out is what `required: false`
says), and integer bounds its OpenAPI model turned into floats are integers again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field

ERROR_STATUSES_ATTRIBUTE = "__maice_error_statuses__"
INT64_MAX = 2**63 - 1
# What each status means here (CONTRACT.md, "Errors"), shown in the docs.
ERROR_DESCRIPTIONS = {
    400: "Bad request: a body that is not UTF-8 text, or see `detail`",
    401: "No, invalid, expired or revoked token, or bad credentials",
    403: "Authenticated, but not allowed (wrong role, or not your object to change)",
    404: "Not found, or not yours",
    409: "Conflicts with the current state (see `detail`)",
    413: "Request body larger than MAX_REQUEST_BYTES",
    422: "Invalid input: `detail` lists what is wrong (or says it)",
    429: "Over a limit: try again after `Retry-After` seconds",
    503: "A dependency (PostgreSQL, Redis) is down or busy: try again shortly",
}
_RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "string", "pattern": "^[0-9]+$"},
}
ERROR_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"description": "`Bearer`.", "schema": {"type": "string"}}},
    429: {"Retry-After": {**_RETRY_AFTER, "required": True}},
    503: {"Retry-After": _RETRY_AFTER},
}
_FASTAPI_ERROR_SCHEMAS = ("HTTPValidationError", "ValidationError")

F = TypeVar("F", bound=Callable[..., Any])


class ValidationIssue(BaseModel):
    """One problem with the input, as pydantic reports it."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="What kind of problem, e.g. `missing`, `string_too_long`.")
    loc: list[str | int] = Field(description="Where: `body`, `query`, `path` or `header`, ...")
    msg: str = Field(description="The problem in words.")
    input: Any = Field(default=None, description="The value that was refused.")
    ctx: dict[str, Any] | None = Field(default=None, description="The limit that was broken.")


class ErrorBody(BaseModel):
    """Every error the API answers: a message, or (for invalid input) the list of problems."""

    detail: str | list[ValidationIssue]


def answers(*statuses: int) -> Callable[[F], F]:
    """Mark a dependency, or a route function, as able to answer these error statuses;
    every route that uses it declares them in the OpenAPI description."""

    def mark(function: F) -> F:
        known: frozenset[int] = getattr(function, ERROR_STATUSES_ATTRIBUTE, frozenset())
        setattr(function, ERROR_STATUSES_ATTRIBUTE, known | frozenset(statuses))
        return function

    return mark


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` (and so /openapi.json and the docs) the corrected description."""
    generate = app.openapi
    corrected: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        schema = generate()  # FastAPI's own, cached until the routes change
        if not corrected or corrected[0] is not schema:
            correct_openapi(app, schema)
            corrected[:] = [schema]
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def correct_openapi(app: FastAPI, schema: dict[str, Any]) -> None:
    """Declare every operation's error responses and the one error body, in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in _FASTAPI_ERROR_SCHEMAS:
        components.pop(name, None)
    defs = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(defs.pop("$defs", {}))
    components["ErrorBody"] = defs
    marked = _marked_statuses(app)
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                _drop_null(parameter.get("schema", {}))
            statuses = marked.get((method.upper(), path), set()) | _statuses_from_inputs(
                operation, components
            )
            _declare(operation, statuses)
    _restore_integer_bounds(schema)


def _marked_statuses(app: FastAPI) -> dict[tuple[str, str], set[int]]:
    found: dict[tuple[str, str], set[int]] = {}
    for context in iter_route_contexts(app.routes):
        dependant = getattr(context, "dependant", None)
        path = context.path_format
        if dependant is None or path is None or not getattr(context, "include_in_schema", False):
            continue
        statuses = {status for call in _calls(dependant) for status in _marks(call)}
        for method in context.methods or ():
            found.setdefault((method.upper(), path), set()).update(statuses)
    return found


def _calls(dependant: Dependant) -> Iterator[Any]:
    yield dependant.call
    for dependency in dependant.dependencies:
        yield from _calls(dependency)


def _marks(call: Any) -> frozenset[int]:
    marks: frozenset[int] = getattr(call, ERROR_STATUSES_ATTRIBUTE, frozenset())
    return marks


def _names_an_object(name: str) -> bool:
    return name == "id" or name.endswith(("_id", "_ids"))


def _statuses_from_inputs(operation: dict[str, Any], components: dict[str, Any]) -> set[int]:
    statuses: set[int] = set()
    parameters = operation.get("parameters", [])
    if parameters:
        statuses.add(422)
    for parameter in parameters:
        if parameter["in"] == "path" or (
            parameter["in"] == "query" and _names_an_object(parameter["name"])
        ):
            statuses.add(404)
    body = operation.get("requestBody")
    if body:
        statuses |= {400, 413, 422}
        for content in body.get("content", {}).values():
            fields = _properties(content.get("schema", {}), components)
            if any(_names_an_object(name) for name in fields):
                statuses.add(404)
    return statuses


def _properties(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    properties: dict[str, Any] = schema.get("properties", {})
    return properties


def _declare(operation: dict[str, Any], statuses: set[int]) -> None:
    responses = operation.setdefault("responses", {})
    for status in sorted(statuses | {int(code) for code in responses if code.isdigit()}):
        if status < 400:
            continue
        response = responses.setdefault(
            str(status), {"description": ERROR_DESCRIPTIONS.get(status, "Error")}
        )
        content = response.get("content", {})
        json_schema = content.get("application/json", {}).get("schema", {})
        if content and not json_schema.get("$ref", "").endswith(_FASTAPI_ERROR_SCHEMAS):
            continue  # a body of the route's own (/ready's 503)
        response["content"] = {
            "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}
        }
        if status == 422:
            response["description"] = ERROR_DESCRIPTIONS[422]
        if status in ERROR_HEADERS:
            response.setdefault("headers", {}).update(ERROR_HEADERS[status])


def _drop_null(schema: dict[str, Any]) -> None:
    options = schema.get("anyOf")
    if not options:
        return
    kept = [option for option in options if option.get("type") != "null"]
    if len(kept) == 1:
        del schema["anyOf"]
        schema.update(kept[0])
    else:
        schema["anyOf"] = kept


def _restore_integer_bounds(node: Any) -> None:
    """FastAPI's OpenAPI model keeps bounds as floats, and 2**63-1 as a float is 2**63:
    put integer bounds back as integers, so a client may not send one more than allowed."""
    if isinstance(node, list):
        for item in node:
            _restore_integer_bounds(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "integer":
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = node.get(key)
            if isinstance(bound, float):
                node[key] = INT64_MAX if bound >= float(INT64_MAX) else int(bound)
    for value in node.values():
        _restore_integer_bounds(value)
