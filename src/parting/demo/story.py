"""The demo account: six weeks of a realistic job search, built through the domain layer.

Everything is created with the same functions the web UI and the CLI call, so the method's
rules (R2, R3, R5, R8) hold in the demo exactly as in real use. Each step runs "as of" a
moment in the past: the rows it made are then moved back to that moment (timestamps, and
the due dates the domain computed from today).
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from parting.core.choices import (
    Archetype,
    Channel,
    FollowUpKind,
    Kind,
    LeadStatus,
    Outcome,
    Permission,
    Response,
    Role,
    Source,
    Stage,
)
from parting.core.domain import accounts, calls, clock, followups, leads, network, network_update
from parting.core.domain.errors import Conflict, Invalid
from parting.core.domain.followups import OPEN_STATES
from parting.core.domain.leads import LeadInput
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

DEMO_DOMAIN = "parting.local"
DEMO_EMAIL = f"demo@{DEMO_DOMAIN}"
TIMEZONE = "America/Chicago"
WEEKS = 6

# (name, parent, industry): a holding with three divisions, a group with two sister
# companies, and independent companies across the niche.
COMPANIES: list[tuple[str, str | None, str]] = [
    ("Meridian Freight Holdings", None, "logistics"),
    ("Meridian Brokerage", "Meridian Freight Holdings", "freight brokerage"),
    ("Meridian Warehouse Systems", "Meridian Freight Holdings", "warehousing"),
    ("Meridian Last Mile", "Meridian Freight Holdings", "last-mile delivery"),
    ("Northwind Group", None, "transportation management"),
    ("Northwind Routing", "Northwind Group", "logistics software"),
    ("Northwind Fleet Analytics", "Northwind Group", "supply chain analytics"),
    ("Lakeshore Logistics", None, "logistics software"),
    ("Prairie Parcel", None, "last-mile delivery"),
    ("Tidewater Shipping Tech", None, "logistics software"),
    ("Bluestem Supply Chain", None, "supply chain analytics"),
    ("Harbor & Rail", None, "freight brokerage"),
    ("Keystone Cold Chain", None, "warehousing"),
    ("Ironbridge TMS", None, "transportation management"),
    ("Pilot Dock Labs", None, "logistics software"),
    ("Wabash Data Works", None, "supply chain analytics"),
    ("Cardinal Carriers", None, "freight brokerage"),
    ("Switchyard Systems", None, "logistics software"),
    ("Lumen Yard", None, "warehousing"),
    ("Fairwind Customs Software", None, "customs brokerage"),
]

# How things go, in proportion: a deck is shuffled and drawn through before it is refilled,
# so even a small demo shows every outcome and response.
DECKS: dict[str, list[Any]] = {
    "call": [Outcome.REJECTED] * 6
    + [Outcome.ADVANCED] * 2
    + [Outcome.UNDECIDED, Outcome.NO_ANSWER, Outcome.VOICEMAIL],
    "interview": [Outcome.REJECTED] * 5 + [Outcome.UNDECIDED] * 2 + [Outcome.ADVANCED],
    "lead call": [Outcome.REJECTED] * 5
    + [Outcome.ADVANCED] * 2
    + [Outcome.UNDECIDED, Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.OFFER],
    "response": [Response.GAVE_LEAD] * 7 + [Response.LEFT_NUMBER] * 2 + [Response.DECLINED] * 2,
    "stale": [LeadStatus.CONTACTED] * 2 + [LeadStatus.DEAD],
}

LEAD_NOTES = [
    "Runs carrier onboarding; hiring a PM next quarter.",
    "Said their routing team is short-handed since the reorg.",
    "Knows everyone in the Chicago freight-tech scene.",
    "Just raised a round and is building out product.",
    "Former colleague of the referrer; email works better than phone.",
    "Looking for someone who has shipped a TMS integration.",
    "",
    "",
]
CALL_NOTES = [
    "Went with an internal candidate.",
    "Wanted deeper warehouse-automation experience.",
    "Role was paused after a budget review.",
    "Friendly call; they liked the routing case study.",
    "Asked about EDI and carrier APIs.",
    "",
    "",
    "",
]
CUSTOM_FOLLOWUPS = [
    (0, "Send the route-optimisation case study to {name}"),
    (-2, "Update résumé with the carrier-onboarding project"),
    (3, "Ask {name} for coffee next week"),
    (6, "Prepare questions for the Northwind Routing panel"),
]


class _Deck:
    """Draws in fixed proportions, shuffled: every card shows up, in a random order."""

    def __init__(self, rng: random.Random, cards: list[str]) -> None:
        self.rng = rng
        self.cards = cards
        self.left: list[str] = []

    def draw(self) -> str:
        if not self.left:
            self.left = list(self.cards)
            self.rng.shuffle(self.left)
        return self.left.pop()


@dataclass
class _Pending:
    """A lead whose person the seeker has yet to call."""

    lead: Lead
    created: dt.datetime
    chain_depth: int = 0


@dataclass(order=True)
class _Event:
    at: dt.datetime
    seq: int
    action: Callable[[], None] = field(compare=False)


def load_demo(
    stdout: TextIO | None = None,
    email: str = DEMO_EMAIL,
    scale: int = 1,
    seed: int = 7,
) -> tuple[str, str]:
    """Create (or replace) the demo account and return its email and fresh password.

    Only an account under @parting.local is ever replaced, so a real seeker's data cannot
    be deleted by loading the demo."""
    email = (email or "").strip().lower()
    if not email.endswith("@" + DEMO_DOMAIN):
        raise Invalid(f"a demo account lives under @{DEMO_DOMAIN}, not {email!r}", field="email")
    if scale < 1:
        raise Invalid("scale must be at least 1", field="scale")

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    started = time.monotonic()
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        User = get_user_model()
        old = User.objects.filter(username__iexact=email)
        if old.exists():
            say(f"Removing the previous demo account {email}")
            old.delete()
        user = accounts.create_user(email, password, name="Jordan Ellis")
        _Story(user, random.Random(seed), scale, say).tell()
    say(f"Demo account ready in {time.monotonic() - started:.1f}s: {email}")
    return email, password


class _Story:
    """Six weeks of calls, asks, leads and follow-ups, played in time order."""

    def __init__(self, user: Any, rng: random.Random, scale: int, say: Callable[[str], None]):
        self.user = user
        self.rng = rng
        self.scale = scale
        self.say = say
        self.tz = clock.zone(TIMEZONE)
        self.now = clock.now()
        self.today = self.now.astimezone(self.tz).date()
        self.names = samples.people(rng)
        self.companies: list[Company] = []
        self.to_call: list[Contact] = []
        self.pending: list[_Pending] = []
        self.events: list[_Event] = []
        self.seq = itertools.count()
        self.current = self.now
        self.decks = {name: _Deck(rng, cards) for name, cards in DECKS.items()}
        self.questions = list(Question.objects.for_user(user).order_by("position"))

    def tell(self) -> None:
        start = self._local(self.today - dt.timedelta(weeks=WEEKS, days=3), 9)
        with self._as_of(start):
            self._profile()
            self._companies()
            self._contacts()
        self.say(f"  {len(self.companies)} companies, {len(self.to_call)} contacts")
        self._plan_calls()
        self._play()
        self._settle_stale_leads()
        self._openings()
        self._tidy_followups()
        self._summary()

    # -- time ---------------------------------------------------------------

    def _local(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    @contextmanager
    def _as_of(self, when: dt.datetime) -> Iterator[None]:
        """Run domain calls now, then move what they wrote back to `when`."""
        mark = timezone.now()
        yield
        shift = self.today - when.astimezone(self.tz).date()
        made = list(FollowUp.objects.filter(owner=self.user, created_at__gte=mark))
        for followup in made:
            followup.due_on -= shift
        FollowUp.objects.bulk_update(made, ["due_on"])
        applied = Opening.objects.filter(owner=self.user, created_at__gte=mark)
        applied.filter(applied_on=self.today).update(applied_on=self.today - shift)
        for model in (Company, Contact, Opening, Conversation, Ask, Lead, FollowUp):
            rows = model.objects.filter(owner=self.user)
            rows.filter(created_at__gte=mark).update(created_at=when)
            rows.filter(updated_at__gte=mark).update(updated_at=when)
        FollowUp.objects.filter(owner=self.user, done_at__gte=mark).update(done_at=when)
        Lead.objects.filter(owner=self.user, thanked_at__gte=mark).update(thanked_at=when)

    def _at(self, when: dt.datetime, action: Callable[[], None]) -> None:
        if when < self.now - dt.timedelta(minutes=5):
            heapq.heappush(self.events, _Event(when, next(self.seq), action))

    def _play(self) -> None:
        played = 0
        while self.events:
            event = heapq.heappop(self.events)
            self.current = event.at
            with self._as_of(event.at):
                event.action()
            played += 1
            if played % 25 == 0:
                self.say(f"  {played} events played")

    def _later(self, days: int, hour: int) -> dt.datetime:
        """A moment `days` days after the current one, on a weekday, at `hour` local time."""
        day = self.current.astimezone(self.tz).date() + dt.timedelta(days=days)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return self._local(day, hour, self.rng.choice((0, 10, 20, 40)))

    def _business_days(self) -> list[dt.date]:
        first = self.today - dt.timedelta(weeks=WEEKS)
        days = (first + dt.timedelta(days=i) for i in range((self.today - first).days))
        return [d for d in days if d.weekday() < 5]

    # -- the network -----------------------------------------------------------

    def _profile(self) -> None:
        profile = get_profile(self.user)
        profile.name = "Jordan Ellis"
        profile.phone = network.normalize_phone("+1 312 555 0147").e164
        profile.skills = "route optimisation, carrier integrations, SQL, product discovery"
        profile.target_roles = "Product manager, solutions consultant"
        profile.niche = "logistics software"
        profile.timezone = TIMEZONE
        profile.phone_region = "US"
        profile.save()

    def _companies(self) -> None:
        rows = list(COMPANIES)
        words = list(itertools.product(*samples.COMPANY_WORDS))
        self.rng.shuffle(words)
        for i in range(len(COMPANIES) * (self.scale - 1)):
            parent = rows[-(i % 5)][0] if i % 5 in (3, 4) else None
            rows.append((" ".join(words[i]), parent, self.rng.choice(samples.INDUSTRIES)))
        by_name: dict[str, Company] = {}
        for name, parent, industry in rows:
            company = network.create_company(self.user, name, by_name.get(parent or ""), industry)
            company.website = f"https://{_slug(name)}.example"
            company.save(update_fields=["website"])
            by_name[name] = company
        self.companies = list(by_name.values())

    def _contacts(self) -> None:
        roles = [Role.RECRUITER] * 7 + [Role.HIRING_MANAGER] * 6 + [Role.HR] * 2
        roles += [Role.EMPLOYEE] * 4 + [Role.OTHER]
        sources = [Source.MANUAL] * 3 + [Source.LINKEDIN] * 3
        sources += [Source.GOOGLE, Source.OUTLOOK, Source.VCARD]
        rng = self.rng
        for _ in range(42 * self.scale):
            company = rng.choice(self.companies)
            role = rng.choice(roles)
            name, handle = next(self.names)
            linkedin = f"https://www.linkedin.com/in/{handle.replace('.', '-')}"
            contact = network.create_contact(
                self.user,
                name,
                company=company,
                title=rng.choice(samples.TITLES[role]),
                role=role,
                email=f"{handle}@{_slug(company.name)}.example" if rng.random() < 0.8 else "",
                phone=samples.fictional_phone(rng) if rng.random() < 0.85 else "",
                linkedin=linkedin if rng.random() < 0.4 else "",
                notes="Met at the Chicago supply-chain meetup." if rng.random() < 0.15 else "",
                source=rng.choice(sources),
            )
            self.to_call.append(contact)

    # -- calls -----------------------------------------------------------------

    def _plan_calls(self) -> None:
        days = self._business_days()
        busier = [1 + 2 * i / len(days) for i in range(len(days))]  # the search picks up pace
        slots = sorted(
            self._local(day, self.rng.randint(9, 16), self.rng.choice((0, 30)))
            for day in self.rng.choices(days, busier, k=32 * self.scale)
        )
        # The first call starts a referral chain three leads deep.
        self._at(slots[0], lambda: self._call_next(chain=True))
        for when in slots[1:]:
            self._at(when, self._call_next)
        # Fresh rejections not yet asked: the Today page's ask-rate nudge.
        for hours in (1, 26):
            self._at(self.now - dt.timedelta(hours=hours), self._unasked_rejection)
        # Yesterday's good call: leads still new, a thank-you due.
        self._at(self._local(days[-1], 14), self._fresh_leads)

    def _call_next(self, chain: bool = False) -> None:
        ready = [p for p in self.pending if p.created <= self.current - dt.timedelta(days=2)]
        chained = [p for p in ready if p.chain_depth]
        if chained:
            self._call_lead(chained[0])
        elif ready and (self.rng.random() < 0.45 or not self.to_call):
            self._call_lead(self.rng.choice(ready))
        elif self.to_call:
            self._call_contact(self.to_call.pop(self.rng.randrange(len(self.to_call))), chain)

    def _call_contact(self, contact: Contact, chain: bool = False) -> None:
        """A screen, an interview or a chat with someone from the seeker's own network."""
        rng = self.rng
        kind = rng.choice([Kind.PHONE_SCREEN] * 5 + [Kind.INTERVIEW] * 2 + [Kind.INFORMATIONAL] * 2)
        channel = {
            Kind.PHONE_SCREEN: [Channel.PHONE] * 4 + [Channel.VIDEO],
            Kind.INTERVIEW: [Channel.VIDEO, Channel.VIDEO, Channel.IN_PERSON],
            Kind.INFORMATIONAL: [Channel.PHONE, Channel.VIDEO, Channel.IN_PERSON, Channel.MESSAGE],
        }[kind]
        outcome = Outcome.REJECTED if chain else self.decks["call"].draw()
        opening = ""
        if kind != Kind.INFORMATIONAL and rng.random() < 0.6:
            opening = rng.choice(samples.OPENING_TITLES)
        conversation = self._log(contact, outcome, kind, rng.choice(channel), opening)
        if outcome == Outcome.REJECTED:
            self._parting_question(conversation, chain_depth=1 if chain else 0)
        elif outcome == Outcome.ADVANCED:
            self._at(
                self._later(rng.randint(4, 9), rng.randint(9, 16)),
                lambda: self._interview(conversation),
            )

    def _interview(self, screen: Conversation) -> None:
        """The next round after a screen that went well."""
        outcome = self.decks["interview"].draw()
        opening = screen.opening.title if screen.opening_id and screen.opening else ""
        channel = self.rng.choice([Channel.VIDEO, Channel.IN_PERSON])
        conversation = self._log(screen.contact, outcome, Kind.INTERVIEW, channel, opening)
        if outcome == Outcome.REJECTED:
            self._parting_question(conversation)

    def _call_lead(self, pending: _Pending) -> None:
        """Reach out to a referred person, then talk (R8 when it pays off)."""
        self.pending.remove(pending)
        lead = pending.lead
        leads.update_lead(self.user, lead, status=LeadStatus.CONTACTED)
        contact = lead.contact
        assert contact is not None
        if pending.chain_depth == 3:
            outcome: str = Outcome.ADVANCED
        elif pending.chain_depth:
            outcome = Outcome.REJECTED
        else:
            outcome = self.decks["lead call"].draw()
        kind = self.rng.choice([Kind.REFERRAL_CALL, Kind.REFERRAL_CALL, Kind.INFORMATIONAL])
        channel = self.rng.choice([Channel.PHONE, Channel.PHONE, Channel.VIDEO])
        conversation = self._log(contact, outcome, kind, channel, "")
        if outcome in (Outcome.NO_ANSWER, Outcome.VOICEMAIL):
            return
        advanced = outcome == Outcome.ADVANCED and (
            pending.chain_depth == 3 or self.rng.random() < 0.5
        )
        won = advanced or outcome == Outcome.OFFER
        leads.update_lead(self.user, lead, status=LeadStatus.WON if won else LeadStatus.TALKED)
        if self.rng.random() < 0.6:
            self._at(self._later(self.rng.randint(1, 3), 11), lambda: self._close_loop(lead))
        if outcome == Outcome.REJECTED:
            depth = pending.chain_depth + 1 if pending.chain_depth else 0
            self._parting_question(conversation, chain_depth=depth)

    def _unasked_rejection(self) -> None:
        if self.to_call:
            contact = self.to_call.pop()
            self._log(contact, Outcome.REJECTED, Kind.PHONE_SCREEN, Channel.PHONE, "")

    def _fresh_leads(self) -> None:
        """Two names from yesterday's interview: one already emailed, one still new."""
        if self.to_call:
            contact = self.to_call.pop()
            conversation = self._log(contact, Outcome.REJECTED, Kind.INTERVIEW, Channel.VIDEO, "")
            self._parting_question(conversation, response=Response.GAVE_LEAD, count=2)
            emailed = conversation.leads.order_by("id").first()
            assert emailed is not None
            self.pending = [p for p in self.pending if p.lead.pk != emailed.pk]
            leads.update_lead(self.user, emailed, status=LeadStatus.CONTACTED)

    def _callback(self, contact: Contact) -> None:
        """Someone who had the seeker's number calls back with a name (R5)."""
        conversation = self._log(contact, Outcome.UNDECIDED, Kind.FOLLOW_UP, Channel.PHONE, "")
        captured = leads.add_lead(
            self.user, contact, self._lead_input(contact.company, None), conversation=conversation
        )
        for lead in captured.leads:  # none when they named someone they had suggested before
            self._track(lead, 0)

    def _log(
        self, contact: Contact, outcome: str, kind: str, channel: str, opening: str
    ) -> Conversation:
        return calls.log_conversation(
            self.user,
            contact,
            outcome,
            kind=kind,
            channel=channel,
            at=self.current,
            opening=opening,
            note=self.rng.choice(CALL_NOTES) if outcome == Outcome.REJECTED else "",
        )

    # -- the parting question --------------------------------------------------

    def _parting_question(
        self,
        conversation: Conversation,
        chain_depth: int = 0,
        response: str | None = None,
        count: int = 0,
    ) -> None:
        rng = self.rng
        if chain_depth:
            response, count = Response.GAVE_LEAD, 1
        if response is None and rng.random() < 0.07:
            return  # forgot to ask: shows in the ask rate
        if response is None:
            response = self.decks["response"].draw()
        favourites = [q for q in self.questions if q.favourite]
        question = rng.choice(favourites if rng.random() < 0.7 or chain_depth else self.questions)
        inputs: list[LeadInput] = []
        if response == Response.GAVE_LEAD:
            count = count or rng.choice([1] * 6 + [2] * 3 + [3])
            inputs = [
                self._lead_input(conversation.company, question.archetype) for _ in range(count)
            ]
            if chain_depth:
                inputs[0].name = inputs[0].name or next(self.names)[0]
        try:
            captured = calls.record_ask(self.user, conversation, question, response, inputs)
        except Conflict:  # every name was one they had suggested before (R3): nobody new
            captured = calls.record_ask(self.user, conversation, question, Response.DECLINED)
        for i, lead in enumerate(captured.leads):
            self._track(lead, chain_depth if i == 0 and chain_depth <= 3 else 0)
        if response == Response.LEFT_NUMBER and rng.random() < 0.5:
            contact = conversation.contact
            self._at(self._later(rng.randint(3, 10), 10), lambda: self._callback(contact))

    def _lead_input(self, company: Company | None, archetype: str | None) -> LeadInput:
        """Who a referrer suggests depends on the question asked."""
        rng = self.rng
        target = company
        if archetype == Archetype.SISTER_COMPANY and company is not None:
            family = network.family(company)
            relatives = family["divisions"] + family["sisters"]
            if company.parent_id and company.parent:
                relatives.append(company.parent)
            target = rng.choice(relatives) if relatives else None
        if archetype in (Archetype.NICHE_PEER, Archetype.COMMUNITY, None) or target is None:
            target = rng.choice([c for c in self.companies if c != company])
        name = (
            "" if archetype == Archetype.NICHE_PEER and rng.random() < 0.25 else next(self.names)[0]
        )
        return LeadInput(
            name=name,
            company=target.name,
            note=rng.choice(LEAD_NOTES),
            permission=rng.choice(
                [Permission.GRANTED] * 6 + [Permission.NOT_ASKED] * 3 + [Permission.DECLINED] * 2
            ),
            thanked=rng.random() < 0.35,
        )

    def _track(self, lead: Lead, chain_depth: int) -> None:
        """Fill in the referred person's details and plan the thank-you."""
        person = lead.contact
        if person is not None:
            role = self.rng.choice([Role.HIRING_MANAGER, Role.HIRING_MANAGER, Role.EMPLOYEE])
            person.role = role
            person.title = self.rng.choice(samples.TITLES[role])
            if self.rng.random() < 0.6:
                person.phone = network.normalize_phone(samples.fictional_phone(self.rng)).e164
            person.save(update_fields=["role", "title", "phone", "updated_at"])
            self.pending.append(_Pending(lead, self.current, chain_depth))
        if lead.thanked_at is None and self.rng.random() < 0.75:
            self._at(self._later(1, 9), lambda: self._thank(lead))

    def _thank(self, lead: Lead) -> None:
        lead.refresh_from_db()
        leads.update_lead(self.user, lead, thanked=True)

    def _close_loop(self, lead: Lead) -> None:
        for followup in followups.open_for_lead(self.user, lead, FollowUpKind.CLOSE_LOOP):
            followups.mark_done(self.user, followup)

    # -- loose ends ------------------------------------------------------------

    def _settle_stale_leads(self) -> None:
        """Leads nobody called after two weeks were emailed, or went nowhere."""
        cutoff = self.now - dt.timedelta(days=14)
        stale = Lead.objects.for_user(self.user).filter(
            status=LeadStatus.NEW, created_at__lt=cutoff
        )
        for lead in stale.order_by("created_at", "id"):
            self.current = lead.created_at
            dead = self.decks["stale"].draw() == LeadStatus.DEAD
            when = self._later(10 if dead else 2, 15)
            with self._as_of(when):
                status = LeadStatus.DEAD if dead else LeadStatus.CONTACTED
                leads.update_lead(self.user, lead, status=status)

    def _openings(self) -> None:
        """Openings the seeker is eyeing but has not talked about yet."""
        stages = [Stage.INTERESTED, Stage.APPLIED, Stage.SCREENING, Stage.WITHDRAWN]
        for stage in stages * self.scale:
            company = self.rng.choice(self.companies)
            with self._as_of(self.now - dt.timedelta(days=self.rng.randint(1, 20))):
                title = self.rng.choice(samples.OPENING_TITLES)
                if (
                    Opening.objects.for_user(self.user)
                    .filter(company=company, title__iexact=title)
                    .exists()
                ):
                    continue
                # Applied first (the work-search log lists the day), then further along.
                first = Stage.INTERESTED if stage == Stage.INTERESTED else Stage.APPLIED
                opening = network.create_opening(self.user, company, title, stage=first)
                if stage != first:
                    network_update.update_opening(self.user, opening, stage=stage)

    def _tidy_followups(self) -> None:
        """A diligent seeker: old to-dos done, a few overdue, a few due today, more to come."""
        open_ = FollowUp.objects.for_user(self.user).filter(status__in=OPEN_STATES)
        overdue = list(
            open_.filter(due_on__lt=self.today).select_related("lead").order_by("-due_on", "id")
        )
        keep = 4 * self.scale
        for followup in overdue[keep:]:
            self.current = self._local(followup.due_on, 16)
            with self._as_of(self.current):
                self._resolve(followup)
                followups.mark_done(self.user, followup)
        referrers = Contact.objects.for_user(self.user).filter(leads_given__isnull=False)
        contacts = itertools.cycle(referrers.distinct().order_by("name", "id")[:3])
        for (days, title), contact in zip(CUSTOM_FOLLOWUPS, contacts, strict=False):
            followups.add_followup(
                self.user,
                title.format(name=contact.name),
                contact=contact,
                on=self.today + dt.timedelta(days=days),
            )
        self._ensure_due(lambda: open_.filter(due_on=self.today), 3, 0)
        self._ensure_due(lambda: open_.filter(due_on__lt=self.today), 3, -3)
        upcoming = open_.filter(due_on__gt=self.today).order_by("due_on", "id").first()
        if upcoming is not None:
            followups.snooze(self.user, upcoming, 2)

    def _resolve(self, followup: FollowUp) -> None:
        """Do an overdue to-do the way the seeker would: thank, reach out, or tick it off."""
        lead = followup.lead
        if lead is not None and followup.kind == FollowUpKind.THANK_REFERRER:
            leads.update_lead(self.user, lead, thanked=True)
        elif lead is not None and lead.status == LeadStatus.NEW:
            leads.update_lead(self.user, lead, status=LeadStatus.CONTACTED)
        followups.mark_done(self.user, followup)

    def _ensure_due(self, rows: Callable[[], Any], wanted: int, days: int) -> None:
        """Bring the nearest upcoming follow-ups forward (the seeker's own custom ones stay
        where they are) so at least `wanted` match `rows`."""
        missing = wanted - rows().count()
        if missing <= 0:
            return
        upcoming = FollowUp.objects.for_user(self.user).filter(
            status__in=OPEN_STATES, due_on__gt=self.today
        )
        upcoming = upcoming.exclude(kind=FollowUpKind.CUSTOM).order_by("due_on", "id")
        ids = list(upcoming.values_list("id", flat=True)[:missing])
        FollowUp.objects.filter(id__in=ids).update(due_on=self.today + dt.timedelta(days=days))
        for _ in range(missing - len(ids)):
            followups.add_followup(
                self.user,
                "Review this week's calls and pick who to thank",
                on=self.today + dt.timedelta(days=days),
            )

    def _summary(self) -> None:
        mine = {
            "companies": Company.objects.for_user(self.user).count(),
            "contacts": Contact.objects.for_user(self.user).count(),
            "conversations": Conversation.objects.for_user(self.user).count(),
            "asks": Ask.objects.for_user(self.user).count(),
            "leads": Lead.objects.for_user(self.user).count(),
            "openings": Opening.objects.for_user(self.user).count(),
            "open follow-ups": FollowUp.objects.for_user(self.user)
            .filter(status__in=OPEN_STATES)
            .count(),
        }
        self.say("  " + ", ".join(f"{n} {what}" for what, n in mine.items()))


def _slug(name: str) -> str:
    return "".join(ch for ch in samples.handle_for(name) if ch.isalnum()) or "company"
