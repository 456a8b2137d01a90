"""The insights pages: what they show, who may see them, and their flat query counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from parting.core.choices import LeadStatus
from parting.core.domain import leads
from parting.core.models import Lead
from tests.insights_data import referrals, story

pytestmark = pytest.mark.django_db

PAGES = [
    "insights",
    "insights_tree",
    "insights_funnel",
    "insights_yield",
    "insights_people",
    "insights_companies",
    "insights_week",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_needs_a_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_empty_pages_explain_what_will_appear(alice_client, name):
    response = alice_client.get(reverse(name))
    assert response.status_code == 200
    assert b'class="empty' in response.content or b"empty-state" in response.content


def test_the_nav_links_to_insights(alice_client):
    assert reverse("insights").encode() in alice_client.get(reverse("today")).content


def test_overview_shows_the_funnel_and_the_ask_rate(alice_client, alice, frozen):
    story(alice)
    page = alice_client.get(reverse("insights")).content.decode()
    assert "75 %" in page and "of your 4 rejections" in page
    assert '<svg class="chart funnel-svg"' in page and "Rejections 4" in page
    assert "1 ask — too few to rank" in page


def test_tree_page_draws_links_tooltips_and_the_path_back(alice_client, alice, frozen):
    s = story(alice)
    page = alice_client.get(reverse("insights_tree")).content.decode()
    assert page.count('<a href="/') >= 7
    assert f'href="{reverse("conversation_detail", args=[s.interview.pk])}"' in page
    assert f'href="{reverse("lead_detail", args=[s.nia.pk])}"' in page
    assert "This interview came from a no two hops back (Rita Recruiter, 2 Feb 2026)." in page
    assert "<title>" in page and "data-pan-zoom" in page and "parting/tree.js" in page
    assert "<polygon" in page  # the interview's diamond and the offer's star


def test_user_text_in_the_tree_is_escaped(alice_client, alice, frozen):
    from parting.core.domain import calls
    from tests import factories as f

    bad = f.contact(alice, "<script>x</script>", "Acme")
    calls.record_ask(alice, f.rejection(alice, bad), None, "gave_lead", [f.lead("<b>Bo</b>")])
    page = alice_client.get(reverse("insights_tree")).content.decode()
    assert "<script>x" not in page and "&lt;script&gt;x" in page
    assert "<b>Bo" not in page


def test_a_contacts_tree(alice_client, alice, frozen):
    s = story(alice)
    assert s.lena.contact
    page = alice_client.get(reverse("insights_contact_tree", args=[s.lena.contact.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "Referral tree of Lena Lead" in text
    assert "Nia North" in text and "Mo Moss" not in text


def test_charlie_gets_404_on_alices_contact_tree(charlie_client, alice, frozen):
    s = story(alice)
    url = reverse("insights_contact_tree", args=[s.rita.pk])
    assert charlie_client.get(url).status_code == 404
    assert charlie_client.post(url).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_charlie_sees_none_of_alices_rows(charlie_client, alice, frozen, name):
    s = story(alice)
    leads.update_lead(alice, s.mo, status=LeadStatus.TALKED)
    page = charlie_client.get(reverse(name)).content.decode()
    for secret in ("Rita", "Lena", "Nia North", "Mo Moss", "Acme"):
        assert secret not in page


def test_funnel_page_for_a_week_and_a_bad_week(alice_client, alice, frozen):
    story(alice)
    page = alice_client.get(reverse("insights_funnel"), {"week": "2026-02-11"})
    assert page.status_code == 200 and "Week of Monday 9 February 2026" in page.content.decode()
    bad = alice_client.get(reverse("insights_funnel"), {"week": "soon"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Enter a valid date" in text and 'value="soon"' in text


def test_yield_page_shows_the_sample_next_to_every_rate(alice_client, alice, frozen):
    story(alice)
    page = alice_client.get(reverse("insights_yield")).content.decode()
    assert "2 asks — too few to rank" in page and "1 ask — too few to rank" in page
    assert "not asked yet" in page


def test_people_page_ranks_referrers_and_lists_thanks_owed(alice_client, alice, frozen):
    s = story(alice)
    leads.update_lead(alice, s.nia, status=LeadStatus.WON)
    page = alice_client.get(reverse("insights_people")).content.decode()
    assert "Rita Recruiter" in page and "2 leads, 0 paid off" in page
    assert "1 of 1" in page  # Lena: one lead, and it paid off
    assert "Tell Lena Lead how it went with Nia North" in page


def test_people_page_counts_each_class_and_lists_the_fastest_twenty(alice_client, alice, frozen):
    referrals(alice, 0, 23)
    monday = dt.datetime(2026, 2, 2, 12, tzinfo=dt.UTC)
    replied = monday + dt.timedelta(days=1)
    Lead.objects.for_user(alice).update(contacted_at=monday, replied_at=replied)
    page = alice_client.get(reverse("insights_people")).content.decode()
    assert '<span class="badge">23</span>' in page and "and 3 more" in page
    assert page.count("· 1 business day<") == 20


def test_week_page_is_printable_and_linked_from_today(alice_client, alice, frozen):
    story(alice)
    page = alice_client.get(reverse("insights_week")).content.decode()
    assert "Weekly review" in page and "1 of 2" in page and "Lena Lead" in page
    css = (Path(__file__).parents[2] / "src/parting/web/static/parting/parting.css").read_text()
    assert "@media print" in css
    assert reverse("insights_week") in alice_client.get(reverse("today")).content.decode()


def test_week_page_shows_the_doors_of_that_week_with_their_path_back(alice_client, alice, frozen):
    story(alice)
    frozen.move_to(dt.datetime(2026, 2, 21, 10, 0, tzinfo=dt.UTC))  # the day after the interview
    page = alice_client.get(reverse("insights_week")).content.decode()
    assert "This interview came from a no two hops back (Rita Recruiter, 2 Feb 2026)." in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_page_queries_do_not_grow_with_rows(alice_client, alice, frozen):
    """Every insights page against the same account: the rows are made once."""
    referrals(alice, 0, 10)
    small = {name: _queries(alice_client, reverse(name)) for name in PAGES}
    referrals(alice, 10, 200)
    large = {name: _queries(alice_client, reverse(name)) for name in PAGES}
    assert large == small, f"queries at 10 rows {small}, at 200 {large}"


def test_funnel_page_says_what_each_step_counts(alice_client, alice):
    from parting.core.domain import stages

    page = alice_client.get(reverse("insights_funnel")).content.decode()
    for step in stages.STEPS:
        assert f"<dt>{step.label}</dt><dd>{escape(step.meaning)}</dd>" in page
