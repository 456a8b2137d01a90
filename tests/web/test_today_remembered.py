"""Today is remembered until the seeker's data or profile changes (domain.freshness): a
second visit computes nothing, and every change, by any door, shows on the next visit."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parting.cli.env import Environment
from parting.cli.main import main
from parting.core.choices import FollowUpState, Outcome, Response
from parting.core.domain import calls, followups
from parting.core.domain.profile_update import update_profile
from parting.core.models import FollowUp
from parting.web.templatetags.parting_partials import CSRF_HOLE
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 4)


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


@pytest.fixture
def due(frozen, alice):
    return followups.add_followup(alice, "Send the portfolio", on=TODAY)


def today(client) -> str:
    return client.get(reverse("today")).content.decode()


def due_now(client) -> str:
    """Today's due list alone, without the next day's preview ("Up next")."""
    page = today(client)
    due = page[page.index('id="due-title"') :].split("</section>")[0]
    return due.split('data-kind="up_next"')[0]


def test_a_second_visit_computes_nothing(alice_client, due):
    with CaptureQueriesContext(connection) as first:
        today(alice_client)
    with CaptureQueriesContext(connection) as second:
        assert "Send the portfolio" in today(alice_client)
    ranked = [q for q in second.captured_queries if "ROW_NUMBER" in q["sql"]]
    assert ranked == [] and len(second) < len(first)


def test_done_on_the_page_shows_at_once(alice_client, due):
    assert "Send the portfolio" in today(alice_client)
    alice_client.post(reverse("followup_done", args=[due.pk]))
    assert "Send the portfolio" not in today(alice_client)


def test_done_in_the_terminal_shows_on_the_next_visit(alice_client, due):
    assert "Send the portfolio" in today(alice_client)
    env = Environment(io.StringIO(), io.StringIO(), io.StringIO(), interactive=False, environ={})
    assert main(["done", str(due.pk)], env) == 0
    assert "Send the portfolio" not in today(alice_client)


def test_snoozing_in_bulk_shows_at_once(alice, alice_client, due):
    assert "Send the portfolio" in today(alice_client)
    FollowUp.objects.filter(pk=due.pk).update(
        status=FollowUpState.SNOOZED, due_on=TODAY + dt.timedelta(days=3)
    )
    assert "Send the portfolio" not in due_now(alice_client)


def test_a_new_rejection_and_a_new_lead_show_at_once(alice, alice_client, rita, frozen):
    assert "Rita Recruiter" not in today(alice_client)
    convo = calls.log_conversation(alice, rita, Outcome.REJECTED)
    assert "Rita Recruiter" in today(alice_client)  # still wants its parting question
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Lena Lead", "Globex")])
    assert "Lena Lead" in today(alice_client)


def test_a_new_zone_shows_at_once(alice, alice_client, frozen):
    # 10:00 UTC on 4 March is already 5 March at UTC+14: tomorrow's follow-up falls due.
    followups.add_followup(alice, "Call back Rita", on=TODAY + dt.timedelta(days=1))
    assert "Call back Rita" not in due_now(alice_client)
    update_profile(alice, timezone="Pacific/Kiritimati")
    assert "Call back Rita" in due_now(alice_client)


def test_a_work_search_target_set_in_the_profile_shows_at_once(alice, alice_client, frozen):
    update_profile(alice, worklog_activities=0, worklog_employer_contacts=0)
    assert "Work-search log: short" not in today(alice_client)
    update_profile(alice, worklog_activities=3)
    assert "Work-search log: short this week" in today(alice_client)


def _without_tokens(page: str) -> str:
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", page)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "TOKEN", page)


def test_the_lists_drawn_from_memory_are_the_lists_drawn_afresh(alice, alice_client, rita, due):
    convo = calls.log_conversation(alice, rita, Outcome.REJECTED)
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Lena Lead", "Globex")])
    fresh = today(alice_client)
    assert "Send the portfolio" in fresh and "Lena Lead" in fresh
    kept = today(alice_client)
    assert _without_tokens(kept) == _without_tokens(fresh)
    assert CSRF_HOLE not in kept and CSRF_HOLE not in fresh


def test_each_visitor_gets_their_own_csrf_token_in_the_remembered_rows(alice, due):
    """The custom follow-up's row holds a form (Mark done): its token is each session's own."""
    for _ in range(2):  # the second session is served the remembered rows
        client = Client(enforce_csrf_checks=True)
        client.force_login(alice)
        page = today(client)
        row = page[page.index(f'id="followup-{due.pk}"') :].split("</li>")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row).group(1)
        url = reverse("followup_done", args=[due.pk])
        assert client.post(url, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
        assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
        followups.reopen(alice, FollowUp.objects.get(pk=due.pk))


def test_user_text_cannot_open_the_csrf_hole(alice, alice_client, frozen):
    followups.add_followup(alice, f"Call {CSRF_HOLE} back", on=TODAY)
    today(alice_client)
    page = today(alice_client)
    assert "Call &lt;!--parting:csrf--&gt; back" in page
