"""Carrying out a plan in one transaction: companies, contacts, every email/phone/URL, merges
into existing contacts (filling gaps, never overwriting) and review pairs.

A contact's first email, phone and LinkedIn address live on the contact itself; every
further one becomes a ContactPoint, so nothing read from a file is dropped."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from django.db import connections, router, transaction
from django.db.models import Field
from django.utils import timezone

from parting.core.domain import freshness
from parting.core.domain import merge as merging
from parting.core.domain.errors import Invalid
from parting.core.models import Company, Contact, ContactPoint, Merge, ReviewPair
from parting.data.imports import inserts
from parting.data.imports.plan import MERGED, NEW, REVIEW, Entry, Plan, Progress

BATCH = 2000
FILLED = ("title", "email", "phone", "linkedin_url", "linkedin_slug", "connected_on")
# What a merge snapshots of the kept contact (merge.KEPT_FIELDS), loaded in one query.
LOADED = (*FILLED, "company", "notes", "phone_ext", "holds_my_number")


def apply(
    user: Any,
    plan: Plan,
    skip_bad: bool = False,
    run: Any = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Import the plan: all or nothing, unless `skip_bad` leaves the bad rows out. Every row
    merged into a contact is recorded as a Merge of `run`, so it can be listed and undone.
    `progress` hears of rows written: the new ones, then the merged ones, then all."""
    bad = plan.bad
    if bad and not skip_bad:
        first = bad[0].skip
        assert first is not None
        more = f" and {len(bad) - 1} more bad rows" if len(bad) > 1 else ""
        raise Invalid(
            f"{plan.filename}, line {first.line}: {first.reason}{more}; nothing imported "
            "(skip bad rows to import the rest)",
            field="file",
        )
    report = progress or (lambda done, total: None)
    total = plan.rows()
    # Contacts go in through raw inserts and updates, which the models do not see: the
    # account's data stamp changes once, as the transaction ends (domain.freshness).
    with transaction.atomic(), freshness.held():
        freshness.changed([user.pk])
        companies = _companies(user, plan)
        pending = _pending(user, plan, companies)
        inserts.insert(list(pending.values()))
        report(len(pending), total)
        points = Points(user)
        for ref, contact in pending.items():
            points.add(contact, _points_of(plan.entries[-ref - 1]))
        records = _merge_rows(user, plan, companies, pending, points)
        report(len(pending) + len(plan.of(MERGED)), total)
        points.save()
        inserts.insert_rows(Merge, [r.merge(user, run, plan.kind, points) for r in records])
        _review_pairs(user, plan, pending, run)
        report(total, total)
    return plan.summary()


def _companies(user: Any, plan: Plan) -> dict[str, int]:
    """Company id per normalised key: existing ones reused, the rest created once."""
    known = dict(plan.index.companies)
    fresh: dict[str, Company] = {}
    for entry in plan.entries:
        if entry.row and entry.block and entry.block not in known and entry.block not in fresh:
            fresh[entry.block] = Company(owner=user, name=entry.row.company[:200])
    Company.objects.bulk_create(fresh.values(), batch_size=BATCH)
    known.update({key: c.pk for key, c in fresh.items()})
    return known


def _pending(user: Any, plan: Plan, companies: dict[str, int]) -> dict[int, Contact]:
    """The new contacts (not saved yet) by their plan ref, each filled from its own row."""
    pending: dict[int, Contact] = {}
    for position, entry in enumerate(plan.entries, start=1):
        if entry.row is not None and entry.action in (NEW, REVIEW):
            pending[-position] = as_contact(user, plan.kind, entry, companies)
    return pending


def as_contact(user: Any, source: str, entry: Entry, companies: dict[str, int]) -> Contact:
    """The contact one row makes on its own."""
    assert entry.row is not None
    contact = Contact(owner_id=user.pk, name=entry.row.name, source=source)
    fold(contact, entry, companies)
    return contact


def fold(contact: Contact | RowContact, entry: Entry, companies: dict[str, int]) -> bool:
    """Fill the contact's empty fields from the row and add its notes; True if anything changed."""
    row = entry.row
    assert row is not None
    before = [getattr(contact, f) for f in (*FILLED, "company_id", "notes")]
    offered = {
        "title": row.title[:200],
        "email": entry.emails[0] if entry.emails else "",
        "phone": entry.phones[0] if entry.phones else "",
        "linkedin_url": row.linkedin_url[:200],
        "linkedin_slug": entry.slug[:200],
        "connected_on": row.connected_on,
    }
    for name, value in offered.items():
        if value and not getattr(contact, name):
            setattr(contact, name, value)
    if not contact.company_id and entry.block:
        contact.company_id = companies.get(entry.block)
    for text in [row.notes, *(w.note for w in entry.warnings)]:
        if text and text not in contact.notes:
            contact.notes = f"{contact.notes}\n\n{text}".strip()
    return before != [getattr(contact, f) for f in (*FILLED, "company_id", "notes")]


def _points_of(entry: Entry) -> list[tuple[str, str]]:
    assert entry.row is not None
    urls = [u for u in [entry.row.linkedin_url, *entry.row.urls] if u]
    return (
        [("email", e) for e in entry.emails]
        + [("phone", p) for p in entry.phones]
        + [("url", u[:300]) for u in urls]
    )


def _key(kind: str, value: str) -> tuple[str, str]:
    return kind, value.lower() if kind == "email" else value


def _own(contact: Contact | RowContact) -> set[tuple[str, str]]:
    """A contact's email, phone and LinkedIn address held in its own fields."""
    return {
        _key("email", contact.email),
        _key("phone", contact.phone),
        ("url", contact.linkedin_url),
    }


class Points:
    """The email/phone/URL rows to add (plain rows), none repeating what a contact holds."""

    def __init__(self, user: Any) -> None:
        self.user_id = user.pk
        self.have: dict[int, set[tuple[str, str]]] = defaultdict(set)
        self.rows: list[dict[str, Any]] = []
        self.ids: list[int] = []

    def add(self, contact: Contact, values: list[tuple[str, str]]) -> list[int]:
        """Where the new points sit in `rows` (their ids are in `ids` once saved)."""
        have = self.have[contact.pk]
        own = _own(contact)
        made = []
        for kind, value in values:
            key = _key(kind, value)
            if key not in have and key not in own:
                have.add(key)
                made.append(len(self.rows))
                self.rows.append(
                    {
                        "owner_id": self.user_id,
                        "contact_id": contact.pk,
                        "kind": kind,
                        "value": value,
                    }
                )
        return made

    def save(self) -> None:
        self.ids = inserts.insert_rows(ContactPoint, self.rows)


@dataclass
class RowContact:
    """The contact a merged row would have made on its own: what undoing the merge brings
    back. Plain data: building a model instance per merged row costs seconds at 30k rows."""

    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    linkedin_slug: str = ""
    connected_on: dt.date | None = None
    company_id: int | None = None
    notes: str = ""

    def as_row(self, user: Any, source: str) -> dict[str, Any]:
        on = self.connected_on.isoformat() if self.connected_on else None
        return {
            "owner_id": user.pk, "source": source, "name": self.name, "title": self.title,
            "email": self.email, "phone": self.phone, "linkedin_url": self.linkedin_url,
            "linkedin_slug": self.linkedin_slug, "connected_on": on,
            "company_id": self.company_id, "notes": self.notes,
        }  # fmt: skip


@dataclass
class Record:
    """One row merged into a contact, with what undoing it needs."""

    kept: Contact
    row: RowContact
    before: dict[str, Any]
    points: list[int]  # positions in Points.rows

    def merge(self, user: Any, run: Any, source: str, points: Points) -> dict[str, Any]:
        """The Merge row: the row's own email/phone/profile are deleted on undo, the rest of
        what it brought moves to the contact undo brings back."""
        own = _own(self.row)
        mine = [(points.ids[i], points.rows[i]) for i in self.points]
        added = [pk for pk, p in mine if _key(p["kind"], p["value"]) in own]
        moved = [pk for pk, p in mine if _key(p["kind"], p["value"]) not in own]
        return {
            "owner_id": user.pk,
            "kept_id": self.kept.pk,
            "merged_name": self.row.name[:200],
            "merged": self.row.as_row(user, source),
            "kept_before": self.before,
            "moved": [["core.ContactPoint", "contact_id", moved]] if moved else [],
            "added_points": added,
            "run_id": run.pk if run is not None else None,
        }


def _merge_rows(
    user: Any, plan: Plan, companies: dict[str, int], pending: dict[int, Contact], points: Points
) -> list[Record]:
    """Fold each merged row into its contact (an existing one or one made by this import)."""
    targets = _existing_targets(user, plan, points)
    targets.update(pending)
    records, changed = [], {}
    for entry in plan.of(MERGED):
        kept = targets[entry.ref]
        before = merging.snapshot(kept)
        filled = fold(kept, entry, companies)
        added = points.add(kept, _points_of(entry))
        if filled or added:  # a row that brings nothing has nothing to undo
            changed[kept.pk] = kept
            row = RowContact(entry.row.name if entry.row else "")
            fold(row, entry, companies)
            records.append(Record(kept, row, before, added))
    save_filled(list(changed.values()))
    return records


def _existing_targets(user: Any, plan: Plan, points: Points) -> dict[int, Contact]:
    """The account's contacts that rows merge into, with the points they already hold."""
    ids = list(dict.fromkeys(e.ref for e in plan.of(MERGED) if e.ref > 0))
    found: dict[int, Contact] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = Contact.objects.for_user(user).filter(pk__in=chunk).only(*LOADED)
        found.update((c.pk, c) for c in rows)
        held = ContactPoint.objects.for_user(user).filter(contact_id__in=chunk)
        for contact_id, kind, value in held.values_list("contact_id", "kind", "value"):
            points.have[contact_id].add(_key(kind, value))
    return found


def save_filled(contacts: list[Contact]) -> None:
    """UPDATE the filled-in columns with one executemany: bulk_update's CASE expressions cost
    seconds of Python for tens of thousands of rows."""
    if not contacts:
        return
    fields = [_column(name) for name in (*FILLED, "company", "notes")]
    stamp = _column("updated_at")
    now = timezone.now()
    conn = connections[router.db_for_write(Contact)]
    quote = conn.ops.quote_name
    sets = ", ".join(f"{quote(str(f.column))} = %s" for f in [*fields, stamp])
    table = quote(Contact._meta.db_table)
    # Identifiers come from the model's own metadata; every value is a parameter.
    sql = f"UPDATE {table} SET {sets} WHERE {quote('id')} = %s"  # noqa: S608
    stamped = inserts.plain(conn, now)
    rows = [
        [inserts.plain(conn, getattr(c, f.attname)) for f in fields] + [stamped, c.pk]
        for c in contacts
    ]
    with conn.cursor() as cursor:
        cursor.executemany(sql, rows)


def _column(name: str) -> Field:
    return cast(Field, Contact._meta.get_field(name))


def _review_pairs(user: Any, plan: Plan, pending: dict[int, Contact], run: Any) -> None:
    pairs = []
    for position, entry in enumerate(plan.entries, start=1):
        if entry.action != REVIEW or entry.row is None:
            continue
        other = pending[entry.ref].pk if entry.ref < 0 else entry.ref
        pairs.append(
            ReviewPair(
                owner=user,
                contact_id=other,
                other_id=pending[-position].pk,
                score=round(entry.score, 1),
                reason=f"similar names at {entry.row.company}"[:200],
                run=run,
            )
        )
    ReviewPair.objects.bulk_create(pairs, batch_size=BATCH)
