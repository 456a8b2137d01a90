"""Leads: capturing a referral and moving it along (R2, R3, R5, R8)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet

from parting.core.choices import REPLIED, FollowUpKind, LeadStatus, Permission, Response
from parting.core.domain import cadence, clock, events, followups, lookup, plans
from parting.core.domain.bounds import is_number, parse_id
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.network import _check_choice, company_named, contact_for_lead
from parting.core.domain.profiles import today_for
from parting.core.domain.types import User
from parting.core.models import Ask, Contact, Conversation, FollowUp, Lead, Question


@dataclass
class LeadInput:
    """What the seeker types for one lead during the call."""

    name: str = ""
    company: str = ""
    note: str = ""
    permission: str = Permission.NOT_ASKED
    thanked: bool = False

    def validate(self) -> None:
        if not self.name.strip() and not self.company.strip():
            raise Invalid("a lead needs a name or a company", field="name")
        _check_choice(self.permission or Permission.NOT_ASKED, Permission, "permission")


@dataclass
class Captured:
    """What capturing leads did: the ask (when there is one), the leads it made, the
    follow-ups it opened or extended, and the leads it recognised instead of duplicating
    because the referrer had already suggested that person (R3)."""

    ask: Ask | None = None
    leads: list[Lead] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    known: list[Lead] = field(default_factory=list)

    @property
    def lead(self) -> Lead:
        """The lead of a one-lead capture, new or recognised."""
        return (self.leads or self.known)[0]


def person_key(name: str) -> str:
    """A name as R3 compares it: `Zoë  O'Neil` and `zoe oneil` are the same person."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() or c.isspace() else "" for c in text).split())


class Suggested:
    """The people a referrer has already suggested, by normalised name (a contact is found by
    its name) or, for company-only leads, company, so the same one given again is recognised
    (R3)."""

    def __init__(self, user: User, referrer: Contact) -> None:
        self.keys: dict[tuple[str, str], Lead] = {}
        rows = Lead.objects.for_user(user).filter(referrer=referrer)
        for lead in rows.select_related("contact", "company", "referrer").order_by("id"):
            self.add(lead)

    def add(self, lead: Lead) -> None:
        if lead.contact is not None:
            self.keys.setdefault(("name", person_key(lead.contact.name)), lead)
        elif lead.company is not None:
            self.keys.setdefault(("company", person_key(lead.company.name)), lead)

    def find(self, data: LeadInput) -> Lead | None:
        if data.name.strip():
            return self.keys.get(("name", person_key(data.name)))
        return self.keys.get(("company", person_key(data.company)))


def capture_leads(
    user: User,
    referrer: Contact,
    inputs: Sequence[LeadInput],
    *,
    conversation: Conversation | None = None,
    ask: Ask | None = None,
) -> Captured:
    """Create leads with their follow-ups (R3); a person this referrer already suggested is
    recognised, not created again. Call inside a transaction."""
    for data in inputs:
        data.validate()
    _check_referrer(user, referrer, conversation)
    suggested = Suggested(user, referrer)
    captured = Captured(ask=ask)
    for data in inputs:
        known = suggested.find(data)
        if known is not None:
            captured.known.append(known)
            continue
        lead = _new_lead(user, referrer, data, conversation, ask)
        suggested.add(lead)
        captured.leads.append(lead)
    captured.followups = _schedule_new_leads(user, referrer, captured.leads, ask)
    return captured


def _check_referrer(user: User, referrer: Contact, conversation: Conversation | None) -> None:
    if referrer.owner_id != user.pk:
        raise NotFound("no such referrer")
    if conversation is not None and conversation.contact_id != referrer.pk:
        raise Conflict(
            f"conversation #{conversation.pk} was with {conversation.contact.name}, "
            f"not {referrer.name}: a lead's referrer is that conversation's contact",
            field="referrer",
        )


def _new_lead(
    user: User,
    referrer: Contact,
    data: LeadInput,
    conversation: Conversation | None,
    ask: Ask | None,
) -> Lead:
    """One lead row, its person found or added (R2, R5); no follow-ups yet."""
    company = company_named(user, data.company)
    person = contact_for_lead(user, data.name, company) if data.name.strip() else None
    if person is not None and person.pk == referrer.pk:
        raise Invalid("a referrer cannot refer themselves", field="name")
    lead = Lead.objects.create(
        owner=user,
        referrer=referrer,
        contact=person,
        company=company or (person.company if person else None),
        ask=ask,
        conversation=conversation,
        callback_of=_left_number_conversation(user, referrer, conversation),
        permission=data.permission or Permission.NOT_ASKED,
        thanked_at=clock.now() if data.thanked else None,
        note=data.note or "",
    )
    events.emit("lead.created", lead)
    if lead.callback_of_id:
        followups.close_open_for_contact(user, referrer, (FollowUpKind.CHECK_BACK,))
    return lead


def _left_number_conversation(
    user: User, referrer: Contact, conversation: Conversation | None
) -> Conversation | None:
    """R5: a lead from someone holding the seeker's number links back to where it was left."""
    if not referrer.holds_my_number:
        return None
    asks = Ask.objects.for_user(user).filter(
        conversation__contact=referrer, response=Response.LEFT_NUMBER
    )
    if conversation is not None:
        asks = asks.exclude(conversation=conversation)
    ask = asks.select_related("conversation").order_by("-conversation__at").first()
    return ask.conversation if ask else None


def _schedule_new_leads(
    user: User, referrer: Contact, made: list[Lead], ask: Ask | None
) -> list[FollowUp]:
    """R3: a contact-lead each; one thank-you per ask naming every lead the referrer is
    still owed thanks for. A lead added later to an ask joins its open thank-you."""
    if not made:
        return []
    today = today_for(user)
    # Without a call to group by, each lead is thanked for on its own.
    groups = [[lead] for lead in made] if ask is None else [made]
    opened: list[FollowUp] = []
    joined = open_thank_you(user, ask) if ask is not None else None
    for group in groups:
        facts = [plans.NewLead(lead.name, lead.thanked_at is not None) for lead in group]
        planned = plans.new_leads(referrer.name, facts, today)
        if joined is not None:
            planned = [p for p in planned if p.kind != FollowUpKind.THANK_REFERRER]
            if _retitle(user, joined, referrer):
                opened.append(joined)
        opened += [_write(user, plan, group, referrer) for plan in planned]
    return opened


def _write(user: User, plan: plans.Planned, leads: list[Lead], referrer: Contact) -> FollowUp:
    lead = leads[plan.lead] if plan.lead is not None else None
    contact = referrer if plan.whom == "referrer" else lead.contact if lead else None
    return followups.schedule(
        user,
        plan.kind,
        plan.title,
        plan.due_on,
        contact=contact,
        lead=lead,
        conversation=lead.conversation if lead else None,
    )


def open_thank_you(user: User, ask: Ask) -> FollowUp | None:
    """The ask's thank-you still to do, if any (R3: one per ask)."""
    return (
        FollowUp.objects.for_user(user)
        .filter(kind=FollowUpKind.THANK_REFERRER, lead__ask=ask, status__in=followups.OPEN_STATES)
        .order_by("id")
        .first()
    )


def thanked_for(followup: FollowUp) -> list[Lead]:
    """The leads a thank-you names: those of its ask the referrer is still owed thanks for
    (just its own lead when it came from no call, or once all are thanked)."""
    lead = followup.lead
    if lead is None:
        return []
    if lead.ask_id is None:
        return [lead]
    owed = Lead.objects.filter(owner_id=followup.owner_id, ask_id=lead.ask_id)
    owed = owed.filter(thanked_at__isnull=True).select_related("contact", "company")
    return list(owed.order_by("id")) or [lead]


def _retitle(user: User, thank_you: FollowUp, referrer: Contact) -> bool:
    """Name every lead the joined thank-you now covers; True when the title changed."""
    names = [lead.name for lead in thanked_for(thank_you)]
    title = plans.thank_referrer(referrer.name, names, today_for(user)).title
    if title == thank_you.title:
        return False
    thank_you.title = title
    thank_you.sequence += 1
    thank_you.save(update_fields=["title", "sequence", "updated_at"])
    return True


def add_lead(
    user: User,
    referrer: Contact,
    data: LeadInput,
    *,
    conversation: Conversation | None = None,
    question: Question | None = None,
) -> Captured:
    """Capture a lead one at a time. With a conversation, its ask is recorded or turned into
    gave_lead so R2 always holds, and the lead joins that ask's thank-you (R3). A person the
    referrer already suggested is recognised: nothing is written."""
    # R9: every row named must be the seeker's own, before anything is written.
    if conversation is not None and conversation.owner_id != user.pk:
        raise NotFound("no such conversation")
    if question is not None and question.owner_id != user.pk:
        raise NotFound("no such question")
    data.validate()
    _check_referrer(user, referrer, conversation)
    known = Suggested(user, referrer).find(data)
    if known is not None:
        return Captured(known=[known])
    with transaction.atomic():
        ask = None
        if conversation is not None:
            ask = _gave_lead_ask(user, conversation, question)
        return capture_leads(user, referrer, [data], conversation=conversation, ask=ask)


def _gave_lead_ask(user: User, conversation: Conversation, question: Question | None) -> Ask:
    asks = list(conversation.asks.all())
    for ask in asks:
        if ask.response == Response.GAVE_LEAD:
            return ask
    if asks:
        ask = asks[-1]
        ask.response = Response.GAVE_LEAD
        if question is not None:
            ask.question = question
        ask.save(update_fields=["response", "question", "updated_at"])
        return ask
    ask = Ask.objects.create(
        owner=user, conversation=conversation, question=question, response=Response.GAVE_LEAD
    )
    events.emit("ask.recorded", ask)
    return ask


def update_lead(
    user: User,
    lead: Lead,
    *,
    status: str | None = None,
    permission: str | None = None,
    thanked: bool | None = None,
    note: str | None = None,
) -> Moved:
    """Change a lead (None leaves a field alone). Thanking closes the thank-you; contacting
    closes the contact-lead follow-up; the cadence (R6) and close-the-loop (R8) follow."""
    if lead.owner_id != user.pk:
        raise NotFound("no such lead")
    if status:
        _check_choice(status, LeadStatus, "status")
    if permission:
        _check_choice(permission, Permission, "permission")
    with transaction.atomic():
        before = lead.status
        fields = ["updated_at"]
        if permission:
            lead.permission = permission
            fields.append("permission")
        if note is not None:
            lead.note = note
            fields.append("note")
        if thanked is not None:
            lead.thanked_at = (lead.thanked_at or clock.now()) if thanked else None
            fields.append("thanked_at")
            if thanked:
                _thank_for_ask(user, lead)
        if status and status != lead.status:
            lead.status = status
            fields.append("status")
            _stamp_progress(lead, status, fields)
            if status != LeadStatus.NEW:
                followups.close_open(user, lead, (FollowUpKind.CONTACT_LEAD,))
        lead.save(update_fields=fields)
        events.emit("lead.updated", lead)
        opened = cadence.lead_moved(user, lead, before)
    return Moved(lead, opened)


@dataclass
class Moved:
    """A changed lead and the follow-ups the change opened (R6, R8)."""

    lead: Lead
    followups: list[FollowUp] = field(default_factory=list)


def _thank_for_ask(user: User, lead: Lead) -> None:
    """Thanking the referrer for one lead thanks them for the call: the ask's thank-you is
    done, and every lead it named counts as thanked (R3)."""
    thank_you = open_thank_you(user, lead.ask) if lead.ask is not None else None
    if thank_you is not None:
        followups.mark_done(user, thank_you)
    followups.close_open(user, lead, (FollowUpKind.THANK_REFERRER,))


def _stamp_progress(lead: Lead, status: str, fields: list[str]) -> None:
    """Remember when outreach started and when the lead first answered (for cadence and
    responsiveness)."""
    now = clock.now()
    if status != LeadStatus.NEW and lead.contacted_at is None:
        lead.contacted_at = now
        fields.append("contacted_at")
    if status in REPLIED and lead.replied_at is None:
        lead.replied_at = now
        fields.append("replied_at")


def resolve_lead(user: User, ref: str | int) -> Lead:
    """A lead by id or by the unique name of its person or company."""
    leads = Lead.objects.for_user(user).select_related("contact", "company", "referrer")
    text = str(ref).strip()
    if is_number(text):
        found = leads.filter(pk=parse_id(text) or 0).first()
        if found:
            return found
    if len(text) > lookup.NAME_MOST:  # no name is that long (and SQLite refuses the pattern)
        raise lookup.not_found("lead", text[:40] + "…", [])
    matches = list(leads.filter(contact__name__iexact=text)[:11]) or list(
        leads.filter(contact__isnull=True, company__name__iexact=text)[:11]
    )
    if len(matches) > 1:
        listed = "; ".join(f"#{m.pk} {m.name} (from {m.referrer.name})" for m in matches[:10])
        raise Conflict(f"{text!r} is ambiguous: {listed}")
    if matches:
        return matches[0]
    return _lead_by_words(leads, text)


def _lead_by_words(leads: QuerySet[Lead], text: str) -> Lead:
    """The only lead whose name holds every word typed, else the closest leads named."""
    word = lookup.longest_word(text)
    near = leads.filter(
        Q(contact__name__icontains=word) | Q(contact__isnull=True, company__name__icontains=word)
    ).order_by("-id")
    found = lookup.by_words(text, list(near[: lookup.WORD_ROWS]), lambda lead: lead.name)
    if len(found) == 1:
        return found[0]
    if found:
        raise lookup.several("lead", text, [_named(lead) for lead in found[: lookup.SUGGESTED]])
    rows = leads.order_by("-id").values_list(
        "pk", "contact__name", "company__name", "referrer__name"
    )
    names = [((pk, p or c, r), p or c or "") for pk, p, c, r in rows[: lookup.SCANNED]]
    closest = lookup.suggestions(text, names)
    raise lookup.not_found("lead", text, [(n, f"from {r}", pk) for pk, n, r in closest])


def _named(lead: Lead) -> tuple[str, str, int]:
    return lead.name, f"from {lead.referrer.name}", lead.pk


def lead_list(user: User, status: str | None = None) -> QuerySet[Lead]:
    leads = Lead.objects.for_user(user).select_related(
        "contact", "company", "referrer", "referrer__company", "ask__question", "conversation"
    )
    if status:
        _check_choice(status, LeadStatus, "status")
        leads = leads.filter(status=status)
    return leads.order_by("-created_at", "-id")
