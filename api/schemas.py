"""Schema building blocks shared by the routers."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    field_validator,
)

# Checked by email-validator (through pydantic), which also normalises the domain (IDNA,
# lower case); the whole address is then lower-cased, as addresses have always been stored
# here, and looked up case-insensitively, so "Ada@School.example" is "ada@school.example".
Email = Annotated[EmailStr, Field(max_length=320), AfterValidator(str.lower)]
Password = Annotated[str, Field(min_length=8, max_length=128)]
Name = Annotated[str, Field(min_length=1, max_length=100)]

# The ids of users, sessions, messages ... are PostgreSQL `integer` columns: a larger id
# names nothing, and the schema says so (422 beyond, like any other invalid input).
MAX_ID = 2**31 - 1
Id = Annotated[int, Ge(1), Le(MAX_ID)]  # an object's id, in a path, a query or a body

# RFC 3339 (the OpenAPI `date-time` format); a missing offset is read as UTC.
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?"
)


def _date_time_text(value: object) -> object:
    # pydantic would also take a number (`0.5`, seconds since 1970) or a bare date.
    if isinstance(value, str) and _DATE_TIME.fullmatch(value):
        return value
    raise ValueError("must be a date-time like 2026-03-01T09:00:00Z (RFC 3339)")


# A date-time in a query: RFC 3339 text only (a leap second is refused); no offset = UTC.
DateTimeParam = Annotated[datetime, BeforeValidator(_date_time_text)]


NO_NUL_PATTERN = r"^[^\x00]*$"


def _declare_no_nul(schema: dict[str, Any]) -> None:
    """Say in the schema what ``StrictInput`` checks: no text field holds a NUL."""
    for field in schema.get("properties", {}).values():
        for option in [field, *field.get("anyOf", [])]:
            if option.get("type") == "string" and not {"pattern", "enum"} & option.keys():
                option["pattern"] = NO_NUL_PATTERN


class StrictInput(BaseModel):
    """Request bodies: unknown fields are an error, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_declare_no_nul)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL text cannot hold NUL: refuse it here, not as a failure later.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)
