"""The people who help: referrers ranked, reply speed classes, thank-yous owed (R8)."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import LeadStatus, Response
from parting.core.domain import calls, families, leads, people
from parting.core.domain import network as net
from parting.core.models import Lead
from tests import factories as f
from tests.insights_data import story

pytestmark = pytest.mark.django_db


def test_referrers_ranked_by_leads_given_and_by_leads_that_paid_off(alice, frozen):
    s = story(alice)  # Rita gave Lena and Mo, Lena gave Nia
    leads.update_lead(alice, s.mo, status=LeadStatus.DEAD)
    leads.update_lead(alice, s.nia, status=LeadStatus.WON)
    given = people.top_referrers(alice, "given")
    assert [(r.name, r.given, r.paid_off) for r in given] == [
        ("Rita Recruiter", 2, 0),
        ("Lena Lead", 1, 1),
    ]
    assert [r.name for r in people.top_referrers(alice, "paid_off")] == ["Lena Lead"]


def _contacted(lead: Lead, contacted: dt.date, replied: dt.date | None) -> None:
    lead.contacted_at = dt.datetime.combine(contacted, dt.time(12), tzinfo=dt.UTC)
    lead.replied_at = dt.datetime.combine(replied, dt.time(12), tzinfo=dt.UTC) if replied else None
    lead.save()


def test_boosters_obligates_and_curmudgeons(alice, frozen):
    s = story(alice)
    monday = dt.date(2026, 2, 2)
    _contacted(s.lena, monday, dt.date(2026, 2, 5))  # Thursday: 3 business days
    _contacted(s.mo, monday, dt.date(2026, 2, 6))  # Friday: 4 business days
    _contacted(s.nia, monday, None)  # silent for a month
    grouped = people.repliers(alice, dt.date(2026, 3, 4))
    assert [(p.name, p.days) for p in grouped["booster"]] == [("Lena Lead", 3)]
    assert [(p.name, p.days) for p in grouped["obligate"]] == [("Mo Moss", 4)]
    assert [(p.name, p.days) for p in grouped["curmudgeon"]] == [("Nia North", None)]


def test_too_early_to_call_someone_a_curmudgeon():
    tuesday = dt.date(2026, 3, 3)
    assert people.classify(tuesday, None, dt.date(2026, 3, 4)) is None
    assert people.classify(tuesday, None, dt.date(2026, 3, 13)) == "curmudgeon"
    assert people.classify(dt.date(2026, 3, 6), dt.date(2026, 3, 11), dt.date(2026, 3, 20)) == (
        "booster"  # Friday to Wednesday crosses a weekend: 3 business days
    )


def test_r8_close_the_loop_thanks_owed(alice, frozen):
    s = story(alice)
    assert list(people.thanks_owed(alice)) == []
    leads.update_lead(alice, s.lena, status=LeadStatus.TALKED)
    owed = list(people.thanks_owed(alice))
    assert len(owed) == 1 and owed[0].lead_id == s.lena.pk and "Rita" in owed[0].title


def test_company_families_with_contacts_and_leads(alice, bob, frozen):
    parent = net.create_company(alice, "Acme Holdings")
    net.create_company(alice, "Acme Freight", parent=parent)
    net.create_company(alice, "Acme Labs", parent=parent)
    rita = f.contact(alice, "Rita", "Acme Freight")
    f.contact(alice, "Ron", "Acme Freight")
    calls.record_ask(
        alice, f.rejection(alice, rita), None, Response.GAVE_LEAD, [f.lead("Lou", "Acme Labs")]
    )
    found, total = families.families(alice)
    assert total == 1
    (family,) = found
    assert family.parent.name == "Acme Holdings"
    assert [(d.name, d.contacts, d.leads) for d in family.divisions] == [
        ("Acme Labs", 1, 1),
        ("Acme Freight", 2, 0),
    ]
    assert families.families(bob) == ([], 0)
