"""What the insights compute from a seeker's history is remembered until that history changes.

Each account has a stamp (`DataStamp`), a random token replaced in the same transaction as any
write to its companies, contacts, openings, conversations, asks, leads, follow-ups, questions,
practice cards or script: the models of
`core.models.Stamped` call `changed` when saved or deleted and when their querysets update,
delete or insert in bulk; imports' raw inserts and restores call it themselves. A result is
cached under (what, account, stamp, arguments): reading the stamp first, a process never
serves a result older than the data it can see, and the stamp lives in the database, so a
write by the CLI or another process counts too. The cache itself is each process's own.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import IntegrityError, transaction

from parting.core.models import DataStamp

T = TypeVar("T")
# Entries are replaced by a change, not by time; this only lets idle ones go.
TIMEOUT = 3600
_local = threading.local()


def changed(owner_ids: Iterable[int | None]) -> None:
    """The data of these accounts changed: give each a new stamp, now (inside the writer's
    transaction, so the stamp and the rows it stands for commit together), or at the end of
    a `held` block."""
    ids = {pk for pk in owner_ids if pk}
    held: set[int] | None = getattr(_local, "held", None)
    if held is not None:
        held |= ids
        return
    for pk in ids:
        _restamp(pk)


@contextmanager
def held() -> Iterator[None]:
    """Gather the changes of a long write and restamp once, at its end: on PostgreSQL the stamp's
    row stays locked until the transaction commits, so a long import takes it last."""
    if getattr(_local, "held", None) is not None:  # nested: the outer block restamps
        yield
        return
    _local.held = set()
    try:
        yield
        ids, _local.held = _local.held, None
        changed(ids)
    finally:
        _local.held = None


def _restamp(owner_id: int) -> None:
    token = secrets.token_hex(8)
    looked: dict[int, str] | None = getattr(_local, "looked", None)
    if looked is not None:
        looked[owner_id] = token
    if DataStamp.objects.filter(owner_id=owner_id).update(stamp=token):
        return
    try:
        with transaction.atomic():
            DataStamp.objects.create(owner_id=owner_id, stamp=token)
    except IntegrityError:  # created meanwhile by another writer
        DataStamp.objects.filter(owner_id=owner_id).update(stamp=token)


def stamp(owner_id: int) -> str:
    """The account's current stamp; empty while nothing was ever written. Inside `one_look`,
    read once and then kept (and replaced by this thread's own writes)."""
    looked: dict[int, str] | None = getattr(_local, "looked", None)
    if looked is not None and owner_id in looked:
        return looked[owner_id]
    found = DataStamp.objects.filter(owner_id=owner_id).values_list("stamp", flat=True).first()
    if looked is not None:
        looked[owner_id] = found or ""
    return found or ""


@contextmanager
def one_look() -> Iterator[None]:
    """One web request: each account's stamp is read once, however many remembered results
    the page shows (the badge, Today, the first week), as one consistent view of the data."""
    outer = getattr(_local, "looked", None)
    _local.looked = {} if outer is None else outer
    try:
        yield
    finally:
        _local.looked = outer


def remembered(owner_id: int, what: str, arguments: Any, compute: Callable[[], T]) -> T:
    """`compute()`, or its result from the last call with the same arguments while the
    account's data is unchanged. `arguments` must be a repr-stable value (tuples, strings,
    numbers, dates)."""
    digest = hashlib.sha256(repr(arguments).encode()).hexdigest()[:24]
    return _cached(f"parting:{what}:{owner_id}:{stamp(owner_id)}:{digest}", compute)


def remembered_across(
    owner_ids: Iterable[int], what: str, arguments: Any, compute: Callable[[], T]
) -> T:
    """`remembered` for a result made from several accounts' data (a coach's cohort): kept
    while the same accounts are in it and none of them changed; their stamps in one query."""
    ids = sorted(set(owner_ids))
    found = dict(DataStamp.objects.filter(owner_id__in=ids).values_list("owner_id", "stamp"))
    together = (arguments, [(pk, found.get(pk, "")) for pk in ids])
    digest = hashlib.sha256(repr(together).encode()).hexdigest()[:32]
    return _cached(f"parting:{what}:across:{digest}", compute)


def _cached(key: str, compute: Callable[[], T]) -> T:
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return found
    value = compute()
    cache.set(key, value, TIMEOUT)
    return value


_MISSING = object()
