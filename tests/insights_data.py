"""Hand-built accounts for the insights tests, with their numbers worked out here.

`story(alice)`, with the clock frozen at Wed 2026-03-04 10:00 UTC:

    Rita (Acme)   rejected  Mon 2 Feb  asked same_company -> leads Lena (Globex), Mo (Initech)
    Lena          rejected  Tue 10 Feb asked niche_peer   -> lead Nia (Hooli)
    Nia           interview Fri 20 Feb, advanced           (a door: two hops back from Rita's no)
    Mo            phone screen Thu 12 Feb, offer            (a door: one hop back)
    Sam (Umbrella) rejected Tue 3 Mar  asked, declined      (no lead: not in the tree)
    Tia (Vandelay) rejected Mon 2 Mar  not asked

The tree: one root (Rita's no) holding 7 nodes. The funnel, all time: 6 conversations,
4 rejections, 3 asks, 3 leads; this week (2-8 Mar): 2 conversations, 2 rejections, 1 ask.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from parting.core.choices import Kind, Outcome, Response
from parting.core.domain import calls, questions
from parting.core.models import Contact, Conversation, Lead
from tests import factories as f


def at(day: int, month: int = 2) -> dt.datetime:
    return dt.datetime(2026, month, day, 15, 0, tzinfo=dt.UTC)


@dataclass
class Story:
    rita: Contact
    lena: Lead
    mo: Lead
    nia: Lead
    root: Conversation
    interview: Conversation
    offer: Conversation


def story(user: Any) -> Story:
    same = questions.resolve_question(user, "same_company")
    niche = questions.resolve_question(user, "niche_peer")
    rita = f.contact(user, "Rita Recruiter", "Acme")
    root = f.rejection(user, rita, at=at(2))
    ask = calls.record_ask(
        user,
        root,
        same,
        Response.GAVE_LEAD,
        [f.lead("Lena Lead", "Globex"), f.lead("Mo Moss", "Initech")],
    ).ask
    lena, mo = sorted(Lead.objects.filter(ask=ask), key=lambda lead: lead.name)
    assert lena.contact and mo.contact
    second = f.rejection(user, lena.contact, at=at(10))
    calls.record_ask(user, second, niche, Response.GAVE_LEAD, [f.lead("Nia North", "Hooli")])
    nia = Lead.objects.get(conversation=second)
    assert nia.contact
    interview = calls.log_conversation(
        user, nia.contact, Outcome.ADVANCED, kind=Kind.INTERVIEW, at=at(20)
    )
    offer = calls.log_conversation(user, mo.contact, Outcome.OFFER, at=at(12))
    sam = f.rejection(user, f.contact(user, "Sam Stone", "Umbrella"), at=at(3, 3))
    calls.record_ask(user, sam, same, Response.DECLINED)
    f.rejection(user, f.contact(user, "Tia Tran", "Vandelay"), at=at(2, 3))
    return Story(rita, lena, mo, nia, root, interview, offer)


def chain(user: Any, hops: int) -> list[Contact]:
    """A referral chain `hops` leads long, built in bulk: person i's "no" named person i+1."""
    people = Contact.objects.bulk_create(
        [Contact(owner=user, name=f"Person {i}") for i in range(hops + 1)]
    )
    start = at(1, 1)
    talks = Conversation.objects.bulk_create(
        [
            Conversation(
                owner=user, contact=p, at=start + dt.timedelta(minutes=i), outcome=Outcome.REJECTED
            )
            for i, p in enumerate(people)
        ]
    )
    Lead.objects.bulk_create(
        [
            Lead(owner=user, referrer=people[i], contact=people[i + 1], conversation=talks[i])
            for i in range(hops)
        ]
    )
    return people


def referrals(user: Any, start: int, stop: int) -> None:
    """Rows for query-count tests: rejections that each gave a lead who later interviewed."""
    for i in range(start, stop):
        referrer = f.contact(user, f"Referrer {i}", f"Company {i % 7}")
        convo = f.rejection(user, referrer)
        calls.record_ask(
            user, convo, None, Response.GAVE_LEAD, [f.lead(f"Lead {i}", f"Target {i % 5}")]
        )
        lead = Lead.objects.get(conversation=convo)
        assert lead.contact
        calls.log_conversation(user, lead.contact, Outcome.ADVANCED, kind=Kind.INTERVIEW)
