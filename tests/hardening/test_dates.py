"""Dates lie between 1900 and 2200 by every door; a far date already stored breaks no reader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parting.core.choices import FollowUpKind
from parting.core.domain import calendar, followups
from parting.core.domain.conversation_update import update_conversation
from parting.core.domain.errors import Invalid
from parting.core.domain.profiles import get_profile
from parting.core.models import Conversation, FollowUp
from tests import factories as f
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db

FAR = dt.date(9999, 12, 31)


@pytest.fixture
def far_followup(alice):
    """A follow-up stored before dates were bounded (written past the validators)."""
    item = followups.schedule(alice, FollowUpKind.CUSTOM, "Someday", dt.date(2030, 1, 1))
    FollowUp.objects.filter(pk=item.pk).update(due_on=FAR)
    return item


@pytest.fixture
def far_conversation(alice):
    """A conversation at 9999-12-31T23:30 UTC, seen from a zone east of UTC."""
    profile = get_profile(alice)
    profile.timezone = "Asia/Tokyo"
    profile.save()
    convo = f.rejection(alice)
    at = dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC)
    Conversation.objects.filter(pk=convo.pk).update(at=at)
    return convo


def test_it_refuses_a_far_date_on_the_model_so_full_clean_refuses_it(alice):
    item = FollowUp(owner=alice, kind=FollowUpKind.CUSTOM, title="x", due_on=FAR)
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert "due_on" in caught.value.message_dict
    convo = Conversation(owner=alice, contact=f.contact(alice), outcome="rejected")
    convo.at = dt.datetime(1850, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as caught:
        convo.full_clean()
    assert "at" in caught.value.message_dict


def test_it_refuses_a_far_date_in_the_domain(alice):
    with pytest.raises(Invalid):
        followups.add_followup(alice, "Later", on=FAR)
    assert not FollowUp.objects.exists()


def test_it_refuses_a_far_date_in_the_web_forms(alice_client):
    response = alice_client.post(
        reverse("followup_add"), {"title": "Later", "due_on": "9999-12-31"}
    )
    assert response.status_code in {200, 400}
    assert not FollowUp.objects.exists()
    response = alice_client.get(reverse("insights_funnel"), {"week": "9999-12-31"})
    assert response.status_code in {200, 400}


@pytest.mark.parametrize(
    "command",
    [
        ["followup", "add", "Later", "--on", "9999-12-31"],
        ["followup", "add", "Earlier", "--on", "1850-06-01"],
        ["log", "Rita Recruiter", "--outcome", "rejected", "--at", "9999-12-31 23:30"],
        ["due", "--on", "9999-12-31"],
        ["stats", "--week", "9999-12-31"],
    ],
)
def test_it_refuses_a_far_date_in_the_cli(run, alice, command):
    f.contact(alice)
    result = run(*command)
    assert_one_line_error(result, 2)
    assert "1900 and 2200" in result.err


def test_it_serves_the_feed_and_exports_with_a_far_follow_up_stored(client, alice, far_followup):
    response = client.get(reverse("calendar_feed", args=[alice.pk, calendar.feed_token(alice)]))
    assert response.status_code == 200
    assert b"22001231" in response.content


def test_it_exports_the_calendar_with_a_far_follow_up_stored(run, alice, far_followup):
    result = run("calendar", "export")
    assert result.code == 0, result.err


def test_it_refuses_to_snooze_a_far_follow_up_with_one_line(run, alice, far_followup, alice_client):
    result = run("snooze", str(far_followup.pk), "3")
    assert_one_line_error(result, 2)
    response = alice_client.post(reverse("followup_snooze", args=[far_followup.pk]), {"days": 3})
    assert response.status_code in {200, 302}


def test_it_shows_a_far_conversation_east_of_utc_on_every_page(alice_client, far_conversation):
    for url in (
        reverse("conversation_list"),
        reverse("conversation_detail", args=[far_conversation.pk]),
        reverse("contact_detail", args=[far_conversation.contact_id]),
        reverse("today"),
        reverse("insights"),
    ):
        assert alice_client.get(url).status_code == 200, url


def test_it_refuses_a_far_date_when_editing(run, alice):
    convo = f.rejection(alice)
    item = followups.add_followup(alice, "Soon", on=dt.date(2026, 3, 5))
    for command in (
        ["followup", "edit", str(item.pk), "--on", "9999-12-31"],
        ["conversation", "edit", str(convo.pk), "--at", "2999-01-01 10:00"],
    ):
        result = run(*command)
        assert_one_line_error(result, 2)
        assert "1900 and 2200" in result.err
    with pytest.raises(Invalid):
        update_conversation(alice, convo, at=dt.datetime(2999, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(Invalid):
        followups.update_followup(alice, item, due_on=FAR)
