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
from django.db.models import JSONField, Model
from django.utils import timezone

MAX_PARAMS = {"sqlite": 32_000, "postgresql": 60_000}


def insert(objs: Sequence[Model]) -> None:
    """INSERT the unsaved `objs` (one model) and set their primary keys."""
    if not objs:
        return
    model = type(objs[0])
    conn = connections[router.db_for_write(model)]
    now = timezone.now()
    fields = _fields(model)
    for f in fields:  # what pre_save would do for auto_now / auto_now_add
        if _stamped(f):
            for obj in objs:
                setattr(obj, f.attname, now)
    rows = [[value(conn, obj, f) for f in fields] for obj in objs]
    for obj, new_pk in zip(objs, _insert(conn, model, fields, rows), strict=True):
        obj.pk = new_pk
        obj._state.adding = False
        obj._state.db = conn.alias


def insert_rows(model: type[Model], rows: Sequence[dict[str, Any]]) -> list[Any]:
    """INSERT plain rows ({attname: value}, defaults for the rest) of `model`; their new ids.
    No model instance is built: at tens of thousands of rows that is most of the time."""
    if not rows:
        return []
    conn = connections[router.db_for_write(model)]
    now = timezone.now()
    fields = _fields(model)
    prepared = []
    for f in fields:
        default = now if _stamped(f) else f.get_default()
        json = isinstance(f, JSONField)
        prepared.append((f.attname, default, json, f))
    values = [
        [
            f.get_db_prep_save(row.get(name, default), conn)
            if json
            else plain(conn, row.get(name, default))
            for name, default, json, f in prepared
        ]
        for row in rows
    ]
    return _insert(conn, model, fields, values)


def _fields(model: type[Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _stamped(field: Any) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _insert(conn: Any, model: type[Model], fields: list[Any], rows: list[list[Any]]) -> list[Any]:
    quote = conn.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, MAX_PARAMS.get(conn.vendor, 900) // len(fields))
    table = quote(model._meta.db_table)
    pk = quote(str(model._meta.pk.column))  # type: ignore[union-attr]
    ids: list[Any] = []
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            return _insert_pipelined(cursor.cursor, table, columns, one, pk, rows)
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            values = ", ".join([one] * len(chunk))
            # Identifiers come from the model's metadata; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {pk}"  # noqa: S608
            cursor.execute(sql, [v for row in chunk for v in row])
            ids += [new_pk for (new_pk,) in cursor.fetchall()]
    return ids


def _insert_pipelined(
    raw: Any, table: str, columns: str, one: str, pk: str, rows: list[list[Any]]
) -> list[Any]:
    """PostgreSQL: one small statement, executemany in pipeline mode, one id per row in order
    (psycopg would spend seconds converting one huge multi-row statement)."""
    sql = f"INSERT INTO {table} ({columns}) VALUES {one} RETURNING {pk}"  # noqa: S608
    raw.executemany(sql, rows, returning=True)
    ids = []
    for _ in rows:
        ids.append(raw.fetchone()[0])
        raw.nextset()
    return ids


def value(conn: Any, obj: Model, field: Any) -> Any:
    """The field's value for the driver; JSON goes through the field (Jsonb, or text)."""
    raw = getattr(obj, field.attname)
    if isinstance(field, JSONField):
        return field.get_db_prep_save(raw, conn)
    return plain(conn, raw)


def plain(conn: Any, value: Any) -> Any:
    """A value the driver takes as it is: text, numbers, None; dates in the backend's form."""
    if isinstance(value, dt.datetime):
        return conn.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return conn.ops.adapt_datefield_value(value)
    return value
