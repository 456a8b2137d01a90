"""Carrying out a plan in one transaction: companies, contacts, every email/phone/URL, merges
into existing contacts (filling gaps, never overwriting) and review pairs.

A contact's first email, phone and LinkedIn address live on the contact itself; every
further one becomes a ContactPoint, so nothing read from a file is dropped."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from django.db import connections, router, transaction
from django.db.models import Field
from django.utils import timezone

from parting.core.domain.errors import Invalid
from parting.core.models import Company, Contact, ContactPoint, ReviewPair
from parting.data.imports import inserts
from parting.data.imports.plan import MERGED, NEW, REVIEW, Entry, Plan

BATCH = 2000
FILLED = ("title", "email", "phone", "linkedin_url", "linkedin_slug", "connected_on")


def apply(user: Any, plan: Plan, skip_bad: bool = False) -> dict[str, Any]:
    """Import the plan: all or nothing, unless `skip_bad` leaves the bad rows out."""
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
    with transaction.atomic():
        companies = _companies(user, plan)
        pending, points = _pending(user, plan, companies)
        inserts.insert(list(pending.values()))
        _merge_into_existing(user, plan, companies, points)
        _add_points(user, pending, points)
        _review_pairs(user, plan, pending)
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


def _pending(
    user: Any, plan: Plan, companies: dict[str, int]
) -> tuple[dict[int, Contact], dict[int, list[tuple[str, str]]]]:
    """New contacts (not saved yet) by their plan ref, with merged rows folded in."""
    pending: dict[int, Contact] = {}
    points: dict[int, list[tuple[str, str]]] = defaultdict(list)
    source = plan.kind
    for position, entry in enumerate(plan.entries, start=1):
        if entry.row is None or entry.action not in (NEW, REVIEW, MERGED):
            continue
        ref = entry.ref if entry.action == MERGED else -position
        if entry.action != MERGED:
            pending[ref] = Contact(owner=user, name=entry.row.name, source=source)
        if ref < 0:
            fold(pending[ref], entry, companies)
        points[ref] += _points_of(entry)
    return pending, points


def fold(contact: Contact, entry: Entry, companies: dict[str, int]) -> bool:
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


def _merge_into_existing(
    user: Any, plan: Plan, companies: dict[str, int], points: dict[int, list[tuple[str, str]]]
) -> None:
    targets: dict[int, list[Entry]] = defaultdict(list)
    for entry in plan.of(MERGED):
        if entry.ref > 0:
            targets[entry.ref].append(entry)
    ids = list(targets)
    for start in range(0, len(ids), BATCH):
        rows = Contact.objects.for_user(user).filter(pk__in=ids[start : start + BATCH])
        chunk = list(rows.only(*FILLED, "company", "notes"))
        changed = [c for c in chunk if any([fold(c, e, companies) for e in targets[c.pk]])]
        save_filled(changed)
        urls = ContactPoint.objects.for_user(user).filter(kind="url", contact__in=chunk)
        known = set(urls.values_list("contact_id", "value"))
        for contact in chunk:
            points[contact.pk] = [
                (kind, value)
                for kind, value in _beyond(contact, points[contact.pk])
                if (contact.pk, value) not in known and not _indexed(plan, contact.pk, kind, value)
            ]


def _indexed(plan: Plan, ref: int, kind: str, value: str) -> bool:
    """The account already has this email or phone on this very contact."""
    if kind == "email":
        return plan.index.email.get(value.lower()) == ref
    return kind == "phone" and plan.index.phone.get(value) == ref


def _beyond(contact: Contact, values: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Values the contact does not already hold in its own email/phone/LinkedIn fields."""
    own = {("email", contact.email.lower()), ("phone", contact.phone)}
    own.add(("url", contact.linkedin_url))
    return [(k, v) for k, v in values if (k, v.lower() if k == "email" else v) not in own]


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


def _add_points(
    user: Any, pending: dict[int, Contact], points: dict[int, list[tuple[str, str]]]
) -> None:
    made: list[ContactPoint] = []
    for ref, values in points.items():
        if ref < 0:
            values = _beyond(pending[ref], values)
        contact_id = pending[ref].pk if ref < 0 else ref
        seen: set[tuple[str, str]] = set()
        for kind, value in values:
            key = (kind, value.lower() if kind == "email" else value)
            if key not in seen:
                seen.add(key)
                made.append(ContactPoint(owner=user, contact_id=contact_id, kind=kind, value=value))
    ContactPoint.objects.bulk_create(made, batch_size=BATCH)


def _review_pairs(user: Any, plan: Plan, pending: dict[int, Contact]) -> None:
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
            )
        )
    ReviewPair.objects.bulk_create(pairs, batch_size=BATCH)
