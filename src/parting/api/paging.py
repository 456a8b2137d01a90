"""Lists: cursor pagination, `updated_since`, a bounded page size, and ETags.

A page is ordered by id and its cursor names the last id it held, signed so it cannot be
forged: rows added while a client pages appear after what it has read, never twice and
never instead of a row it has not seen (stable under inserts).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

import orjson
from django.core import signing
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import create_model

from parting.api.problems import ApiProblem
from parting.core.domain.bounds import FIRST_DAY, LAST_DAY, parse_id

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def page_schema(name: str, item: type[Schema]) -> type[Schema]:
    """`{"items": [item…], "next_cursor": str | null}`."""
    items: Any = list[item]  # type: ignore[valid-type]
    model: type[Schema] = create_model(
        f"{name}Page", __base__=Schema, items=(items, ...), next_cursor=(str | None, ...)
    )
    return model


def _signer(kind: str) -> signing.Signer:
    return signing.Signer(salt=f"parting.api.cursor.{kind}")


def make_cursor(kind: str, last_id: int) -> str:
    return _signer(kind).sign(str(last_id))


def read_cursor(kind: str, cursor: str | None) -> int | None:
    if cursor is None or cursor == "":
        return None
    try:
        value = _signer(kind).unsign(cursor)
    except signing.BadSignature:
        raise ApiProblem(400, "bad_cursor", "not a cursor this list gave", "cursor") from None
    pk = parse_id(value)
    if pk is None:
        raise ApiProblem(400, "bad_cursor", "not a cursor this list gave", "cursor")
    return pk


def check_time(value: dt.datetime | None, field: str) -> None:
    if value is not None and not FIRST_DAY <= value.date() <= LAST_DAY:
        raise ApiProblem(422, "out_of_range", f"{field}: dates lie between 1900 and 2200", field)


def check_date(value: dt.date | None, field: str) -> None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ApiProblem(422, "out_of_range", f"{field}: dates lie between 1900 and 2200", field)


def paginate(
    kind: str,
    rows: QuerySet[Any],
    out: Callable[[Any], dict[str, Any]],
    *,
    limit: int,
    cursor: str | None,
    updated_since: dt.datetime | None,
) -> dict[str, Any]:
    """One page of `rows` as dicts, ordered by id, after the cursor."""
    after = read_cursor(kind, cursor)
    check_time(updated_since, "updated_since")
    if updated_since is not None:
        rows = rows.filter(updated_at__gte=updated_since)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    items = list(rows.order_by("pk")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return {
        "items": [out(row) for row in items],
        "next_cursor": make_cursor(kind, items[-1].pk) if more and items else None,
    }


def rendered(data: Any, status: int = 200) -> HttpResponse:
    """An answer the `*_out` functions built, written straight to JSON. Those functions make
    exactly what the schemas describe (tests hold them to it, and schemathesis checks every
    answer), and validating a page of 100 rows over again took longer than reading them."""
    return HttpResponse(orjson.dumps(data), status=status, content_type="application/json")


def listed(
    kind: str,
    rows: QuerySet[Any],
    out: Callable[[Any], dict[str, Any]],
    q: Any,
    filters: dict[str, str],
) -> HttpResponse:
    """One page of `rows` narrowed by each filter the query gives: `filters` maps a query
    field to its lookup (`{"status": "status", "since": "at__date__gte"}`)."""
    for name, lookup in filters.items():
        value = getattr(q, name)
        if value is None:
            continue
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            check_date(value, name)
        rows = rows.filter(**{lookup: getattr(value, "value", value)})
    page = paginate(kind, rows, out, limit=q.limit, cursor=q.cursor, updated_since=q.updated_since)
    return rendered(page)


def etag(data: dict[str, Any]) -> str:
    """A strong validator for one object as the API shows it."""
    text = json.dumps(data, sort_keys=True, default=str)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def check_if_match(request: HttpRequest, current: dict[str, Any]) -> None:
    """`If-Match` on a write: 412 unless it names the object as it is now (or is `*`)."""
    wanted = request.headers.get("If-Match")
    if wanted is None:
        return
    tags = [t.strip() for t in wanted.split(",") if t.strip()]
    if "*" in tags or etag(current) in tags:
        return
    raise ApiProblem(
        412,
        "etag_mismatch",
        "changed since you read it: read it again, then retry with its new ETag",
        headers={"ETag": etag(current)},
    )
