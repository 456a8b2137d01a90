"""Merging two contacts into one, keeping everything, and undoing it.

Every row pointing at the merged contact (conversations, leads, follow-ups, contact points,
and whatever other models point at Contact) is re-pointed at the kept one; what moved and
what the kept contact looked like before are stored on the Merge, so undo puts it all back.
"""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps
from django.db import transaction
from django.db.models import Field, ForeignKey
from django.utils import timezone

from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.types import User
from parting.core.models import Contact, ContactPoint, ImportRun, Merge, ReviewPair

FILLED = ("company_id", "title", "email", "phone", "phone_ext", "linkedin_url", "linkedin_slug")
KEPT_FIELDS = (*FILLED, "connected_on", "notes", "holds_my_number")
# History of merges and the review queue are about the pair itself, not data to carry over.
NOT_MOVED = (Merge, ReviewPair)


def snapshot(contact: Contact) -> dict[str, Any]:
    """The kept contact's fields a merge may change, as JSON-friendly values."""
    return {name: _json(getattr(contact, name)) for name in KEPT_FIELDS}


def as_row(contact: Contact) -> dict[str, Any]:
    """The contact's columns as JSON-friendly values."""
    data: dict[str, Any] = {}
    for field in contact._meta.concrete_fields:
        value = getattr(contact, field.attname)
        data[field.attname] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def _pointers() -> list[ForeignKey[Any, Any]]:
    """Every foreign key to Contact, in any app, except the merge bookkeeping itself."""
    found = []
    for model in apps.get_models():
        if model in NOT_MOVED:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, ForeignKey) and field.related_model is Contact:
                found.append(field)
    return found


def merge(user: User, kept: Contact, merged: Contact) -> Merge:
    """Merge `merged` into `kept`: gaps filled, notes joined, every related row re-pointed."""
    if kept.owner_id != user.pk or merged.owner_id != user.pk:
        raise NotFound("no such contact")
    if kept.pk == merged.pk:
        raise Invalid("a contact cannot be merged with itself")
    with transaction.atomic():
        before = snapshot(kept)
        moved = []
        for field in _pointers():
            rows = field.model._default_manager.filter(**{field.attname: merged.pk})
            ids = list(rows.values_list("pk", flat=True))
            if ids:
                rows.update(**{field.attname: kept.pk})
                moved.append([field.model._meta.label, field.attname, ids])
        added = _carry_reachability(user, kept, merged)
        _fill(kept, merged)
        kept.save()
        record = Merge.objects.create(
            owner=user,
            kept=kept,
            merged_name=merged.name,
            merged=as_row(merged),
            kept_before=before,
            moved=moved,
            added_points=added,
        )
        _repoint_pairs(user, kept, merged)
        merged.delete()
    return record


def _repoint_pairs(user: Any, kept: Contact, merged: Contact) -> None:
    """A pair that named the merged contact now names the kept one (it may still be the same
    person); the pair between the two, and pairs it would duplicate, go."""
    pairs = ReviewPair.objects.for_user(user)
    pairs.filter(contact=merged, other=kept).delete()
    pairs.filter(contact=kept, other=merged).delete()
    for pair in pairs.filter(contact=merged) | pairs.filter(other=merged):
        pair.contact_id = kept.pk if pair.contact_id == merged.pk else pair.contact_id
        pair.other_id = kept.pk if pair.other_id == merged.pk else pair.other_id
        ends = {pair.contact_id, pair.other_id}
        twin = pairs.filter(contact_id__in=ends, other_id__in=ends).exclude(pk=pair.pk)
        if twin.exists():
            pair.delete()
        else:
            pair.save(update_fields=["contact", "other"])


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _carry_reachability(user: User, kept: Contact, merged: Contact) -> list[int]:
    """The merged contact's own email/phone/LinkedIn become points on the kept contact."""
    have = {(p.kind, p.value.lower()) for p in kept.points.all()}
    have |= {("email", kept.email.lower()), ("phone", kept.phone), ("url", kept.linkedin_url)}
    made = []
    for kind, value in (
        ("email", merged.email),
        ("phone", merged.phone),
        ("url", merged.linkedin_url),
    ):
        if value and (kind, value.lower() if kind == "email" else value) not in have:
            made.append(
                ContactPoint.objects.create(owner=user, contact=kept, kind=kind, value=value)
            )
    return [p.pk for p in made]


def _fill(kept: Contact, merged: Contact) -> None:
    for name in FILLED:
        if not getattr(kept, name) and getattr(merged, name):
            setattr(kept, name, getattr(merged, name))
    if not kept.connected_on:
        kept.connected_on = merged.connected_on
    kept.holds_my_number = kept.holds_my_number or merged.holds_my_number
    if merged.notes and merged.notes not in kept.notes:
        kept.notes = f"{kept.notes}\n\n{merged.notes}".strip()


def undo(user: User, record: Merge) -> Contact:
    """Bring the merged contact back with its rows, and the kept contact as it was."""
    if record.owner_id != user.pk:
        raise NotFound("no such merge")
    if record.undone_at is not None:
        raise Conflict("this merge was already undone")
    later = Merge.objects.for_user(user).filter(
        kept=record.kept, undone_at__isnull=True, pk__gt=record.pk
    )
    if later.exists():
        raise Conflict("undo the later merges into this contact first")
    with transaction.atomic():
        restored = _restore_row(record.merged)
        for label, attname, ids in record.moved:
            apps.get_model(label)._default_manager.filter(pk__in=ids).update(
                **{attname: restored.pk}
            )
        ContactPoint.objects.for_user(user).filter(pk__in=record.added_points).delete()
        kept = Contact.objects.get(pk=record.kept_id)
        for name, value in record.kept_before.items():
            field = cast("Field[Any, Any]", Contact._meta.get_field(name))
            setattr(kept, name, field.to_python(value))
        kept.save()
        record.undone_at = timezone.now()
        record.save(update_fields=["undone_at"])
    return restored


def _restore_row(data: dict[str, Any]) -> Contact:
    """The merged contact as it was; a row an import merged (no id) becomes a new contact."""
    if data.get("id") and Contact.objects.filter(pk=data["id"]).exists():
        raise Conflict("the merged contact's id is taken again; it cannot be restored")
    contact = Contact()
    for field in Contact._meta.concrete_fields:
        if field.attname in data:
            setattr(contact, field.attname, field.to_python(data[field.attname]))
    now = timezone.now()
    stamps = {"created_at": contact.created_at or now, "updated_at": contact.updated_at or now}
    Contact.objects.bulk_create([contact])
    # Inserting stamps the row with now; put the original times back.
    Contact.objects.filter(pk=contact.pk).update(**stamps)
    return contact


def merge_pair(user: User, pair: ReviewPair) -> Merge:
    """Resolve a review pair by merging the newer contact into the older one."""
    if pair.owner_id != user.pk:
        raise NotFound("no such review")
    return merge(user, pair.contact, pair.other)


def keep_both(user: User, pair: ReviewPair) -> None:
    """Resolve a review pair: they are two people."""
    if pair.owner_id != user.pk:
        raise NotFound("no such review")
    pair.delete()


def merge_all(user: Any, run: ImportRun) -> list[Merge]:
    """Merge every pair one import found, best score first; one transaction."""
    if run.owner_id != user.pk:
        raise NotFound("no such import")
    done = []
    with transaction.atomic():
        for pk in list(run.pairs.order_by("-score", "id").values_list("pk", flat=True)):
            pair = (
                ReviewPair.objects.for_user(user).filter(pk=pk).select_related("contact", "other")
            )
            found = pair.first()  # an earlier merge may have settled this pair already
            if found is not None:
                done.append(merge_pair(user, found))
    return done


def keep_all(user: Any, run: ImportRun) -> int:
    """Every pair one import found is two people: the queue forgets them."""
    if run.owner_id != user.pk:
        raise NotFound("no such import")
    deleted, _ = ReviewPair.objects.for_user(user).filter(run=run).delete()
    return deleted
