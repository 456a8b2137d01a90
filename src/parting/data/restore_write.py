"""Writing a checked backup without holding the database for long, all or nothing.

The rows are built under a staging account in small transactions, so other writers get the
lock between them. One short transaction then hands the account's old rows to a retired
account and the staged rows to the account. The old rows are deleted afterwards, again in
small transactions. Until the switch the account is untouched; after it, it is complete.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import (
    DatabaseError,
    IntegrityError,
    connections,
    models,
    router,
    transaction,
)
from django.utils import timezone

from parting.core.domain import accounts, freshness
from parting.core.domain.errors import Invalid
from parting.core.models import Profile
from parting.data.restore_check import Checked

BATCH = 500
# A staging account left behind by a restore that died (a killed process) is removed later.
STALE = dt.timedelta(hours=1)
log = logging.getLogger(__name__)


def write(
    user: Any,
    checked: Checked,
    ordered: list[type[models.Model]],
    progress: Callable[[int, int], None] | None = None,
    record: Callable[[dict[str, int]], None] | None = None,
) -> dict[str, int]:
    """Replace everything in `user`'s account with the checked rows; returns counts per model.
    `progress` hears of rows staged, between the batches; `record(counts)` is called inside
    the switch, so what it writes commits with the restore or not at all."""
    forget_stale(ordered)
    staging = accounts.staging_account()
    retired = None
    stager = _Stager(staging, checked, progress)
    try:
        began = time.perf_counter()
        try:
            done = stager.run()
        except IntegrityError as exc:  # a database rule the row checks do not know
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "a unique rule"
            raise Invalid(f"{stager.current} rows break a database rule ({first})") from None
        retired = accounts.staging_account()
        staged = time.perf_counter()
        with transaction.atomic():
            _switch(user, staging, retired, checked.profile, ordered)
            if record:
                record(done)
        log.info(
            "restore of %d rows: staged in %.2f s (longest write transaction %.3f s), "
            "switched in one transaction of %.3f s",
            stager.total,
            staged - began,
            stager.longest,
            time.perf_counter() - staged,
        )
    finally:
        for owner in (staging, retired):
            if owner is not None:
                discard(owner, ordered)
    return done


def _switch(
    user: Any, staging: Any, retired: Any, profile: dict[str, Any], ordered: list[Any]
) -> None:
    """The one short transaction: whole tables change owner, no row is read into Python."""
    with transaction.atomic():
        for model in _dependents(ordered):  # e.g. merge history naming the old rows
            model._base_manager.filter(owner=user).delete()
        for model in ordered:
            model._base_manager.filter(owner=user).update(owner=retired)
            model._base_manager.filter(owner=staging).update(owner=user)
        freshness.changed([user.pk])  # whole tables changed owner, unseen by the models
        row, _ = Profile.objects.get_or_create(owner=user)
        for attname, value in profile.items():
            setattr(row, attname, value)
        row.save()


def _dependents(ordered: list[type[models.Model]]) -> list[type[models.Model]]:
    """Owned models left out of backups whose rows point at backed-up rows."""
    return [
        m
        for m in apps.get_models()
        if m not in ordered
        and any(f.name == "owner" for f in m._meta.concrete_fields)
        and any(f.is_relation and f.related_model in ordered for f in m._meta.concrete_fields)
    ]


def discard(owner: Any, ordered: list[type[models.Model]]) -> None:
    """Delete a staging account and its rows, a batch per transaction; later if busy."""
    try:
        for model in reversed(ordered):
            rows = model._base_manager.filter(owner=owner)
            while pks := list(rows.values_list("pk", flat=True)[:BATCH]):
                with transaction.atomic():
                    model._base_manager.filter(pk__in=pks).delete()
        with transaction.atomic():
            type(owner)._base_manager.filter(pk=owner.pk).delete()
    except DatabaseError as exc:
        log.warning("staging account %s left for later: %s", owner.username, exc)


def forget_stale(ordered: list[type[models.Model]]) -> None:
    for owner in accounts.staging_accounts().filter(date_joined__lt=timezone.now() - STALE):
        discard(owner, ordered)


class _Stager:
    """Insert rows under the staging owner, remapping the backup's ids to new ones."""

    def __init__(
        self, owner: Any, checked: Checked, progress: Callable[[int, int], None] | None
    ) -> None:
        self.owner = owner
        self.checked = checked
        self.progress = progress
        self.total = sum(len(rows) for _, rows in checked.rows)
        self.staged = 0
        self.longest = 0.0  # seconds of the longest write transaction, the lock others wait on
        self.ids: dict[str, dict[int, int]] = {}
        self.later: list[tuple[type[models.Model], int, str, str, int]] = []
        self.now = timezone.now()
        self.current = ""

    def run(self) -> dict[str, int]:
        done: dict[str, int] = {}
        for model, rows in self.checked.rows:
            label = model._meta.label
            self.current = model._meta.object_name or label
            self.ids[label] = {}
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                self._batch(model, chunk)
                self.staged += len(chunk)
                if self.progress:
                    self.progress(self.staged, self.total)
            done[label] = len(rows)
        self._forward_keys()
        return done

    def _batch(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        pending: list[tuple[models.Model, str, str, int]] = []
        objs = [self._obj(model, fields, row, pending) for row in rows]
        with self._timed():
            _insert(model, objs)
        label = model._meta.label
        for row, obj in zip(rows, objs, strict=True):
            self.ids[label][row["id"]] = obj.pk
        self.later.extend((model, obj.pk, a, target, old) for obj, a, target, old in pending)

    def _obj(
        self,
        model: type[models.Model],
        fields: dict[str, models.Field],
        row: dict[str, Any],
        pending: list[tuple[models.Model, str, str, int]],
    ) -> models.Model:
        obj = model(owner=self.owner)
        for f in fields.values():
            if _stamped(f):  # kept from the backup when it has them
                setattr(obj, f.attname, self.now)
        for attname, value in row.items():
            f = fields[attname]
            if f.primary_key:
                continue
            if f.is_relation and value is not None:
                target = f.related_model._meta.label  # type: ignore[union-attr]
                if target != model._meta.label and target in self.ids:
                    value = self.ids[target][value]
                else:  # a row later in the order (e.g. a parent company): set afterwards
                    pending.append((obj, attname, target, value))
                    value = None
            setattr(obj, attname, value)
        return obj

    def _forward_keys(self) -> None:
        """Keys to rows staged after the row itself: one UPDATE per key value, in batches."""
        groups: dict[tuple[type[models.Model], str, int], list[int]] = {}
        for model, pk, attname, target, old in self.later:
            groups.setdefault((model, attname, self.ids[target][old]), []).append(pk)
        items = list(groups.items())
        for start in range(0, len(items), BATCH):
            with self._timed():
                for (model, attname, value), pks in items[start : start + BATCH]:
                    model._base_manager.filter(pk__in=pks).update(**{attname: value})

    @contextmanager
    def _timed(self) -> Iterator[None]:
        """One short write transaction, its length noted."""
        began = time.perf_counter()
        with transaction.atomic():
            yield
        self.longest = max(self.longest, time.perf_counter() - began)


def _insert(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert as they are, like loading a fixture (raw): created_at and updated_at are the
    backup's, not now, with no second pass to write them back."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    connection = connections[router.db_for_write(model)]
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    returning = model._meta.db_returning_fields
    for start in range(0, len(objs), size):
        chunk = objs[start : start + size]
        rows = model._base_manager._insert(  # type: ignore[attr-defined]
            chunk, fields=fields, returning_fields=returning, raw=True, using=connection.alias
        )
        for obj, row in zip(chunk, rows, strict=True):
            obj.pk = row[0]
            obj._state.adding, obj._state.db = False, connection.alias


def _stamped(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
