"""The caseload: who needs help first, and why in words; the cohort; a seeker's page for the
coach, names per scope. Query counts stay flat in the caseload's size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parting.core.choices import Kind, Outcome, Response
from parting.core.domain import calls, caseload, coach_view, cohort, followups, leads, sharing
from parting.core.domain.accounts import create_user
from parting.core.models import Lead
from tests import factories as f
from tests.conftest import FROZEN

pytestmark = pytest.mark.django_db


def _ago(days: float) -> dt.datetime:
    return FROZEN - dt.timedelta(days=days)


def _asked(user, days_ago: float, name: str = "Rita Recruiter") -> None:
    convo = f.rejection(user, f.contact(user, name), at=_ago(days_ago))
    calls.record_ask(user, convo, None, Response.DECLINED)


def test_the_seeker_who_skipped_questions_comes_first_and_says_why(
    alice, bob, coach, shared, frozen
):
    for _ in range(3):
        f.rejection(alice, f.contact(alice, "Quentin Quibble"), at=_ago(1))
    f.rejection(bob, f.contact(bob, "Betty"), at=_ago(0.1))
    _asked(bob, 0.2)
    rows = caseload.caseload(coach)
    assert [r.view.seeker for r in rows] == [alice, bob]
    assert rows[0].reasons[0] == "3 rejections without a parting question in the last 7 days"
    assert rows[1].reasons == ["1 rejection without a parting question in the last 7 days"]


def test_overdue_followups_quiet_leads_and_idle_days_are_reasons(alice, coach, shared, frozen):
    quentin = f.contact(alice, "Quentin Quibble")
    followups.add_followup(
        alice, "Call Quentin", contact=quentin, on=FROZEN.date() - dt.timedelta(days=2)
    )
    frozen.move_to(_ago(20))
    convo = f.rejection(alice, quentin)
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Lemuel Lemonade")])
    lead = Lead.objects.for_user(alice).get()
    leads.update_lead(alice, lead, status="contacted")
    frozen.move_to(FROZEN)
    row = next(r for r in caseload.caseload(coach) if r.view.seeker == alice)
    assert row.signals.overdue >= 1
    assert "1 lead contacted with no reply for over 7 business days" in row.reasons
    assert "nothing logged for 20 days" in row.reasons
    assert any(
        r.endswith("follow-ups overdue") or r.endswith("follow-up overdue") for r in row.reasons
    )


def test_an_ask_rate_below_the_seekers_own_average_is_a_reason(alice, coach, shared, frozen):
    for days in (10, 12, 15, 20):
        _asked(alice, days)
    f.rejection(alice, f.contact(alice, "Zed"), at=_ago(2))
    _asked(alice, 3)
    row = next(r for r in caseload.caseload(coach) if r.view.seeker == alice)
    assert (row.signals.week_rate, row.signals.month_rate) == (0.5, 1.0)
    assert (
        "asked after 50% of rejections in the last 7 days, against 100% over the 4 weeks before"
        in row.reasons
    )


def test_a_seeker_with_nothing_logged_says_so(bob, coach, shared, frozen):
    row = next(r for r in caseload.caseload(coach) if r.view.seeker == bob)
    assert row.reasons == ["nothing logged yet"] and row.signals.days_idle is None


def test_on_track_when_nothing_is_wrong(alice, coach, shared, frozen):
    _asked(alice, 1)
    row = next(r for r in caseload.caseload(coach) if r.view.seeker == alice)
    assert row.reasons == [] and row.why == "on track"


def _seekers(coach, start: int, stop: int) -> None:
    for i in range(start, stop):
        seeker = create_user(f"seeker{i}@example.com", None)
        sharing.open_share(seeker, coach, "numbers" if i % 2 else "full", None)
        _asked(seeker, 1)
        f.rejection(seeker, f.contact(seeker, f"Person {i}"), at=_ago(2))
        followups.add_followup(seeker, "Overdue", on=FROZEN.date() - dt.timedelta(days=3))


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


@pytest.mark.parametrize("what", ["caseload", "cohort"])
def test_queries_stay_flat_in_the_caseloads_size(coach, frozen, what):
    run = {"caseload": caseload.caseload, "cohort": cohort.cohort}[what]
    _seekers(coach, 0, 2)
    small = _count(lambda: run(coach))
    _seekers(coach, 2, 25)
    assert len(sharing.shared_views(coach)) == 25
    assert _count(lambda: run(coach)) == small


def test_the_cohort_funnel_sums_every_seeker_with_sample_sizes(alice, bob, coach, shared, frozen):
    _asked(alice, 3)
    f.rejection(alice, f.contact(alice, "Zed"), at=_ago(2))
    convo = f.rejection(bob, f.contact(bob, "Betty"), at=_ago(10))
    calls.record_ask(bob, convo, None, Response.GAVE_LEAD, [f.lead("Lou Lead")])
    lou = Lead.objects.for_user(bob).get().contact
    calls.log_conversation(bob, lou, Outcome.ADVANCED, kind=Kind.INTERVIEW, at=_ago(4))
    result = cohort.cohort(coach)
    steps = {s.key: s for s in result.steps}
    assert (steps["rejections"].count, steps["asks"].count) == (3, 2)
    assert (steps["asks"].rate, steps["asks"].sample) == (2 / 3, 3)
    assert (steps["leads"].count, steps["interviews"].count) == (1, 1)
    assert result.seekers == 2
    assert result.to_interview.reached == 1 and result.to_interview.seekers == 2
    assert result.to_interview.median_days == 6.0
    assert result.to_offer.median_days is None


def test_the_coachs_page_of_a_numbers_seeker_holds_no_name(alice, bob, coach, shared, frozen):
    convo = f.rejection(
        alice, f.contact(alice, "Quentin Quibble", "Zanzibar Widgets"), note="xyzzy"
    )
    calls.record_ask(
        alice, convo, None, Response.GAVE_LEAD, [f.lead("Lemuel Lemonade", "Zeppelin")]
    )
    page = coach_view.seeker_page(sharing.shared_view(coach, alice.pk))
    text = repr(page.as_dict())
    for name in ("Quentin", "Lemuel", "Zanzibar", "Zeppelin", "xyzzy"):
        assert name not in text
    assert page.records is None
    assert [n.name for n in page.forest.walk()] == ["Person 1", "Person 2"]
    assert page.as_dict()["leads_by_status"]["new"] == 1


def test_the_coachs_page_of_a_full_seeker_shows_everything(bob, coach, shared, frozen):
    convo = f.rejection(bob, f.contact(bob, "Betty Boop"), note="went well")
    calls.record_ask(bob, convo, None, Response.GAVE_LEAD, [f.lead("Lou Lead")])
    page = coach_view.seeker_page(sharing.shared_view(coach, bob.pk))
    data = page.as_dict()
    assert data["leads"][0]["name"] == "Lou Lead" and data["leads"][0]["referrer"] == "Betty Boop"
    assert data["conversations"][0]["note"] == "went well"
    assert "Betty Boop" in " ".join(data["tree"])


def test_the_cohort_is_remembered_until_a_seeker_changes_or_a_share_ends(
    alice, bob, coach, shared, frozen
):
    _asked(alice, 3)
    first = cohort.cohort(coach)
    assert _count(lambda: cohort.cohort(coach)) <= 3  # the shares and the stamps, no counting
    assert cohort.cohort(coach) is first
    _asked(bob, 1)  # bob's data changed
    after = cohort.cohort(coach)
    assert after is not first and {s.key: s.count for s in after.steps}["asks"] == 2
    sharing.revoke_share(bob, shared["bob"].pk)  # bob leaves the cohort
    assert cohort.cohort(coach).seekers == 1
