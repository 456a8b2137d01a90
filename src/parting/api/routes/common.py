"""What every route shares: the caller, input schemas that refuse unknown fields, one of
the caller's rows by id (404 otherwise, R9), and an object answered with its ETag."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Schema
from pydantic import ConfigDict, Field

from parting.api.paging import DEFAULT_LIMIT, MAX_LIMIT, etag
from parting.api.problems import ApiProblem
from parting.core.domain.bounds import parse_id
from parting.core.domain.types import User

SHORT = 200  # names and titles
LONG = 10_000  # notes


class In(Schema):
    """A request body: an unknown field is refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class ListQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=200)
    updated_since: dt.datetime | None = None


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
