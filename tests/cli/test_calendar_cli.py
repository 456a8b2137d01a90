"""`parting calendar export` and `parting calendar url [--rotate]`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from parting.core.domain import calendar, followups
from tests.ical_helpers import assert_well_formed, parse_with_icalendar, parse_with_icaljs

TODAY = dt.date(2026, 3, 4)


@pytest.fixture
def items(alice, bob, frozen):
    followups.add_followup(alice, "Call Zoë; re: Ørsted, 🚀", on=TODAY)
    followups.add_followup(alice, "Later", on=TODAY + dt.timedelta(days=9))
    followups.add_followup(bob, "Bob only", on=TODAY)


def test_export_to_a_file(run, alice, items, tmp_path):
    target = tmp_path / "parting.ics"
    result = run("calendar", "export", "-o", str(target), "--user", alice.email)
    assert result.code == 0 and "Wrote 2 follow-ups" in result.out
    data = target.read_bytes()
    assert_well_formed(data)
    summaries = [str(e["summary"]) for e in parse_with_icalendar(data).walk("VEVENT")]
    assert summaries == ["Call Zoë; re: Ørsted, 🚀", "Later"]
    js = parse_with_icaljs(data)
    assert [e["summary"] for e in js["events"]] == summaries


def test_export_to_stdout(run, alice, items):
    result = run("calendar", "export", "--user", alice.email)
    assert result.code == 0 and result.out.startswith("BEGIN:VCALENDAR")
    assert "Bob only" not in result.out


def test_export_json_names_the_file(run, alice, items, tmp_path):
    target = tmp_path / "f.ics"
    result = run("calendar", "export", "-o", str(target), "--json", "--user", alice.email)
    assert json.loads(result.out) == {"path": str(target), "events": 2}


def test_export_to_a_folder_is_bad_input(run, alice, items, tmp_path):
    result = run("calendar", "export", "-o", str(tmp_path), "--user", alice.email)
    assert result.code == 2 and result.err.startswith("parting: ") and "Traceback" not in result.err


def test_url_and_rotate(run, alice, settings):
    settings.PARTING_BASE_URL = "https://parting.example.org"
    first = run("calendar", "url", "--user", alice.email)
    assert first.code == 0
    url = first.lines[0]
    assert url.startswith(f"https://parting.example.org/calendar/{alice.pk}/")
    assert f"webcal://parting.example.org/calendar/{alice.pk}/" in first.out
    again = run("calendar", "url", "--json", "--user", alice.email)
    assert json.loads(again.out)["url"] == url
    rotated = run("calendar", "url", "--rotate", "--json", "--user", alice.email)
    data = json.loads(rotated.out)
    assert data["rotated"] is True and data["url"] != url
    old_token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert calendar.feed_user(alice.pk, old_token) is None


def test_it_counts_events_not_the_text_begin_vevent(run, alice, tmp_path):
    """A title may contain the bytes BEGIN:VEVENT; the count is of events."""
    from parting.core.choices import FollowUpKind
    from parting.core.domain import followups

    for title in ("BEGIN:VEVENT trick", "Call Rita BEGIN:VEVENT", "Plain"):
        followups.schedule(alice, FollowUpKind.CUSTOM, title, dt.date(2026, 3, 5))
    result = run("calendar", "export", "-o", str(tmp_path / "f.ics"), "--json")
    assert result.code == 0, result.err
    assert result.json()["events"] == 3
