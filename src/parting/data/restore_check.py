"""Checking a backup row by row before anything is written, with the rules the forms use.

Every row goes through the model's `full_clean` (lengths, choices, validators, bounds), after a
strict JSON type check; keys must name rows of the same backup; unique rules hold within it.
The first problem found is reported as "<model> row <n>, field <f>: <why>".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from parting.core.choices import Response
from parting.core.domain.errors import DomainError, Invalid
from parting.core.domain.profile_update import check_region, check_timezone
from parting.core.models import Ask, Conversation, Lead, Profile

MAX_ID = 2**63 - 1
# Structured values (a drill card's state) are shallow; anything deeper is not Parting's.
MAX_JSON_DEPTH = 20
TEXT = {"CharField", "TextField", "EmailField", "URLField", "SlugField"}
WHEN = {"DateField", "DateTimeField", "TimeField"}
WHOLE = {
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}


@dataclass
class Checked:
    """A backup that passed: converted values per model, keys still the backup's ids."""

    profile: dict[str, Any]
    rows: list[tuple[type[models.Model], list[dict[str, Any]]]] = field(default_factory=list)


class Refused(Invalid):
    """One row or field the restore cannot take."""

    def __init__(self, where: str, why: str, attname: str | None = None) -> None:
        place = f"{where}, field {attname}" if attname else where
        super().__init__(f"{place}: {why}", field="file")


def check(
    data: dict[str, Any],
    ordered: list[type[models.Model]],
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """The whole backup checked; raises Refused at the first bad row. `progress` hears of
    rows checked."""
    labels = {m._meta.label: m for m in ordered}
    for label, rows in data["models"].items():
        if label not in labels:
            raise Refused(f"models[{label!r}]", "not a kind of record Parting backs up")
        if not isinstance(rows, list):
            raise Refused(_name(labels[label]), "not a list of rows")
    ids = {m._meta.label: _ids(m, data["models"].get(m._meta.label) or []) for m in ordered}
    checked = Checked(profile=_profile(data.get("profile")))
    total = sum(len(data["models"].get(m._meta.label) or []) for m in ordered)
    done = 0
    if progress:
        progress(0, total)
    for model in ordered:
        rows = data["models"].get(model._meta.label) or []
        cleaned = []
        for n, row in enumerate(rows, start=1):
            cleaned.append(_row(model, n, row, ids))
            if progress and (done + n) % 500 == 0:
                progress(done + n, total)
        done += len(rows)
        _unique(model, cleaned)
        checked.rows.append((model, cleaned))
    if progress:
        progress(total, total)
    _r2(dict(checked.rows))
    return checked


def _r2(rows: dict[type[models.Model], list[dict[str, Any]]]) -> None:
    """R2 holds in a backup as on every other door: a lead's referrer is the contact of the
    conversation it came from, and an ask answered gave_lead has at least one lead."""
    contact_of = {r["id"]: r["contact_id"] for r in rows.get(Conversation, [])}
    with_leads = set()
    for n, lead in enumerate(rows.get(Lead, []), start=1):
        with_leads.add(lead.get("ask_id"))
        said_by = contact_of.get(lead.get("conversation_id"))
        if said_by is not None and lead["referrer_id"] != said_by:
            why = "not the contact of the conversation it came from (R2)"
            raise Refused(_where(Lead, n), why, "referrer_id")
    for n, ask in enumerate(rows.get(Ask, []), start=1):
        if ask["response"] == Response.GAVE_LEAD and ask["id"] not in with_leads:
            raise Refused(_where(Ask, n), "answered gave_lead but has no lead (R2)", "response")


def _name(model: type[models.Model]) -> str:
    return model._meta.object_name or model.__name__


def _where(model: type[models.Model], n: int) -> str:
    return f"{_name(model)} row {n}"


def _ids(model: type[models.Model], rows: list[Any]) -> set[int]:
    """Each row's id: a whole number in range, once per model."""
    seen: set[int] = set()
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise Refused(_where(model, n), "not a record (a JSON object with its fields)")
        pk = row.get("id")
        if pk is None:
            raise Refused(_where(model, n), "missing (every row has its id)", "id")
        if not _is_id(pk):
            raise Refused(_where(model, n), f"{_show(pk)} is not an id", "id")
        if pk in seen:
            raise Refused(_where(model, n), f"id {pk} is used by an earlier row", "id")
        seen.add(pk)
    return seen


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def _show(value: Any) -> str:
    text = "missing" if value is None else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _row(
    model: type[models.Model], n: int, row: dict[str, Any], ids: dict[str, set[int]]
) -> dict[str, Any]:
    """One row's values, converted and validated like a form would."""
    where = _where(model, n)
    fields = {f.attname: f for f in model._meta.concrete_fields if f.name != "owner"}
    unknown = sorted(set(row) - set(fields))
    if unknown:
        raise Refused(where, f"not a field of {_name(model)}", unknown[0])
    obj = model()
    keys: dict[str, Any] = {}
    for attname, value in row.items():
        f = fields[attname]
        if f.is_relation:
            keys[attname] = _key(where, f, value, ids)
        elif not f.primary_key:
            setattr(obj, attname, _typed(where, f, value))
    _missing_keys(where, fields, keys)
    _clean(where, obj, exclude=[f.name for f in model._meta.concrete_fields if f.is_relation])
    values = {a: getattr(obj, a) for a in row if not fields[a].is_relation}
    return {**values, **keys, "id": row["id"]}


def _key(where: str, f: models.Field, value: Any, ids: dict[str, set[int]]) -> int | None:
    if value is None:
        return None
    target = f.related_model._meta.label  # type: ignore[union-attr]
    if not _is_id(value):
        raise Refused(where, f"{_show(value)} is not an id", f.attname)
    if target not in ids:
        raise Refused(where, f"points outside the backup ({target})", f.attname)
    if value not in ids[target]:
        name = target.split(".")[-1]
        raise Refused(where, f"no {name} with id {value} in this backup", f.attname)
    return int(value)


def _missing_keys(where: str, fields: dict[str, models.Field], keys: dict[str, Any]) -> None:
    for attname, f in fields.items():
        if f.is_relation and not f.null and keys.get(attname) is None:
            raise Refused(where, "missing (every such row names one)", attname)


def _typed(where: str, f: models.Field, value: Any) -> Any:
    """The JSON type the field needs, before Django converts it."""
    kind = f.get_internal_type()
    if value is None:
        return None
    if kind in WHEN and isinstance(value, dt.date | dt.time):
        return value  # a backup handed over in-process, not read from a file
    if kind in TEXT | WHEN:
        if not isinstance(value, str):
            raise Refused(where, f"{_show(value)} is not text", f.attname)
        if "\x00" in value:
            raise Refused(where, "contains a NUL character", f.attname)
    elif kind in WHOLE and (not isinstance(value, int) or isinstance(value, bool)):
        raise Refused(where, f"{_show(value)} is not a whole number", f.attname)
    elif kind == "FloatField" and (not isinstance(value, int | float) or isinstance(value, bool)):
        raise Refused(where, f"{_show(value)} is not a number", f.attname)
    elif kind == "BooleanField" and not isinstance(value, bool):
        raise Refused(where, f"{_show(value)} is not true or false", f.attname)
    elif kind == "JSONField":
        _shallow(where, f.attname, value)
    return value


def _shallow(where: str, attname: str, value: Any) -> None:
    """A structured value: at most MAX_JSON_DEPTH deep, no NUL (PostgreSQL refuses it)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise Refused(where, f"nested deeper than {MAX_JSON_DEPTH} levels", attname)
        if isinstance(item, str) and "\x00" in item:
            raise Refused(where, "contains a NUL character", attname)
        if isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _clean(where: str, obj: models.Model, exclude: list[str]) -> None:
    """The model's own rules; converted values are left on `obj`."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        name, why = _first(exc)
        attname = getattr(obj._meta.get_field(name), "attname", name) if name != "__all__" else None
        raise Refused(where, why, attname) from None
    for f in obj._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if f.get_internal_type() == "DateTimeField" and value and timezone.is_naive(value):
            setattr(obj, f.attname, timezone.make_aware(value, dt.UTC))


def _first(exc: ValidationError) -> tuple[str, str]:
    errors = getattr(exc, "error_dict", None) or {"__all__": exc.error_list}
    name = next(iter(errors))
    return name, " ".join(ValidationError(errors[name]).messages)


def _unique(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Unique fields and per-owner unique rules, within the backup (its owner is one)."""
    for names, key in _unique_keys(model):
        seen: dict[Any, int] = {}
        for n, row in enumerate(rows, start=1):
            value = key(row)
            if value is None:
                continue
            if value in seen and not names:
                raise Refused(_where(model, n), "an account has only one")
            if value in seen:
                why = f"the same as row {seen[value]} (each must be different)"
                raise Refused(_where(model, n), why, names)
            seen[value] = n


def _unique_keys(model: type[models.Model]) -> Iterator[tuple[str, Any]]:
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key:
            yield f.attname, _getter([f.attname])
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or constraint.condition:
            continue
        parts = [_part(model, e) for e in (constraint.fields or constraint.expressions)]
        if all(p is not None for p in parts):
            named = [p for p in parts if p and p[0] != "owner_id"]  # one owner in a backup
            label = ", ".join(p[0] for p in named)
            yield label, _getter([p[0] for p in named], lower={p[0] for p in named if p[1]})


def _part(model: type[models.Model], expr: Any) -> tuple[str, bool] | None:
    """(attname, compare lower-cased) for a field name, F() or Lower(F()); None otherwise."""
    lower = isinstance(expr, Lower)
    if lower:
        expr = expr.source_expressions[0]
    name = expr if isinstance(expr, str) else getattr(expr, "name", None)
    if not isinstance(name, str):
        return None
    return model._meta.get_field(name).attname, lower  # type: ignore[union-attr]


def _getter(attnames: list[str], lower: set[str] | frozenset[str] = frozenset()) -> Any:
    def key(row: dict[str, Any]) -> tuple[Any, ...] | None:
        values = tuple(str(row.get(a)).lower() if a in lower else row.get(a) for a in attnames)
        return None if any(v is None for v in values) else values

    return key


def _profile(values: Any) -> dict[str, Any]:
    """The profile's fields, checked like the profile and settings forms."""
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise Refused("profile", "not a record (a JSON object with its fields)")
    fields = {f.attname: f for f in Profile._meta.concrete_fields if f.name not in ("id", "owner")}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise Refused("profile", "not a field of the profile", unknown[0])
    profile = Profile()
    for attname, value in values.items():
        setattr(profile, attname, _typed("profile", fields[attname], value))
    _clean("profile", profile, exclude=["owner"])
    try:
        check_timezone(profile.timezone)
        check_region(profile.phone_region)
    except DomainError as exc:
        raise Refused("profile", exc.message, exc.field) from None
    return {a: getattr(profile, a) for a in values}
