"""Ask rate and yield, checked against a small hand-counted account."""

import pytest

from parting.core.choices import Outcome, Response
from parting.core.domain import calls, questions, yields
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(alice, frozen):
    """Three rejections: two asked (same_company gave 2 leads; niche_peer declined), one not.
    One advanced call, which does not count towards the ask rate."""
    same = questions.resolve_question(alice, "same_company")
    niche = questions.resolve_question(alice, "niche_peer")
    calls.record_ask(
        alice, f.rejection(alice), same, Response.GAVE_LEAD, [f.lead("A"), f.lead("B")]
    )
    calls.record_ask(alice, f.rejection(alice, f.contact(alice, "Two")), niche, "declined")
    f.rejection(alice, f.contact(alice, "Three"))
    calls.log_conversation(alice, f.contact(alice, "Four"), Outcome.ADVANCED)
    return same, niche


def test_ask_rate_counts_rejections_with_an_ask(alice, account):
    rate = yields.ask_rate(alice)
    assert (rate.rejections, rate.asked) == (3, 2)
    assert rate.rate == pytest.approx(2 / 3)


def test_question_yield_is_leads_per_ask(alice, account):
    same, niche = account
    by_id = {y.key: y for y in yields.question_yield(alice)}
    assert (by_id[str(same.pk)].asks, by_id[str(same.pk)].leads) == (1, 2)
    assert by_id[str(same.pk)].rate == 2.0
    assert (by_id[str(niche.pk)].asks, by_id[str(niche.pk)].leads) == (1, 0)
    unasked = [y for y in by_id.values() if y.asks == 0]
    assert len(unasked) == 2 and all(y.rate is None for y in unasked)


def test_archetype_yield_and_r9_scoping(alice, bob, account):
    by_arch = {y.key: y for y in yields.archetype_yield(alice)}
    assert (by_arch["same_company"].asks, by_arch["same_company"].leads) == (1, 2)
    assert by_arch["community"].asks == 0
    assert all(y.asks == 0 for y in yields.archetype_yield(bob))
    assert yields.ask_rate(bob).rejections == 0
