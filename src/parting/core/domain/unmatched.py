"""Senders mail found that match no contact, waiting for the seeker: make a contact, attach
the address to a contact, or ignore it for good. Nothing is created without them."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from parting.core.domain import network
from parting.core.domain.bounds import is_number, parse_id
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.types import User
from parting.core.models import Contact, ContactPoint, UnmatchedSender

LIMIT = 200


def waiting(user: User) -> QuerySet[UnmatchedSender]:
    """Senders to review, the most recent first (ignored ones are not listed)."""
    return (
        UnmatchedSender.objects.for_user(user).filter(ignored=False).order_by("-last_seen_at", "id")
    )


def resolve_sender(user: User, ref: str | int) -> UnmatchedSender:
    """A listed sender by id or by address."""
    text = str(ref).strip()
    rows = UnmatchedSender.objects.for_user(user).filter(ignored=False)
    found = rows.filter(pk=parse_id(text) or 0).first() if is_number(text) else None
    found = found or rows.filter(address=text.lower()).first()
    if found is None:
        raise NotFound(f"no sender {text!r} is waiting for review")
    return found


def add_contact(user: User, sender: UnmatchedSender, name: str = "") -> Contact:
    """Make a contact of a sender (their name as mail gave it, unless another is typed)."""
    _mine(user, sender)
    name = (name or sender.name or sender.address.split("@")[0]).strip()
    with transaction.atomic():
        contact = network.create_contact(user, name, email=sender.address)
        sender.delete()
    return contact


def attach(user: User, sender: UnmatchedSender, contact: Contact) -> Contact:
    """Keep a sender's address on a contact: their next message is logged on them."""
    _mine(user, sender)
    if contact.owner_id != user.pk:
        raise NotFound("no such contact")
    with transaction.atomic():
        if not contact.email:
            contact.email = sender.address
            contact.save(update_fields=["email", "updated_at"])
        elif contact.email.lower() != sender.address:
            ContactPoint.objects.get_or_create(
                owner=user, contact=contact, kind=ContactPoint.Kind.EMAIL, value=sender.address
            )
        sender.delete()
    return contact


def ignore(user: User, sender: UnmatchedSender) -> UnmatchedSender:
    """Never list this address again."""
    _mine(user, sender)
    sender.ignored = True
    sender.save(update_fields=["ignored", "updated_at"])
    return sender


def _mine(user: User, sender: UnmatchedSender) -> None:
    if sender.owner_id != user.pk:
        raise NotFound("no such sender")
    if sender.ignored:
        raise Invalid(f"{sender.address} is ignored", field="sender")
