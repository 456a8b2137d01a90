"""The work-search log on the web: the printable page, its CSV and PDF, the count on Today,
the requirement in the profile."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from parting.core.choices import Kind, Outcome, Stage
from parting.core.domain import calls, network
from parting.core.domain.profiles import get_profile
from parting.core.models import Conversation
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def week_of_alice(alice, frozen):
    acme = network.create_company(alice, "Acme Łódź", website="https://acme.example")
    rita = f.contact(alice, "Antonín Dvořák", acme.name, title="=HYPERLINK(1)")
    calls.log_conversation(
        alice, rita, Outcome.REJECTED, kind=Kind.INTERVIEW, opening="Ops <b>Analyst</b>"
    )
    network.create_opening(alice, acme, "Fleet Planner", stage=Stage.APPLIED)
    return alice


def test_the_page_lists_the_weeks_activities(alice_client, week_of_alice):
    response = alice_client.get(reverse("worklog"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Antonín Dvořák" in page and "Acme Łódź" in page and "https://acme.example" in page
    assert "Ops &lt;b&gt;Analyst&lt;/b&gt;" in page and "<b>Analyst" not in page
    assert "Interview" in page and "Application" in page and "Fleet Planner" in page
    assert "Short this week" in page and "2</span> activities logged, 3 required" in page
    assert "data-print" in page and "worklog/log.pdf?week=2026-03-02" in page
    assert 'style="' not in page and "<script>" not in page


def test_another_week_is_asked_for_by_any_of_its_days(alice_client, week_of_alice):
    page = alice_client.get(reverse("worklog") + "?week=2026-03-12").content.decode()
    assert "Antonín" not in page and "No activities logged this week" in page
    assert "?week=2026-03-02" in page  # the way back


@pytest.mark.parametrize("week", ["next tuesday", "2026-02-30", "3026-01-01", "1-1-1"])
def test_a_week_that_is_not_a_date_is_one_clear_error(alice_client, week_of_alice, week):
    before = Conversation.objects.count()
    response = alice_client.get(reverse("worklog"), {"week": week})
    assert response.status_code == 400
    assert b'class="error"' in response.content
    for name in ("worklog_csv", "worklog_pdf"):
        download = alice_client.get(reverse(name), {"week": week})
        assert download.status_code == 400
        assert download.content.startswith(b"Not a week: ")
        assert download.content.count(b"\n") == 0
    assert Conversation.objects.count() == before


def test_the_csv_is_formula_safe(alice_client, week_of_alice):
    response = alice_client.get(reverse("worklog_csv"), {"week": "2026-03-04"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="work-search-log-2026-03-02.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["activity"] for r in rows] == ["Interview", "Application"]
    assert rows[0]["contact_title"] == "'=HYPERLINK(1)"
    assert rows[0]["employer_contact"] == "yes" and rows[0]["result"] == "Rejected"


def test_the_pdf_holds_the_week(alice_client, week_of_alice):
    response = alice_client.get(reverse("worklog_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for words in ("Work-search log", "Alice Archer", "2026-03-02", "Antonín Dvořák", "Łódź"):
        assert words in text, words
    assert "2 activities (3 required)" in text


def test_a_us_seeker_gets_letter_paper_others_a4(alice_client, alice, week_of_alice):
    def width() -> float:
        pdf = alice_client.get(reverse("worklog_pdf")).content
        return float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)

    assert round(width()) == 792  # US Letter, landscape, in points
    profile = get_profile(alice)
    profile.phone_region = "FR"
    profile.save()
    assert round(width()) == 842  # A4


def test_the_log_is_the_seekers_own(charlie_client, week_of_alice):
    for name in ("worklog", "worklog_csv", "worklog_pdf"):
        response = charlie_client.get(reverse(name), {"week": "2026-03-04"})
        assert response.status_code == 200
        body = response.content
        if name == "worklog_pdf":
            body = PdfReader(io.BytesIO(body)).pages[0].extract_text().encode()
        assert "Dvořák".encode() not in body and b"Acme" not in body


def test_the_page_runs_a_bounded_number_of_queries(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita", "Acme")
    opening = network.create_opening(alice, rita.company, "Analyst")

    def count(n: int) -> int:
        Conversation.objects.filter(owner=alice).delete()
        Conversation.objects.bulk_create(
            Conversation(
                owner=alice,
                contact=rita,
                company=rita.company,
                opening=opening if i % 2 else None,
                outcome="rejected",
                at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
            )
            for i in range(n)
        )
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(reverse("worklog")).status_code == 200
        return len(queries)

    assert count(10) == count(200)


# -- Today, and the requirement in the profile -------------------------------------------


def test_today_says_when_the_week_is_short_and_not_once_it_is_met(alice_client, week_of_alice):
    page = alice_client.get(reverse("today")).content.decode()
    assert "Work-search log: short this week" in page and "1 more to go" in page
    calls.log_conversation(week_of_alice, f.contact(week_of_alice, "Sam"), Outcome.UNDECIDED)
    page = alice_client.get(reverse("today")).content.decode()
    assert "Work-search log" not in page.split("weekly-review-link")[0]


def test_the_profile_sets_the_requirement(alice_client, alice, week_of_alice):
    form = {"timezone": "UTC", "phone_region": "US"}
    response = alice_client.post(
        reverse("settings"), {**form, "worklog_activities": "2", "worklog_employer_contacts": "2"}
    )
    assert response.status_code == 302
    profile = get_profile(alice)
    assert (profile.worklog_activities, profile.worklog_employer_contacts) == (2, 2)
    page = alice_client.get(reverse("worklog")).content.decode()
    assert "This week&#x27;s count" in page or "This week's count" in page


def test_a_requirement_that_makes_no_sense_is_refused(alice_client, alice):
    form = {"timezone": "UTC", "phone_region": "US"}
    response = alice_client.post(
        reverse("settings"), {**form, "worklog_activities": "1", "worklog_employer_contacts": "4"}
    )
    assert response.status_code == 400
    assert "cannot be more than the 1 activities" in response.content.decode()
    profile = get_profile(alice)
    assert (profile.worklog_activities, profile.worklog_employer_contacts) == (3, 1)
