"""What a message from the seeker's mailbox changes (issue 14), through the same domain
calls as every other door: a conversation logged once per message, a lead that replied
marked `talked` (R6's waiting follow-ups close, R8 fires), a new lead written to marked
`contacted` (R6 starts), and unknown senders listed for review. Nothing else is kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from parting.core.choices import Channel, Kind, LeadStatus, Outcome
from parting.core.domain import calls, clock, leads
from parting.core.domain.types import User
from parting.core.models import Contact, ContactPoint, Lead, MailLogged, UnmatchedSender

IN = MailLogged.Direction.IN
OUT = MailLogged.Direction.OUT
FORWARDED = MailLogged.Direction.FORWARDED


SLACK = dt.timedelta(minutes=1)


@dataclass
class Mail:
    """What the headers of one message say. Addresses are lowercased."""

    key: str
    sender: tuple[str, str] | None = None
    to: list[tuple[str, str]] = field(default_factory=list)
    cc: list[tuple[str, str]] = field(default_factory=list)
    subject: str = ""
    at: dt.datetime | None = None
    bulk: bool = False

    @property
    def addresses(self) -> list[str]:
        """Every address in From, To and Cc, once each, in that order."""
        found = [self.sender] if self.sender else []
        return list(dict.fromkeys(a for a, _ in [*found, *self.to, *self.cc]))


@dataclass
class Plan:
    """What to do with a message that concerns the seeker's contacts."""

    direction: str
    contact_id: int | None = None  # whom the conversation was with (None: a forward)
    movers: list[int] = field(default_factory=list)  # contacts whose leads may move


@dataclass
class Tally:
    """What one fetch did."""

    read: int = 0
    logged: int = 0
    already: int = 0
    unmatched: int = 0
    leads: list[int] = field(default_factory=list)


def address_book(user: User) -> dict[str, int]:
    """Every email the seeker's contacts keep (the main one and the others), lowercased."""
    book: dict[str, int] = {}
    points = ContactPoint.objects.for_user(user).filter(kind=ContactPoint.Kind.EMAIL)
    for contact_id, value in points.values_list("contact_id", "value"):
        book.setdefault(value.strip().lower(), contact_id)
    for contact_id, email in (
        Contact.objects.for_user(user).exclude(email="").values_list("id", "email")
    ):
        book[email.strip().lower()] = contact_id
    return book


class Reader:
    """One fetch's view of the account: the address book, the seeker's own addresses, the
    forwarding tag and the addresses ignored for good."""

    def __init__(self, user: User, own: set[str], tag: str) -> None:
        self.user = user
        self.own = {a.lower() for a in own if a}
        self.tag = (tag or "").lower()
        self.book = address_book(user)
        self.ignored = set(
            UnmatchedSender.objects.for_user(user)
            .filter(ignored=True)
            .values_list("address", flat=True)
        )
        self.tally = Tally()

    def seen(self, key: str) -> bool:
        return MailLogged.objects.for_user(self.user).filter(key=key).exists()

    def sort(self, mail: Mail, *, sent_folder: bool) -> Plan | None:
        """The plan for a message, or None when it concerns no contact (an unknown
        sender is then listed for review)."""
        self.tally.read += 1
        mine = mail.sender is not None and mail.sender[0] in self.own
        if mine and self.tag and self.tag in mail.subject.lower():
            return Plan(FORWARDED)
        others = [a for a in mail.addresses if a not in self.own]
        if sent_folder or mine:
            to = [self.book[a] for a in others if a in self.book]
            return Plan(OUT, to[0], to) if to else None
        matched = [self.book[a] for a in others if a in self.book]
        sender = self.book.get(mail.sender[0]) if mail.sender else None
        if sender is None:
            self._unmatched(mail)
        if not matched:
            return None
        return Plan(IN, sender or matched[0], [sender] if sender else [])

    def _unmatched(self, mail: Mail) -> None:
        if mail.sender is None or mail.bulk or mail.sender[0] in self.ignored:
            return
        address, name = mail.sender
        at = _when(mail.at)
        self.tally.unmatched += 1
        rows = UnmatchedSender.objects.for_user(self.user).filter(address=address)
        with transaction.atomic():
            row = rows.select_for_update().first()
            if row is None:
                try:
                    with transaction.atomic():
                        UnmatchedSender.objects.create(
                            owner=self.user, address=address, name=name, last_seen_at=at
                        )
                    return
                except IntegrityError:  # another fetch listed it just now
                    row = rows.first()
            if row is not None and not row.ignored:
                row.messages += 1
                row.name = name or row.name
                row.last_seen_at = max(row.last_seen_at, at)
                row.save(update_fields=["messages", "name", "last_seen_at", "updated_at"])

    def forwarded_about(self, sender: tuple[str, str] | None) -> Plan | None:
        """A forward is about the person in its quoted headers, when they are a contact
        (else they are listed for review)."""
        if sender is None or sender[0] in self.own:
            return None
        contact_id = self.book.get(sender[0])
        if contact_id is None:
            self._unmatched(Mail(key="", sender=sender))
            return None
        return Plan(FORWARDED, contact_id, [contact_id])

    def log(self, plan: Plan, mail: Mail, subject: str, lines: str) -> bool:
        """Log the message as a conversation (once per key) and move the leads it answers
        or opens. False when it was logged before."""
        if plan.contact_id is None:
            return False
        contact = Contact.objects.for_user(self.user).filter(pk=plan.contact_id).first()
        if contact is None:
            return False
        at = _when(mail.at)
        try:
            with transaction.atomic():
                record = MailLogged.objects.create(
                    owner=self.user, key=mail.key[:255], direction=plan.direction
                )
                note = "\n\n".join(t for t in (subject.strip(), lines.strip()) if t)
                record.conversation = calls.log_conversation(
                    self.user,
                    contact,
                    Outcome.UNDECIDED,
                    kind=Kind.FOLLOW_UP,
                    channel=Channel.EMAIL,
                    at=at,
                    note=note,
                )
                record.save(update_fields=["conversation", "updated_at"])
                self._move_leads(plan, at)
        except IntegrityError:
            self.tally.already += 1
            return False
        self.tally.logged += 1
        return True

    def _move_leads(self, plan: Plan, at: dt.datetime) -> None:
        """A reply marks the lead `talked`; a first message to a new lead, `contacted`.
        Mail older than the lead moves nothing (a Date has whole seconds: a minute's slack)."""
        if not plan.movers:
            return
        moving = Lead.objects.for_user(self.user).filter(
            contact_id__in=plan.movers, created_at__lte=at + SLACK
        )
        if plan.direction == OUT:
            moves = {LeadStatus.NEW: LeadStatus.CONTACTED}
        else:
            moves = {LeadStatus.NEW: LeadStatus.TALKED, LeadStatus.CONTACTED: LeadStatus.TALKED}
        for lead in moving.filter(status__in=list(moves)).select_related(
            "contact", "company", "referrer"
        ):
            leads.update_lead(self.user, lead, status=moves[lead.status])
            self.tally.leads.append(lead.pk)


def _when(at: dt.datetime | None) -> dt.datetime:
    """When a message was written: its Date, but never in the future."""
    now = clock.now()
    return now if at is None or at > now else at
