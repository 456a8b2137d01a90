"""A big account for benchmarks, built fast with bulk inserts.

The domain functions create rows one at a time, which is right for real use and far too
slow for tens of thousands of rows. This module writes the same shapes in bulk, keeping the
method's rules true: every gave_lead ask has leads whose referrer is the conversation's
contact (R2). Which follow-ups exist, with what title and due date, is not decided here:
the domain's planners (`parting.core.domain.plans`) plan them, as they do for the domain
itself: R3 (one thank-you per ask, a contact-lead per lead), R5 and R8.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from typing import Any

from django.db import transaction

from parting.core.choices import (
    PAID_OFF,
    Channel,
    FollowUpKind,
    FollowUpState,
    Kind,
    LeadStatus,
    Outcome,
    Permission,
    Response,
    Role,
    Source,
    Stage,
)
from parting.core.domain import accounts, clock, plans
from parting.core.domain.profiles import get_profile
from parting.core.models import (
    Ask,
    Company,
    Contact,
    Conversation,
    FollowUp,
    Lead,
    Opening,
    Question,
)
from parting.demo import samples

BATCH = 1000
HUB_SHARE = 0.005  # one contact holds this share of all conversations: the busiest page
OUTCOMES = {
    Outcome.REJECTED: 55,
    Outcome.ADVANCED: 15,
    Outcome.UNDECIDED: 10,
    Outcome.NO_ANSWER: 10,
    Outcome.VOICEMAIL: 7,
    Outcome.OFFER: 3,
}


def load_bench_account(
    email: str,
    contacts: int = 5000,
    conversations: int = 20000,
    leads: int = 3000,
    seed: int = 7,
) -> Any:
    """Create an account holding `contacts` contacts, `conversations` conversations over the
    past year and `leads` leads (fewer only when too few rejections were asked), and return
    its user."""
    rng = random.Random(seed)
    user = accounts.create_user(email, None, name="Bench Seeker")
    profile = get_profile(user)
    profile.timezone = "America/Chicago"
    profile.niche = "logistics software"
    profile.save(update_fields=["timezone", "niche"])
    with transaction.atomic():
        Builder(user, rng, profile, list(Question.objects.for_user(user))).build(
            contacts, conversations, leads
        )
    return user


class Builder:
    """Builds one account's rows. Rows are written by `save` (bulk inserts here; the hosted
    data set writes them with COPY instead)."""

    def __init__(self, user: Any, rng: random.Random, profile: Any, questions: list[Any]) -> None:
        self.user = user
        self.rng = rng
        self.now = clock.now()
        self.tz = clock.zone(profile.timezone)
        self.check_back_days = profile.check_back_days
        self.today = self.now.astimezone(self.tz).date()
        self.questions = questions
        self.hub_id = 0
        self.people: list[Contact] = []
        self.firms: list[Company] = []

    def build(self, contacts: int, conversations: int, leads: int) -> None:
        companies = self.companies(max(5, contacts // 10))
        people = self.contacts(contacts, companies)
        openings = self.openings(max(1, contacts // 20), companies)
        convos = self.conversations(conversations, people, openings)
        gave, left = self.asks(convos, leads)
        made = self.leads(gave, leads, people)
        self.followups(made, left)

    def save(self, model: Any, rows: list[Any]) -> list[Any]:
        """Write new rows; they come back with their ids."""
        return model.objects.bulk_create(rows, batch_size=BATCH)

    def changed(self, model: Any, rows: list[Any], fields: list[str]) -> None:
        """Write `fields` of rows already saved."""
        model.objects.bulk_update(rows, fields, batch_size=BATCH)

    def hold_numbers(self, contact_ids: set[int]) -> None:
        """R5: these contacts hold the seeker's number."""
        Contact.objects.filter(pk__in=contact_ids).update(holds_my_number=True)

    def _day(self, at: dt.datetime) -> dt.date:
        return at.astimezone(self.tz).date()

    def companies(self, count: int) -> list[Company]:
        words = list(itertools.product(*samples.COMPANY_WORDS))
        self.rng.shuffle(words)
        names = (
            " ".join(words[i % len(words)]) + (f" {i // len(words) + 1}" if i >= len(words) else "")
            for i in range(count)
        )
        rows = [
            Company(owner=self.user, name=name, industry=self.rng.choice(samples.INDUSTRIES))
            for name in names
        ]
        parents = self.save(Company, rows[: max(1, count // 10)])
        rest = rows[len(parents) :]
        for company in rest:
            if self.rng.random() < 0.4:
                company.parent = self.rng.choice(parents)
        self.firms = parents + self.save(Company, rest)
        return self.firms

    def contacts(self, count: int, companies: list[Company]) -> list[Contact]:
        roles = list(Role.values)
        names = samples.people(self.rng)
        rows = []
        for _ in range(count):
            name, handle = next(names)
            company = self.rng.choice(companies)
            role = self.rng.choice(roles)
            phone = samples.fictional_phone(self.rng).replace(" ", "")
            rows.append(
                Contact(
                    owner=self.user,
                    name=name,
                    company=company,
                    title=self.rng.choice(samples.TITLES[role]),
                    role=role,
                    email=f"{handle}@example.com",
                    phone=phone if self.rng.random() < 0.8 else "",
                    source=self.rng.choice([Source.MANUAL, Source.LINKEDIN, Source.REFERRAL]),
                )
            )
        self.people = self.save(Contact, rows)
        return self.people

    def openings(self, count: int, companies: list[Company]) -> dict[int, list[Opening]]:
        rows = [
            Opening(
                owner=self.user,
                company=self.rng.choice(companies),
                title=self.rng.choice(samples.OPENING_TITLES),
                stage=self.rng.choice(Stage.values),
            )
            for _ in range(count)
        ]
        by_company: dict[int, list[Opening]] = {}
        for opening in self.save(Opening, rows):
            by_company.setdefault(opening.company_id, []).append(opening)
        return by_company

    def conversations(
        self, count: int, people: list[Contact], openings: dict[int, list[Opening]]
    ) -> list[Conversation]:
        hub = people[0]
        self.hub_id = hub.pk
        outcomes, weights = list(OUTCOMES), list(OUTCOMES.values())
        kinds, channels = list(Kind.values), list(Channel.values)
        rows = []
        hub_count = max(round(count * HUB_SHARE), min(25, count // 10))
        for i, outcome in enumerate(self.rng.choices(outcomes, weights, k=count)):
            contact = hub if i < hub_count else self.rng.choice(people)
            at_company = openings.get(contact.company_id or 0, [])
            opening = (
                self.rng.choice(at_company) if at_company and self.rng.random() < 0.5 else None
            )
            seconds = self.rng.randrange(365 * 24 * 3600)
            rows.append(
                Conversation(
                    owner=self.user,
                    contact=contact,
                    company_id=contact.company_id,
                    opening=opening,
                    kind=self.rng.choice(kinds),
                    channel=self.rng.choice(channels),
                    at=self.now - dt.timedelta(seconds=seconds + 600),
                    outcome=outcome,
                )
            )
        return self.save(Conversation, rows)

    def asks(
        self, convos: list[Conversation], leads: int
    ) -> tuple[list[tuple[Ask, Conversation]], list[tuple[Ask, Conversation]]]:
        """Most rejections get an ask; enough of them give leads to hold `leads` leads.
        The hub contact's asks give leads first, so its page is the busiest."""
        asked = [c for c in convos if c.outcome == Outcome.REJECTED and self.rng.random() < 0.85]
        self.rng.shuffle(asked)
        asked.sort(key=lambda c: c.contact_id != self.hub_id)
        giving = min(len(asked), math.ceil(leads / 1.25)) if leads else 0
        rows = []
        for i, convo in enumerate(asked):
            if i < giving:
                response = Response.GAVE_LEAD
            else:
                response = Response.LEFT_NUMBER if self.rng.random() < 0.4 else Response.DECLINED
            question = self.rng.choice(self.questions) if self.questions else None
            rows.append(
                Ask(owner=self.user, conversation=convo, question=question, response=response)
            )
        made = list(zip(self.save(Ask, rows), asked, strict=True))
        left = [(a, c) for a, c in made if a.response == Response.LEFT_NUMBER]
        self.hold_numbers({c.contact_id for _, c in left})
        return made[:giving], left

    def leads(
        self, gave: list[tuple[Ask, Conversation]], count: int, people: list[Contact]
    ) -> list[Lead]:
        """One lead per gave_lead ask, the rest spread among them; referrer = the contact (R2)."""
        if not gave:
            return []
        sources = list(gave) + [self.rng.choice(gave) for _ in range(count - len(gave))]
        permissions = [Permission.GRANTED] * 6 + [Permission.NOT_ASKED] * 3 + [Permission.DECLINED]
        rows = []
        for ask, convo in sources:
            person: Contact | None = self.rng.choice(people)
            if person is None or person.pk == convo.contact_id or self.rng.random() < 0.15:
                person = None  # a company-only lead
            age = (self.now - convo.at).days
            rows.append(
                Lead(
                    owner=self.user,
                    referrer_id=convo.contact_id,
                    contact=person,
                    company_id=person.company_id if person else convo.company_id,
                    ask=ask,
                    conversation=convo,
                    permission=self.rng.choice(permissions),
                    thanked_at=convo.at if self.rng.random() < 0.35 else None,
                    status=self._status(age),
                )
            )
        _outreach(rows, random.Random(len(rows)))
        made = self.save(Lead, rows)
        for lead, (_, convo) in zip(made, sources, strict=True):
            lead.created_at = lead.updated_at = convo.at  # auto_now_add overrode it
        self.changed(Lead, made, ["created_at", "updated_at"])
        return made

    def _status(self, age_days: int) -> str:
        if age_days < 7:
            return LeadStatus.NEW if self.rng.random() < 0.8 else LeadStatus.CONTACTED
        return self.rng.choices(
            [LeadStatus.CONTACTED, LeadStatus.TALKED, LeadStatus.WON, LeadStatus.DEAD],
            [4, 3, 1, 2],
        )[0]

    def followups(self, leads: list[Lead], left: list[tuple[Ask, Conversation]]) -> None:
        """What the domain's planners open: R3 for every ask's leads, R8 for leads that paid
        off, R5 for every left number; the old ones done, a recent few open."""
        names = {person.pk: person.name for person in self.people}
        company_names = {company.pk: company.name for company in self.firms}
        self.who = {
            lead.pk: names.get(lead.contact_id or 0) or company_names.get(lead.company_id or 0, "")
            for lead in leads
        }
        by_ask: dict[int | None, list[Lead]] = {}
        for lead in leads:
            by_ask.setdefault(lead.ask_id, []).append(lead)
        rows: list[FollowUp] = []
        thanked_later: list[Lead] = []
        for group in by_ask.values():
            rows += self._new_leads(group, names[group[0].referrer_id], thanked_later)
        days = self.check_back_days
        for _, convo in left:
            plan = plans.check_back(names[convo.contact_id], self._day(convo.at), days)
            rows.append(self._planned(plan, contact_id=convo.contact_id, conversation_id=convo.pk))
        rows += self._make_some_due(rows)
        self.save(FollowUp, rows)
        self.changed(Lead, thanked_later, ["thanked_at"])

    def _new_leads(
        self, group: list[Lead], referrer: str, thanked_later: list[Lead]
    ) -> list[FollowUp]:
        """R3 for one ask's leads (one thank-you naming them all), and R8 a week later for
        those that paid off. A thank-you done means the referrer was thanked for each."""
        day = self._day(group[0].created_at)
        facts = [plans.NewLead(self.who[lead.pk], lead.thanked_at is not None) for lead in group]
        rows = []
        for plan in plans.new_leads(referrer, facts, day):
            lead = group[plan.lead or 0]
            contact_id = lead.referrer_id if plan.whom == "referrer" else lead.contact_id
            row = self._planned(
                plan, contact_id=contact_id, lead=lead, conversation_id=lead.conversation_id
            )
            if plan.kind == FollowUpKind.THANK_REFERRER and row.status == FollowUpState.DONE:
                owed = [each for each in group if each.thanked_at is None]
                for each in owed:
                    each.thanked_at = row.done_at
                thanked_later += owed
            if plan.kind == FollowUpKind.CONTACT_LEAD and lead.status != LeadStatus.NEW:
                self._done(row)
            rows.append(row)
        for lead in group:
            if lead.status in PAID_OFF:
                loop = plans.close_loop(referrer, self.who[lead.pk], day + dt.timedelta(days=7))
                rows.append(self._planned(loop, contact_id=lead.referrer_id, lead=lead))
        return rows

    def _planned(self, plan: plans.Planned, **links: Any) -> FollowUp:
        return self._followup(plan.kind, plan.title, plan.due_on, **links)

    def _followup(self, kind: str, title: str, due_on: dt.date, **links: Any) -> FollowUp:
        followup = FollowUp(owner=self.user, kind=kind, title=title[:300], due_on=due_on, **links)
        # Done when more than a week old, except a few the seeker let slip.
        if due_on < self.today - dt.timedelta(days=7) and self.rng.random() > 0.003:
            self._done(followup)
        return followup

    def _done(self, followup: FollowUp) -> None:
        followup.status = FollowUpState.DONE
        due = dt.datetime.combine(followup.due_on, dt.time(16), tzinfo=self.tz)
        followup.done_at = min(due, self.now)

    def _make_some_due(self, rows: list[FollowUp]) -> list[FollowUp]:
        """However small the account, a few follow-ups are due today and a few overdue."""
        open_ = [f for f in rows if f.status == FollowUpState.OPEN]
        today = sum(1 for f in open_ if f.due_on == self.today)
        overdue = sum(1 for f in open_ if f.due_on < self.today)
        days = [0] * max(0, 3 - today) + [-2] * max(0, 3 - overdue)
        return [
            FollowUp(
                owner=self.user,
                kind=FollowUpKind.CUSTOM,
                title="Prepare questions for the next call",
                due_on=self.today + dt.timedelta(days=d),
                contact_id=self.hub_id or None,
            )
            for d in days
        ]


def _outreach(leads: list[Lead], rng: random.Random) -> None:
    """When each lead was first contacted and answered, so reply speeds (boosters, obligates,
    curmudgeons) have something to show. A separate generator keeps the rest of the data
    as it was for a given seed."""
    for lead in leads:
        if lead.status == LeadStatus.NEW or lead.conversation is None:
            continue
        lead.contacted_at = lead.conversation.at + dt.timedelta(days=rng.randint(1, 4))
        if lead.status in (LeadStatus.TALKED, LeadStatus.WON, LeadStatus.DEAD):
            lead.replied_at = lead.contacted_at + dt.timedelta(days=rng.choice([1, 2, 3, 6, 12]))
