"""The last real contact on a contact's page and on Today's rows, and a follow-up set "N
days after the last contact" from the web form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from parting.core.choices import Channel, Outcome
from parting.core.domain import calls, followups
from parting.core.models import FollowUp
from tests import factories as f
from tests.conftest import FROZEN

pytestmark = pytest.mark.django_db


def test_a_contact_page_says_when_the_last_contact_was_and_how(alice, alice_client, frozen):
    rita = f.contact(alice, "Rita Recruiter")
    page = alice_client.get(reverse("contact_detail", args=[rita.pk])).content.decode()
    assert '<dd id="last-contact">none yet</dd>' in page
    calls.log_conversation(
        alice, rita, Outcome.UNDECIDED, channel=Channel.EMAIL, at=FROZEN - dt.timedelta(days=12)
    )
    page = alice_client.get(reverse("contact_detail", args=[rita.pk])).content.decode()
    assert '<dd id="last-contact">12 days ago (email)</dd>' in page


def test_today_shows_each_follow_ups_last_contact(alice, alice_client, frozen):
    rita = f.contact(alice, "Rita Recruiter")
    calls.log_conversation(alice, rita, Outcome.UNDECIDED, at=FROZEN - dt.timedelta(days=3))
    followups.add_followup(alice, "Call Rita", contact=rita)
    page = alice_client.get(reverse("today")).content.decode()
    assert "last contact 3 days ago (phone)" in page


def test_the_form_sets_a_follow_up_after_the_last_contact(alice, alice_client, frozen):
    rita = f.contact(alice, "Rita Recruiter")
    calls.log_conversation(alice, rita, Outcome.UNDECIDED, at=FROZEN - dt.timedelta(days=2))
    data = {
        "title": "Check in",
        "contact": "Rita Recruiter",
        "due_on": "2026-03-04",
        "after_last_contact": "10",
    }
    assert alice_client.post(reverse("followup_add"), data).status_code == 302
    item = FollowUp.objects.get(title="Check in")
    assert (item.due_on, item.after_last_contact) == (dt.date(2026, 3, 12), 10)
    nobody = alice_client.post(reverse("followup_add"), {**data, "contact": ""})
    assert nobody.status_code == 400
    assert "needs a contact" in nobody.content.decode()
