"""`followup.due`: once, on the morning a follow-up falls due in the seeker's time zone, as
periodic work unique per (job, account, day)."""

from __future__ import annotations

import datetime as dt

import pytest
from standardwebhooks.webhooks import Webhook

from parting.core.domain import followups, webhooks
from parting.core.domain.profiles import get_profile
from parting.core.models import PeriodicRun
from parting.queue import scheduler
from parting.tasks.webhooks import due_listeners

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 4)
CHICAGO_SEVEN = dt.datetime(2026, 3, 4, 13, 0, tzinfo=dt.UTC)
JOB = "webhook-followup-due"


@pytest.fixture(autouse=True)
def _on_the_day(frozen, settings):
    settings.PARTING_SERVE_BACKUPS = False


def lives_in(user, zone):
    profile = get_profile(user)
    profile.timezone = zone
    profile.save()


def test_due_is_announced_once_at_seven_in_the_seekers_zone(
    alice, receiver, private_ok, django_capture_on_commit_callbacks
):
    lives_in(alice, "America/Chicago")
    hook = webhooks.add_endpoint(alice, receiver.url, "followup.due")
    due = followups.add_followup(alice, "Call Lena back", on=DAY)
    followups.add_followup(alice, "Not yet", on=DAY + dt.timedelta(days=1))
    done = followups.add_followup(alice, "Already done", on=DAY)
    followups.mark_done(alice, done)
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.tick(CHICAGO_SEVEN - dt.timedelta(minutes=1))
    assert receiver.received == []
    for minutes in (0, 1, 90):
        with django_capture_on_commit_callbacks(execute=True):
            scheduler.tick(CHICAGO_SEVEN + dt.timedelta(minutes=minutes))
    [got] = receiver.received
    message = Webhook(hook.secret).verify(got.body, got.headers)
    assert message["type"] == "followup.due"
    assert message["data"]["id"] == due.pk and message["data"]["due_on"] == "2026-03-04"
    assert PeriodicRun.objects.filter(job=JOB, owner=alice, day=DAY).count() == 1


def test_only_accounts_with_an_endpoint_hearing_it_are_looked_at(
    alice, bob, charlie, receiver, private_ok
):
    lives_in(bob, "Europe/Paris")
    webhooks.add_endpoint(alice, receiver.url, "lead.created")
    webhooks.add_endpoint(bob, receiver.url, "followup.due,lead.created")
    off = webhooks.add_endpoint(charlie, receiver.url, "followup.due")
    webhooks.set_enabled(charlie, off, False)
    assert due_listeners() == [(bob.pk, "Europe/Paris")]
