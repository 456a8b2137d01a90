"""What every route shares: the caller, input schemas that refuse unknown fields, one of
the caller's rows by id (404 otherwise, R9), and an object answered with its ETag."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Schema
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from parting.api.paging import DEFAULT_LIMIT, MAX_LIMIT, etag
from parting.api.problems import ApiProblem
from parting.core.domain.bounds import parse_id
from parting.core.domain.types import User

SHORT = 200  # names and titles
LONG = 10_000  # notes


# Days and times as ISO 8601 text within the years the app accepts (bounds.FIRST_DAY to
# LAST_DAY), and times with their offset: the description says so, and input is held to it
# (a bare number is not a day, as pydantic would otherwise read it).
_YEAR = r"(19[0-9]{2}|2[01][0-9]{2}|2200)"
_DAY = _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DAY_PATTERN = f"^{_DAY}$"
TIME_PATTERN = (
    f"^{_DAY}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{{1,6}})?"
    r"(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$"
)


def _iso(pattern: str, what: str) -> Any:
    def check(value: object) -> object:
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(pattern, value):
            return value
        if isinstance(value, str) and re.fullmatch(pattern, "2000" + value[4:]):
            raise PydanticCustomError("out_of_range", "dates lie between 1900 and 2200")
        raise PydanticCustomError("invalid_format", f"give {what}")

    return BeforeValidator(check)


Day = Annotated[
    dt.date,
    _iso(DAY_PATTERN, "a day as YYYY-MM-DD"),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
]
Moment = Annotated[
    dt.datetime,
    _iso(TIME_PATTERN, "a time as YYYY-MM-DDThh:mm:ss with its offset (Z or +hh:mm)"),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": TIME_PATTERN}),
]


def plain_text(value: Any) -> Any:
    """Text a database can keep: no NUL character (PostgreSQL refuses it), no lone surrogate."""
    if isinstance(value, list):
        return [plain_text(item) for item in value]
    if isinstance(value, str):
        if "\x00" in value:
            raise PydanticCustomError("nul_character", "text may not hold a NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise PydanticCustomError("invalid_unicode", "text is not valid Unicode") from None
    return value


class Strict(Schema):
    """Input: an unknown field is refused, not ignored, and text is plain text."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return plain_text(value)


class In(Strict):
    """A request body."""


class ListQuery(Strict):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=200)
    updated_since: Moment | None = None


ListParams = Query[ListQuery]


def caller(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]  # set by TokenAuth
    return user


def owned(rows: Any, request: HttpRequest, pk: object, what: str) -> Any:
    """The caller's row `pk` of `rows`; anything else (another account's too) is a 404."""
    number = parse_id(pk)
    found = rows.for_user(caller(request)).filter(pk=number).first() if number else None  # type: ignore[attr-defined]
    if found is None:
        raise ApiProblem(404, "not_found", f"no {what} #{pk}")
    return found


def answer(response: HttpResponse, data: dict[str, Any]) -> dict[str, Any]:
    """One object, with the ETag an update's If-Match names."""
    response["ETag"] = etag(data)
    return data


def given(data: Schema) -> dict[str, Any]:
    """The fields a PATCH body set (an omitted field is left alone)."""
    return data.model_dump(exclude_unset=True)
