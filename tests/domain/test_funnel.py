"""The funnel and the ranked yield, checked against the hand-built story."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import LeadStatus, Response
from parting.core.domain import calls, funnel, leads, questions
from tests import factories as f
from tests.insights_data import story

pytestmark = pytest.mark.django_db


def counts(row: funnel.Funnel) -> dict[str, int]:
    return {key: value for key, _, value in row.steps()}


def test_all_time_and_this_weeks_funnel(alice, frozen):
    s = story(alice)
    leads.update_lead(alice, s.lena, status=LeadStatus.CONTACTED)
    leads.update_lead(alice, s.mo, status=LeadStatus.TALKED)
    stats = funnel.stats(alice)
    # Lena was talked to (her own "no"), Nia interviewed, Mo made an offer (an interview too).
    assert counts(stats.all_time) == {
        "conversations": 6, "rejections": 4, "asks": 3, "leads": 3,
        "contacted": 3, "talked": 3, "interviews": 2, "offers": 1,
    }  # fmt: skip
    assert stats.all_time.ask_rate == pytest.approx(3 / 4)
    # Mon 2 – Sun 8 March: Sam (asked, declined) and Tia (not asked); no lead came this week.
    assert stats.week.since == dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    assert counts(stats.week) == {
        "conversations": 2, "rejections": 2, "asks": 1, "leads": 0,
        "contacted": 0, "talked": 0, "interviews": 0, "offers": 0,
    }  # fmt: skip
    assert stats.week.ask_rate == 0.5


def test_the_ask_rate_trend_week_by_week(alice, frozen):
    story(alice)
    trend = funnel.stats(alice).trend
    assert len(trend) == funnel.TREND_WEEKS
    by_week = {w.since.date().isoformat(): w for w in trend if w.since}
    # Leads count in the week of the call they came from, with how far they got since.
    assert by_week["2026-02-02"].ask_rate == 1.0  # Rita's no, asked: Lena and Mo (an offer)
    assert (by_week["2026-02-02"].leads, by_week["2026-02-02"].offers) == (2, 1)
    assert by_week["2026-02-09"].ask_rate == 1.0  # Lena's no: Nia, interviewed
    assert (by_week["2026-02-09"].interviews, by_week["2026-02-09"].offers) == (1, 0)
    assert by_week["2026-02-16"].ask_rate is None and by_week["2026-02-16"].interviews == 0
    assert by_week["2026-03-02"].ask_rate == 0.5
    assert sum(w.rejections for w in trend) == 4


def test_a_chosen_week(alice, frozen):
    story(alice)
    week = funnel.stats(alice, week=dt.date(2026, 2, 11)).week
    assert counts(week)["conversations"] == 2 and (week.rejections, week.asks) == (1, 1)
    assert (week.leads, week.interviews, week.offers) == (1, 1, 0)


def test_one_lucky_ask_is_labelled_and_not_ranked_first(alice, frozen):
    lucky = questions.resolve_question(alice, "community")
    steady = questions.resolve_question(alice, "niche_peer")
    calls.record_ask(alice, f.rejection(alice), lucky, Response.GAVE_LEAD, [f.lead("One")])
    for i in range(5):
        convo = f.rejection(alice, f.contact(alice, f"Caller {i}"))
        gave = [f.lead(f"Name {i}")] if i < 2 else []
        calls.record_ask(alice, convo, steady, "gave_lead" if gave else "declined", gave)
    ranked = funnel.stats(alice).archetypes
    assert ranked[0].key == "niche_peer" and ranked[0].rank == 1
    assert (ranked[0].asks, ranked[0].leads, ranked[0].rate) == (5, 2, 0.4)
    assert ranked[0].note == "5 asks"
    community = next(y for y in ranked if y.key == "community")
    assert community.rate == 1.0 and community.rank is None
    assert community.note == "1 ask — too few to rank"
    assert ranked.index(community) == 1
    assert next(y for y in ranked if y.key == "same_company").note == "not asked yet"


def test_funnel_is_scoped_to_its_owner(alice, bob, frozen):
    story(alice)
    assert counts(funnel.stats(bob).all_time) == dict.fromkeys(counts(funnel.Funnel(None, None)), 0)
