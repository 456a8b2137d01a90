"""Inserting tens of thousands of new rows fast, ids returned.

bulk_create prepares every value through its field and caps SQLite batches at 999
parameters; for a 30,000-row import that is most of the time. Here values of plain types go
straight to the driver in multi-row INSERT … RETURNING statements (the same statement and
the same reliance on RETURNING order that bulk_create uses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model
from django.utils import timezone

MAX_PARAMS = {"sqlite": 32_000, "postgresql": 60_000}


def insert(objs: Sequence[Model]) -> None:
    """INSERT the unsaved `objs` (one model) and set their primary keys."""
    if not objs:
        return
    model = type(objs[0])
    conn = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    for f in fields:  # what pre_save would do for auto_now / auto_now_add
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    quote = conn.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, MAX_PARAMS.get(conn.vendor, 900) // len(fields))
    table = quote(model._meta.db_table)
    pk = quote(str(model._meta.pk.column))  # type: ignore[union-attr]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            _insert_pipelined(cursor.cursor, table, columns, one, pk, objs, fields, conn)
            return
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            values = ", ".join([one] * len(chunk))
            # Identifiers come from the model's metadata; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {pk}"  # noqa: S608
            params = [plain(conn, getattr(obj, f.attname)) for obj in chunk for f in fields]
            cursor.execute(sql, params)
            for obj, (new_pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = new_pk
                obj._state.adding = False
                obj._state.db = conn.alias


def _insert_pipelined(
    raw: Any,
    table: str,
    columns: str,
    one: str,
    pk: str,
    objs: Sequence[Model],
    fields: list,
    conn: Any,
) -> None:
    """PostgreSQL: one small statement, executemany in pipeline mode, one id per row in order
    (psycopg would spend seconds converting one huge multi-row statement)."""
    sql = f"INSERT INTO {table} ({columns}) VALUES {one} RETURNING {pk}"  # noqa: S608
    params = [[plain(conn, getattr(obj, f.attname)) for f in fields] for obj in objs]
    raw.executemany(sql, params, returning=True)
    for obj in objs:
        row = raw.fetchone()
        obj.pk = row[0]
        obj._state.adding = False
        obj._state.db = conn.alias
        raw.nextset()


def plain(conn: Any, value: Any) -> Any:
    """A value the driver takes as it is: text, numbers, None; dates in the backend's form."""
    if isinstance(value, dt.datetime):
        return conn.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return conn.ops.adapt_datefield_value(value)
    return value
