"""The work-search log: every conversation and every application of the week, in the
seeker's time zone, counted against the profile's requirement."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from parting.core.choices import Channel, Kind, Outcome, Stage
from parting.core.domain import calls, network, network_update, today, worklog
from parting.core.domain.errors import Invalid
from parting.core.domain.profile_update import update_profile
from tests import factories as f

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
MONDAY = dt.date(2026, 3, 2)  # the week of the frozen Wednesday 4 March 2026


@pytest.fixture
def acme(alice):
    return network.create_company(alice, "Acme Logistics", website="https://acme.example")


@pytest.fixture
def rita(alice, acme):
    return f.contact(alice, "Rita Ortiz", acme.name, title="Recruiter")


def test_a_conversation_gives_every_field_a_claim_asks_for(alice, acme, rita, frozen):
    calls.log_conversation(
        alice,
        rita,
        Outcome.REJECTED,
        kind=Kind.PHONE_SCREEN,
        channel=Channel.VIDEO,
        opening="Ops Analyst",
    )
    (entry,) = worklog.week(alice).entries
    assert entry.day == dt.date(2026, 3, 4)
    assert (entry.employer, entry.website) == ("Acme Logistics", "https://acme.example")
    assert (entry.contact, entry.title) == ("Rita Ortiz", "Recruiter")
    assert (entry.method_label, entry.kind_label) == ("Video", "Phone screen")
    assert (entry.position, entry.result) == ("Ops Analyst", "rejected")
    assert entry.employer_contact


@pytest.mark.parametrize(
    ("outcome", "result"),
    [
        (Outcome.REJECTED, "rejected"),
        (Outcome.ADVANCED, "advanced"),
        (Outcome.OFFER, "offer"),
        (Outcome.UNDECIDED, "pending"),
        (Outcome.VOICEMAIL, "pending"),
    ],
)
def test_each_outcome_is_one_of_the_claims_results(alice, rita, frozen, outcome, result):
    calls.log_conversation(alice, rita, outcome)
    assert [e.result for e in worklog.week(alice).entries] == [result]


def test_networking_counts_as_an_activity_but_not_as_an_employer_contact(alice, rita, frozen):
    calls.log_conversation(alice, rita, Outcome.UNDECIDED, kind=Kind.INFORMATIONAL)
    calls.log_conversation(alice, rita, Outcome.UNDECIDED, kind=Kind.FOLLOW_UP)
    calls.log_conversation(alice, rita, Outcome.UNDECIDED, kind=Kind.REFERRAL_CALL)
    week = worklog.week(alice)
    assert [e.kind_label for e in week.entries] == [
        "Informational interview",
        "Networking follow-up",
        "Referral call",
    ]
    assert (week.counts.activities, week.counts.employer_contacts) == (3, 0)
    assert worklog.counts(alice) == week.counts
    assert week.counts.short and week.counts.employer_missing == 1


def test_a_call_about_an_opening_is_an_employer_contact_whatever_its_kind(alice, rita, frozen):
    calls.log_conversation(
        alice, rita, Outcome.UNDECIDED, kind=Kind.FOLLOW_UP, opening="Ops Analyst"
    )
    assert worklog.counts(alice).employer_contacts == 1
    assert worklog.week(alice).counts.employer_contacts == 1


# -- applications: the day the stage became `applied` ------------------------------------


def test_marking_an_opening_applied_logs_an_application_that_day(alice, acme, frozen):
    opening = network.create_opening(alice, acme, "Ops Analyst", link="https://acme.example/j/1")
    assert opening.applied_on is None and worklog.week(alice).entries == []
    network_update.update_opening(alice, opening, stage=Stage.APPLIED)
    opening.refresh_from_db()
    assert opening.applied_on == dt.date(2026, 3, 4)
    (entry,) = worklog.week(alice).entries
    assert (entry.kind, entry.employer, entry.position) == (
        "application",
        "Acme Logistics",
        "Ops Analyst",
    )
    assert (entry.method_label, entry.result, entry.employer_contact) == ("Online", "pending", True)


def test_the_application_day_is_the_seekers_own(alice, acme):
    update_profile(alice, timezone="America/Chicago")
    opening = network.create_opening(alice, acme, "Ops Analyst")
    # Tuesday 20:00 in Chicago is already Wednesday in UTC.
    with time_machine.travel(dt.datetime(2026, 3, 3, 20, 0, tzinfo=CHICAGO), tick=False):
        network_update.update_opening(alice, opening, stage=Stage.APPLIED)
    opening.refresh_from_db()
    assert opening.applied_on == dt.date(2026, 3, 3)


def test_the_application_keeps_its_day_as_the_opening_moves_on(alice, acme, frozen):
    opening = network.create_opening(alice, acme, "Ops Analyst", stage=Stage.APPLIED)
    frozen.shift(dt.timedelta(days=8))
    network_update.update_opening(alice, opening, stage=Stage.INTERVIEWING)
    network_update.update_opening(alice, opening, stage=Stage.APPLIED)
    opening.refresh_from_db()
    assert opening.applied_on == dt.date(2026, 3, 4)
    (entry,) = worklog.week(alice, dt.date(2026, 3, 4)).entries
    assert entry.result == "pending"


def test_an_application_shows_how_far_it_got(alice, acme, rita, frozen):
    opening = network.create_opening(alice, acme, "Ops Analyst", stage=Stage.APPLIED)
    calls.log_conversation(alice, rita, Outcome.ADVANCED, opening="Ops Analyst")
    opening.refresh_from_db()
    assert opening.stage == Stage.INTERVIEWING  # the call moved it, through the same code
    results = {e.kind: e.result for e in worklog.week(alice).entries}
    assert results == {"application": "advanced", "phone_screen": "advanced"}


def test_moving_back_to_interested_forgets_the_application(alice, acme, frozen):
    opening = network.create_opening(alice, acme, "Ops Analyst", stage=Stage.APPLIED)
    network_update.update_opening(alice, opening, stage=Stage.INTERESTED)
    opening.refresh_from_db()
    assert opening.applied_on is None
    assert worklog.week(alice).entries == []


def test_an_opening_first_named_in_a_call_logs_no_application_day(alice, rita, frozen):
    """The seeker applied some time before the call; the call is the activity."""
    calls.log_conversation(alice, rita, Outcome.UNDECIDED, opening="Ops Analyst")
    assert [e.kind for e in worklog.week(alice).entries] == ["phone_screen"]


# -- weeks in the seeker's time zone -----------------------------------------------------


def test_weeks_run_monday_to_sunday_in_the_seekers_zone(alice, rita):
    update_profile(alice, timezone="America/Chicago")
    late_sunday = dt.datetime(2026, 3, 8, 23, 30, tzinfo=CHICAGO)  # Monday 05:30 in UTC
    calls.log_conversation(alice, rita, Outcome.REJECTED, at=late_sunday)
    early_monday = dt.datetime(2026, 3, 2, 0, 15, tzinfo=CHICAGO)
    calls.log_conversation(alice, rita, Outcome.UNDECIDED, at=early_monday)
    week = worklog.week(alice, dt.date(2026, 3, 5))
    assert week.first_day == MONDAY and week.last_day == dt.date(2026, 3, 8)
    assert [e.day for e in week.entries] == [MONDAY, dt.date(2026, 3, 8)]
    assert worklog.week(alice, dt.date(2026, 3, 9)).entries == []
    assert worklog.counts(alice, dt.date(2026, 3, 8)).activities == 2


def test_the_week_is_sorted_by_day_and_time(alice, acme, rita, frozen):
    calls.log_conversation(
        alice, rita, Outcome.UNDECIDED, at=dt.datetime(2026, 3, 6, 9, tzinfo=dt.UTC)
    )
    network.create_opening(alice, acme, "Ops Analyst", stage=Stage.APPLIED)  # Wednesday
    calls.log_conversation(
        alice, rita, Outcome.UNDECIDED, at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    )
    assert [e.day.day for e in worklog.week(alice).entries] == [2, 4, 6]


# -- the requirement, and Today ----------------------------------------------------------


def test_the_requirement_is_three_with_one_employer_contact_by_default(alice, frozen):
    counts = worklog.counts(alice)
    assert (counts.required, counts.employer_required) == (3, 1)
    assert counts.short and counts.missing == 3


def test_today_shows_the_count_only_while_the_week_is_short(alice, acme, rita, frozen):
    assert today.today(alice).worklog_week.short
    for _ in range(3):
        calls.log_conversation(alice, rita, Outcome.REJECTED)
    assert not today.today(alice).worklog_week.short


def test_no_requirement_no_count_on_today(alice, frozen):
    update_profile(alice, worklog_activities=0, worklog_employer_contacts=0)
    assert today.today(alice).worklog_week is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"worklog_activities": "three"}, "a number from 0 to 50"),
        ({"worklog_activities": 51}, "a number from 0 to 50"),
        ({"worklog_activities": -1}, "a number from 0 to 50"),
        ({"worklog_activities": 2, "worklog_employer_contacts": 3}, "cannot be more than"),
    ],
)
def test_a_requirement_that_makes_no_sense_is_refused_and_nothing_changes(alice, changes, message):
    with pytest.raises(Invalid, match=message):
        update_profile(alice, **changes)
    counts = worklog.counts(alice)
    assert (counts.required, counts.employer_required) == (3, 1)
