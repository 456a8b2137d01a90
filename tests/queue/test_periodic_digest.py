"""Each seeker's digest at 07:00 their time, once, on whichever worker ticks first."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.core import mail as django_mail
from django_tasks_db.models import DBTaskResult

from parting.core.domain import followups
from parting.core.domain.profiles import get_profile
from parting.core.models import PeriodicRun
from parting.email_url import CONSOLE, email_settings
from parting.queue import scheduler, worker
from tests.queue.helpers import tick_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_day(frozen):
    """The clock on the day the ticks below are for (forgetting old runs reads it)."""


DAY = dt.date(2026, 3, 4)
PARIS_SEVEN = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)
CHICAGO_SEVEN = dt.datetime(2026, 3, 4, 13, 0, tzinfo=dt.UTC)


def lives_in(user, zone):
    profile = get_profile(user)
    profile.timezone = zone
    profile.save()


@pytest.fixture
def seekers(alice, bob, charlie, settings):
    """alice in Chicago, bob in Paris, each with a follow-up due; charlie turned it off."""
    settings.PARTING_SERVE_BACKUPS = False
    lives_in(alice, "America/Chicago")
    lives_in(bob, "Europe/Paris")
    for user in (alice, bob, charlie):
        followups.add_followup(user, f"Call back for {user.email}", on=DAY)
    profile = get_profile(charlie)
    profile.digest_enabled = False
    profile.save()
    return alice, bob, charlie


def sent_to():
    return [m.to[0] for m in django_mail.outbox]


def test_each_digest_goes_at_seven_in_the_seekers_own_zone_and_once(seekers):
    scheduler.tick(PARIS_SEVEN - dt.timedelta(minutes=1))
    assert sent_to() == []
    scheduler.tick(PARIS_SEVEN)
    assert sent_to() == ["bob@example.com"]
    scheduler.tick(PARIS_SEVEN + dt.timedelta(minutes=1))
    scheduler.tick(CHICAGO_SEVEN)
    scheduler.tick(CHICAGO_SEVEN + dt.timedelta(hours=1))
    assert sent_to() == ["bob@example.com", "alice@example.com"]
    assert get_profile(seekers[0]).digest_sent_on == DAY
    assert PeriodicRun.objects.filter(job="digest").count() == 2


def test_a_worker_back_after_noon_sends_no_morning_digest(seekers):
    scheduler.tick(dt.datetime(2026, 3, 4, 18, 30, tzinfo=dt.UTC))  # 12:30 in Chicago
    assert "alice@example.com" not in sent_to()


def test_nothing_due_sends_nothing(alice, settings):
    settings.PARTING_SERVE_BACKUPS = False
    scheduler.tick(dt.datetime(2026, 3, 4, 7, 0, tzinfo=dt.UTC))
    assert sent_to() == []
    assert PeriodicRun.objects.filter(job="digest").count() == 1  # looked, once


def test_without_a_mail_server_no_digest_is_scheduled(seekers, settings):
    settings.EMAIL_BACKEND = CONSOLE
    scheduler.tick(CHICAGO_SEVEN)
    assert not PeriodicRun.objects.filter(job="digest").exists()


def test_a_mail_server_that_refuses_fails_the_task_with_its_line(seekers, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    for name, value in email_settings(f"smtp://127.0.0.1:{closed}").items():
        setattr(settings, name, value)
    scheduler.tick(PARIS_SEVEN)
    while found := worker.claim("w"):
        worker.record(found, *worker.execute(found))
    [failed] = DBTaskResult.objects.failed()
    assert failed.args_kwargs["args"][:2] == ["digest", seekers[1].pk]
    assert f"MailError: cannot send mail via 127.0.0.1:{closed}" in failed.traceback
    assert get_profile(seekers[1]).digest_sent_on is None


@pytest.mark.django_db(transaction=True)
def test_three_workers_at_seven_send_one_digest(seekers):
    tick_at_once(3, PARIS_SEVEN)
    assert sent_to() == ["bob@example.com"]
