"""Links follow the address actually served: pages build them from the request; commands
use PARTING_BASE_URL when set, else the address the last `parting serve` listened on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.domain import followups
from parting.core.domain.calendar import feed_token
from parting.home import remember_served

pytestmark = pytest.mark.django_db

SERVED = "http://127.0.0.1:8101"


@pytest.fixture
def home(settings, tmp_path):
    """A data folder of its own, so what `serve` notes stays in this test."""
    settings.PARTING_HOME = tmp_path
    settings.PARTING_BASE_URL = "http://127.0.0.1:8000"
    return tmp_path


@pytest.fixture
def item(alice):
    return followups.add_followup(alice, "Write to Pat")


# Web pages -------------------------------------------------------------------------------


def test_the_feed_links_on_the_settings_page_follow_the_request(alice_client, alice, home):
    page = alice_client.get(reverse("settings_calendar"), HTTP_HOST="127.0.0.1:8101")
    text = page.content.decode()
    assert f"{SERVED}/calendar/{alice.pk}/" in text and "webcal://127.0.0.1:8101/calendar/" in text
    assert "127.0.0.1:8000" not in text


def test_urls_inside_the_feed_follow_the_request(client, alice, item, home):
    url = reverse("calendar_feed", args=[alice.pk, feed_token(alice)])
    ics = client.get(url, HTTP_HOST="localhost:8101").content.decode()
    assert f"URL:http://localhost:8101/followups/{item.pk}/message/" in ics


def test_a_configured_public_address_keeps_its_https_behind_a_proxy(alice_client, alice, settings):
    settings.PARTING_BASE_URL = "https://parting.example.org"
    settings.ALLOWED_HOSTS = ["parting.example.org"]
    page = alice_client.get(reverse("settings_calendar"), HTTP_HOST="parting.example.org")
    assert f"https://parting.example.org/calendar/{alice.pk}/" in page.content.decode()


# Commands --------------------------------------------------------------------------------


def test_commands_use_the_address_serve_last_listened_on(run, alice, item, home):
    remember_served(home, SERVED)
    url = run("calendar", "url", "--json").json()
    assert url["url"].startswith(f"{SERVED}/calendar/{alice.pk}/")
    assert url["webcal"].startswith("webcal://127.0.0.1:8101/")
    assert f"URL:{SERVED}/followups/{item.pk}/message/" in run("calendar", "export").out
    digest = run("digest").out
    assert f"{SERVED}/" in digest and "127.0.0.1:8000" not in digest


def test_parting_base_url_wins_when_set(run, alice, home):
    remember_served(home, SERVED)
    result = run("calendar", "url", "--json", environ={"PARTING_BASE_URL": "https://p.example/"})
    assert result.json()["url"].startswith(f"https://p.example/calendar/{alice.pk}/")


def test_without_serve_or_setting_commands_use_the_default_address(run, alice, home):
    assert run("calendar", "url", "--json").json()["url"].startswith("http://127.0.0.1:8000/")


def test_the_demo_sign_in_hint_names_the_served_address(run, home, monkeypatch):
    monkeypatch.setattr("parting.demo.story.load_demo", lambda stream: ("demo@x.example", "pw"))
    remember_served(home, SERVED)
    result = run("demo")
    assert result.code == 0, result.err
    assert f"  {SERVED}/login/" in result.lines


def test_serve_remembers_where_it_listens(run, alice, home, monkeypatch):
    monkeypatch.setattr("parting.cli.serving.serve", lambda *args: None)
    monkeypatch.setattr("parting.cli.serving.check_free", lambda *args: None)
    assert run("serve", "--port", "8101").code == 0
    assert run("calendar", "url", "--json").json()["url"].startswith(f"{SERVED}/")
