"""The last real contact: the latest conversation in any channel. "N days after the last
contact" follow-ups count from it and move with each new conversation."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import Channel, Outcome
from parting.core.domain import calls, conversation_update, followups, last_contact
from parting.core.domain.errors import Invalid
from tests import factories as f
from tests.conftest import FROZEN

pytestmark = pytest.mark.django_db


def test_the_last_contact_is_the_latest_conversation_in_any_channel(alice, frozen):
    rita = f.contact(alice, "Rita Recruiter")
    assert last_contact.last_contact(rita) is None
    calls.log_conversation(alice, rita, Outcome.UNDECIDED, at=FROZEN - dt.timedelta(days=20))
    calls.log_conversation(
        alice, rita, Outcome.UNDECIDED, channel=Channel.EMAIL, at=FROZEN - dt.timedelta(days=12)
    )
    seen = last_contact.last_contact(rita)
    assert seen.text(FROZEN.date(), dt.UTC) == "12 days ago (email)"


def test_a_follow_up_after_the_last_contact_moves_with_a_new_conversation(alice, frozen):
    rita = f.contact(alice, "Rita Recruiter")
    calls.log_conversation(alice, rita, Outcome.UNDECIDED, at=FROZEN - dt.timedelta(days=3))
    item = followups.add_followup(alice, "Check in with Rita", contact=rita, after_last_contact=10)
    assert item.due_on == FROZEN.date() + dt.timedelta(days=7)
    convo = calls.log_conversation(alice, rita, Outcome.UNDECIDED, channel=Channel.EMAIL)
    item.refresh_from_db()
    assert item.due_on == FROZEN.date() + dt.timedelta(days=10)
    assert item.sequence == 1  # subscribed calendars see the move
    conversation_update.update_conversation(alice, convo, at=FROZEN - dt.timedelta(days=1))
    item.refresh_from_db()
    assert item.due_on == FROZEN.date() + dt.timedelta(days=9)


def test_a_fixed_day_follow_up_stays_put(alice, frozen):
    rita = f.contact(alice, "Rita Recruiter")
    item = followups.add_followup(alice, "Call Rita", contact=rita, on=FROZEN.date())
    calls.log_conversation(alice, rita, Outcome.UNDECIDED)
    item.refresh_from_db()
    assert item.due_on == FROZEN.date()


def test_after_the_last_contact_needs_a_contact_and_sane_days(alice, frozen):
    with pytest.raises(Invalid):
        followups.add_followup(alice, "Nobody", after_last_contact=5)
    with pytest.raises(Invalid):
        followups.add_followup(alice, "Too far", contact=f.contact(alice), after_last_contact=0)
