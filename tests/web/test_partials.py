"""The partials a page repeats dozens of times are Jinja2 (a follow-up, a lead's row). Like
Django's templates they escape what the seeker typed, carry a CSRF field that works without
JavaScript, and show times in the seeker's zone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse, set_script_prefix

from parting.core.choices import LeadStatus, Response
from parting.core.domain import calls, followups
from parting.core.domain.profile_update import update_profile
from parting.web import jinja_env
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 4)


@pytest.fixture
def browser(alice):
    """A browser without JavaScript: forms post their own CSRF field, which is checked."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


@pytest.fixture
def lena(alice):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    captured = calls.record_ask(
        alice, f.rejection(alice, rita), None, Response.GAVE_LEAD, [f.lead(thanked=True)]
    )
    return captured.ask.leads.get()


def form_token(page: str, action: str) -> str:
    found = re.search(
        rf'<form[^>]* action="{re.escape(action)}"[^>]*>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
        page,
    )
    assert found, f"no form posting to {action}"
    return found.group(1)


def test_a_follow_up_on_today_posts_with_its_own_csrf_field(browser, alice, frozen):
    item = followups.add_followup(alice, "Send the portfolio", on=TODAY)
    done = reverse("followup_done", args=[item.pk])
    page = browser.get(reverse("today")).content.decode()
    response = browser.post(done, {"csrfmiddlewaretoken": form_token(page, done)})
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.is_open


def test_a_lead_row_posts_with_its_own_csrf_field(frozen, browser, lena):
    update = reverse("lead_update", args=[lena.pk])
    page = browser.get(reverse("lead_list")).content.decode()
    form = {"csrfmiddlewaretoken": form_token(page, update), "status": LeadStatus.CONTACTED}
    assert browser.post(update, {**form, "permission": lena.permission}).status_code == 302
    lena.refresh_from_db()
    assert lena.status == LeadStatus.CONTACTED


def test_a_follow_ups_title_is_escaped(alice_client, alice, frozen):
    followups.add_followup(alice, "<b>Call</b> & write", on=TODAY)
    page = alice_client.get(reverse("today")).content.decode()
    assert "&lt;b&gt;Call&lt;/b&gt; &amp; write" in page
    assert "<b>Call" not in page


def test_a_lead_row_shows_when_thanked_in_the_seekers_zone(frozen, alice_client, alice, lena):
    # Thanked at 10:00 UTC on 4 March: already 5 March at UTC+14.
    update_profile(alice, timezone="Pacific/Kiritimati")
    page = alice_client.get(reverse("lead_list")).content.decode()
    row = page[page.index('data-label="Thanked"') :]
    assert row[: row.index("</label>")].endswith(" 5 Mar"), row[:300]


def test_a_leads_follow_ups_offer_the_same_snoozes_as_today(frozen, alice_client, lena):
    page = alice_client.get(lena.get_absolute_url()).content.decode()
    menu = re.search(r'class="row-menu" hx-get="([^"]+)"', page).group(1).replace("&amp;", "&")
    fetched = alice_client.get(menu, HTTP_HX_REQUEST="true").content.decode()
    offered = re.findall(r'name="preset" value="(\w+)"', fetched)
    assert offered[: len(followups.PRESETS)] == list(followups.PRESETS)


@pytest.mark.parametrize(
    "name",
    ["followup_message", "followup_edit", "followup_done", "followup_snooze", "followup_reopen",
     "contact_detail", "lead_update", "lead_detail"],
)  # fmt: skip
def test_the_partials_links_are_djangos(name):
    for pk in (1, 42, 9_007_199_254_740_993):
        assert jinja_env.url(name, pk) == reverse(name, args=[pk])
    assert jinja_env.url(name, "42") == reverse(name, args=["42"])


def test_the_partials_links_follow_the_script_prefix():
    try:
        set_script_prefix("/parting/")
        assert jinja_env.url("followup_done", 5) == "/parting/followups/5/done/"
    finally:
        set_script_prefix("/")
    assert jinja_env.url("followup_done", 5) == "/followups/5/done/"


@pytest.mark.parametrize(
    "fmt",
    ["j M Y, H:i", "D j M", "j M", "Y-m-d", "j M Y", "d/m/Y H:i",
     "N j, Y", "l", r"j \d\e M", "P", "jS F"],
)  # fmt: skip
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/St_Johns"])
def test_the_partials_dates_read_as_djangos(fmt, zone):
    from django.template.defaultfilters import date as django_date
    from django.utils import timezone

    from parting.core.domain import clock

    start = dt.datetime(2025, 12, 28, 23, 59, tzinfo=dt.UTC)
    moments = [start + dt.timedelta(hours=37 * i, minutes=7 * i) for i in range(40)]
    with timezone.override(clock.zone(zone)):
        for moment in moments:
            local = timezone.localtime(moment)
            assert jinja_env.date(moment, fmt) == django_date(local, fmt), (fmt, moment)
            if not any(code in fmt for code in "HiP"):
                day = local.date()
                assert jinja_env.date(day, fmt) == django_date(day, fmt), (fmt, day)
    assert jinja_env.date(None, fmt) == ""
