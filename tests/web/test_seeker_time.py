"""Time is the seeker's: one middleware shows every time in their zone; the profile finds
zones by city; the first sign-in proposes the browser's zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from parting.core.domain import merge
from parting.core.domain.profile_update import update_profile
from parting.core.domain.profiles import get_profile
from tests import factories
from tests.conftest import PASSWORD
from tests.insights_data import story

pytestmark = pytest.mark.django_db

# 12:03 UTC on Wednesday 4 March 2026 is 06:03 in Chicago (CST, before the DST change).
AT = dt.datetime(2026, 3, 4, 12, 3, tzinfo=dt.UTC)


@pytest.fixture
def chicago(alice):
    update_profile(alice, timezone="America/Chicago")
    return alice


def test_the_call_summary_and_the_calls_list_show_the_same_local_time(alice_client, chicago):
    convo = factories.rejection(chicago, at=AT)
    for url in (reverse("call_summary", args=[convo.pk]), reverse("conversation_list")):
        page = alice_client.get(url).content.decode()
        assert "06:03" in page and "12:03" not in page, url


def test_merges_on_the_data_page_show_local_time(alice_client, chicago, frozen):
    kept = factories.contact(chicago, "Rita Recruiter")
    merge.merge(chicago, kept, factories.contact(chicago, "Rita R.", company="Acme"))
    page = alice_client.get(reverse("data")).content.decode()
    assert "2026-03-04 04:00" in page  # 10:00 UTC, the frozen clock


def test_the_week_review_dates_a_door_by_the_local_day(alice_client, alice, frozen):
    update_profile(alice, timezone="Pacific/Kiritimati")  # UTC+14: Rita's no is on 3 Feb there
    story(alice)
    frozen.move_to(dt.datetime(2026, 2, 21, 10, 0, tzinfo=dt.UTC))
    page = alice_client.get(reverse("insights_week")).content.decode()
    assert "two hops back (Rita Recruiter, 3 Feb 2026)." in page


# The profile's zone search -----------------------------------------------------------------


def test_a_city_name_finds_its_zone(alice_client, alice):
    form = {"timezone": "Chicago", "phone_region": "US"}
    assert alice_client.post(reverse("settings"), form).status_code == 302
    assert get_profile(alice).timezone == "America/Chicago"


def test_an_unclear_city_lists_the_zones_it_could_mean(alice_client, alice):
    response = alice_client.post(reverse("settings"), {"timezone": "Indiana", "phone_region": "US"})
    assert response.status_code == 400
    assert "did you mean America/Indiana/Indianapolis" in response.content.decode()
    assert get_profile(alice).timezone == "UTC"


def test_the_zone_list_names_each_city_and_skips_old_aliases(alice_client):
    page = alice_client.get(reverse("settings")).content.decode()
    assert '<option value="America/Chicago">Chicago</option>' in page
    assert '<option value="America/New_York">New York</option>' in page
    assert 'value="US/Central"' not in page
    assert "data-use-browser-zone" in page


# The first sign-in proposes the browser's zone ---------------------------------------------


def _sign_in(client, zone: str, next_url: str = ""):
    data = {"username": "alice@example.com", "password": PASSWORD, "browser_zone": zone}
    return client.post(reverse("login") + next_url, data, follow=True)


def test_the_first_sign_in_proposes_the_browsers_zone_and_using_it_saves_it(client, alice):
    page = _sign_in(client, "America/Chicago").content.decode()
    assert "This browser is on <strong>America/Chicago</strong>" in page
    response = client.post(
        reverse("settings_timezone"), {"answer": "use", "next": reverse("lead_list")}
    )
    assert response.status_code == 302 and response.url == reverse("lead_list")
    assert get_profile(alice).timezone == "America/Chicago"
    assert "This browser is on" not in client.get(reverse("today")).content.decode()


def test_keeping_the_zone_changes_nothing_and_stops_asking(client, alice):
    _sign_in(client, "America/Chicago")
    client.post(reverse("settings_timezone"), {"answer": "keep"})
    assert get_profile(alice).timezone == "UTC"
    assert "This browser is on" not in client.get(reverse("today")).content.decode()


def test_later_sign_ins_do_not_propose_again(client, alice):
    _sign_in(client, "UTC")
    client.post(reverse("logout"))
    page = _sign_in(client, "America/Chicago").content.decode()
    assert "This browser is on" not in page


@pytest.mark.parametrize("zone", ["", "Mars/Base", "UTC"])
def test_no_proposal_for_an_unknown_or_the_same_zone(client, alice, zone):
    assert "This browser is on" not in _sign_in(client, zone).content.decode()


def test_the_prompt_never_redirects_off_site(client, alice):
    _sign_in(client, "America/Chicago")
    response = client.post(
        reverse("settings_timezone"), {"answer": "use", "next": "https://evil.example/"}
    )
    assert response.url == reverse("today")
