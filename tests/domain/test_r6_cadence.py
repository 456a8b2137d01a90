"""R6: after a lead is contacted, a second contact after N1 business days and a nudge after N2;
a reply closes what is still open. R5 and R8 go through the same scheduling."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from parting.core.choices import FollowUpKind, FollowUpState, Response
from parting.core.domain import cadence, calls, followups, leads
from parting.core.domain.profiles import get_profile
from parting.core.models import FollowUp
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 4)
CHICAGO_FRIDAY_NIGHT = dt.datetime(2026, 3, 7, 5, 30, tzinfo=dt.UTC)  # Fri 23:30 in Chicago
CHICAGO_THURSDAY_NIGHT = dt.datetime(2026, 3, 6, 5, 30, tzinfo=dt.UTC)  # Thu 23:30 in Chicago


@pytest.fixture
def lead(alice, frozen):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    return leads.add_lead(alice, rita, f.lead("Lena Lead", "Globex")).lead


def cadence_items(user, lead):
    rows = FollowUp.objects.for_user(user).filter(lead=lead, kind__in=cadence.WAITING_KINDS)
    return {row.kind: row for row in rows}


def test_r6_contacted_schedules_second_contact_and_nudge_in_business_days(alice, lead):
    leads.update_lead(alice, lead, status="contacted")  # Wednesday 4 March
    items = cadence_items(alice, lead)
    assert items[FollowUpKind.SECOND_CONTACT].due_on == dt.date(2026, 3, 9)  # Monday
    assert items[FollowUpKind.FOLLOW_UP].due_on == dt.date(2026, 3, 13)  # Friday next week
    assert items[FollowUpKind.FOLLOW_UP].contact == lead.contact
    assert "Lena Lead" in items[FollowUpKind.FOLLOW_UP].title


def test_r6_counts_across_a_weekend(alice, lead, frozen):
    frozen.move_to(dt.datetime(2026, 3, 6, 12, 0, tzinfo=dt.UTC))  # Friday noon
    leads.update_lead(alice, lead, status="contacted")
    items = cadence_items(alice, lead)
    assert items[FollowUpKind.SECOND_CONTACT].due_on == dt.date(2026, 3, 11)  # Wednesday
    assert items[FollowUpKind.FOLLOW_UP].due_on == dt.date(2026, 3, 17)  # Tuesday


@pytest.mark.parametrize(
    ("moment", "second", "nudge"),
    [
        # Friday night in Chicago is already Saturday in UTC: the weekend is skipped either way.
        (CHICAGO_FRIDAY_NIGHT, dt.date(2026, 3, 11), dt.date(2026, 3, 17)),
        # Thursday night in Chicago is Friday in UTC: counted from Thursday, not Friday.
        (CHICAGO_THURSDAY_NIGHT, dt.date(2026, 3, 10), dt.date(2026, 3, 16)),
    ],
)
def test_r6_counts_from_the_seekers_own_day(alice, lead, moment, second, nudge):
    profile = get_profile(alice)
    profile.timezone = "America/Chicago"
    profile.save()
    with time_machine.travel(moment, tick=False):
        leads.update_lead(alice, lead, status="contacted")
    items = cadence_items(alice, lead)
    assert items[FollowUpKind.SECOND_CONTACT].due_on == second
    assert items[FollowUpKind.FOLLOW_UP].due_on == nudge


def test_r6_days_are_settings(alice, lead):
    profile = get_profile(alice)
    profile.second_contact_days, profile.nudge_days = 1, 2
    profile.save()
    leads.update_lead(alice, lead, status="contacted")
    items = cadence_items(alice, lead)
    assert items[FollowUpKind.SECOND_CONTACT].due_on == dt.date(2026, 3, 5)
    assert items[FollowUpKind.FOLLOW_UP].due_on == dt.date(2026, 3, 6)


def test_r6_second_contact_names_candidates_at_the_company(alice, lead):
    sam = f.contact(alice, "Sam Sales", "Globex")
    f.contact(alice, "Otto Other", "Initech")
    leads.update_lead(alice, lead, status="contacted")
    second = cadence_items(alice, lead)[FollowUpKind.SECOND_CONTACT]
    assert "Sam Sales" in second.title and "Otto" not in second.title
    assert "Lena Lead" not in second.title.split("e.g.")[-1]
    assert second.contact == sam


def test_r6_second_contact_without_candidates_says_so_plainly(alice, lead):
    leads.update_lead(alice, lead, status="contacted")
    second = cadence_items(alice, lead)[FollowUpKind.SECOND_CONTACT]
    assert second.contact is None and "e.g." not in second.title and "Globex" in second.title


@pytest.mark.parametrize("reply", ["talked", "won", "dead"])
def test_r6_a_reply_closes_what_is_still_open(alice, lead, reply):
    leads.update_lead(alice, lead, status="contacted")
    leads.update_lead(alice, lead, status=reply)
    items = cadence_items(alice, lead)
    assert {i.status for i in items.values()} == {FollowUpState.DONE}
    close_loop = followups.open_for_lead(alice, lead, FollowUpKind.CLOSE_LOOP)
    assert close_loop.exists() == (reply != "dead")  # R8 only when it paid off


def test_r6_is_not_scheduled_twice(alice, lead):
    leads.update_lead(alice, lead, status="contacted")
    leads.update_lead(alice, lead, status="new")
    leads.update_lead(alice, lead, status="contacted")
    assert FollowUp.objects.filter(lead=lead, kind__in=cadence.WAITING_KINDS).count() == 2


def test_r6_a_lead_straight_to_talked_gets_no_cadence(alice, lead):
    leads.update_lead(alice, lead, status="talked")
    assert not cadence_items(alice, lead)


def test_r5_check_back_uses_the_same_machinery(alice, frozen):
    profile = get_profile(alice)
    profile.check_back_days = 10
    profile.save()
    call = f.rejection(alice, f.contact(alice, "Nora Number", "Acme"))
    calls.record_ask(alice, call, None, Response.LEFT_NUMBER)
    item = FollowUp.objects.get(owner=alice, kind=FollowUpKind.CHECK_BACK)
    assert item.due_on == cadence.due_in(alice, days=10) == dt.date(2026, 3, 14)


def test_changes_raise_the_sequence(alice, lead):
    leads.update_lead(alice, lead, status="contacted")
    nudge = cadence_items(alice, lead)[FollowUpKind.FOLLOW_UP]
    assert nudge.sequence == 0
    followups.snooze(alice, nudge, 2)
    assert nudge.sequence == 1
    leads.update_lead(alice, lead, status="talked")  # closed in bulk
    nudge.refresh_from_db()
    assert nudge.sequence == 2 and nudge.status == FollowUpState.DONE


def test_an_interview_gets_a_thank_you_the_same_day(alice, frozen):
    hana = f.contact(alice, "Hana Hiring", "Acme")
    talk = calls.log_conversation(alice, hana, "advanced", kind="interview")
    item = FollowUp.objects.get(owner=alice, conversation=talk)
    assert (item.kind, item.contact, item.due_on) == (FollowUpKind.FOLLOW_UP, hana, TODAY)
    assert item.title == "Thank Hana Hiring for the interview"


def test_no_thank_you_for_an_old_interview_or_a_phone_screen(alice, frozen):
    hana = f.contact(alice, "Hana Hiring", "Acme")
    long_ago = dt.datetime(2026, 2, 20, 15, 0, tzinfo=dt.UTC)
    calls.log_conversation(alice, hana, "advanced", kind="interview", at=long_ago)
    calls.log_conversation(alice, hana, "advanced", kind="phone_screen")
    assert not FollowUp.objects.filter(owner=alice).exists()
