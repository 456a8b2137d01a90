"""`calendar_for`: open follow-ups as all-day events, read back by icalendar and by ical.js."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import FollowUpKind
from parting.core.domain import calendar, followups
from parting.core.domain.profiles import get_profile
from tests import factories as f
from tests.ical_helpers import assert_well_formed, parse_with_icalendar, parse_with_icaljs

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 4)
TRICKY = "Zoë Ørsted, Jr.; “the 🚀 person” \\ back-slash, 日本語 emoji 👩‍💻👩‍💻👩‍💻 " * 2


@pytest.fixture
def tricky(alice, frozen):
    zoe = f.contact(alice, "Zoë; Ørsted, 🚀", "Café, Inc.")
    return followups.add_followup(alice, TRICKY.strip()[:300], contact=zoe, on=TODAY)


def events(data):
    return {str(e["uid"]): e for e in parse_with_icalendar(data).walk("VEVENT")}


def test_open_follow_ups_are_all_day_events_with_stable_uids(alice, frozen, tricky):
    done = followups.add_followup(alice, "Already done", on=TODAY)
    followups.mark_done(alice, done)
    data = calendar.calendar_for(alice)
    found = events(data)
    assert list(found) == [f"followup-{tricky.pk}@127.0.0.1"]
    event = found[f"followup-{tricky.pk}@127.0.0.1"]
    assert event.decoded("dtstart") == TODAY and event.decoded("dtend") == TODAY + dt.timedelta(1)
    assert str(event["summary"]) == tricky.title
    assert "Zoë; Ørsted, 🚀 (Café, Inc.)" in str(event["description"])


def test_the_file_is_well_formed_and_carries_refresh_hints(alice, frozen, tricky):
    data = calendar.calendar_for(alice)
    assert_well_formed(data)
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in data
    assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in data
    assert b"\r\nVERSION:2.0\r\n" in data and b"\r\nPRODID:" in data
    assert b"\\;" in data and b"\\," in data  # TEXT escapes


def test_ical_js_reads_the_same_thing(alice, frozen, tricky):
    data = calendar.calendar_for(alice)
    parsed = parse_with_icaljs(data)
    assert parsed["version"] == "2.0" and parsed["refreshInterval"] == "PT12H"
    assert parsed["publishedTtl"] == "PT12H"
    [event] = parsed["events"]
    assert event["uid"] == f"followup-{tricky.pk}@127.0.0.1"
    assert event["summary"] == tricky.title
    assert "Zoë; Ørsted, 🚀 (Café, Inc.)" in event["description"]
    assert event["start"] == "2026-03-04" and event["isDate"] is True


def test_sequence_and_last_modified_rise_on_edits(alice, frozen, tricky):
    before = events(calendar.calendar_for(alice))[calendar.uid(tricky)]
    frozen.shift(dt.timedelta(hours=1))
    followups.snooze(alice, tricky, 1)
    after = events(calendar.calendar_for(alice))[calendar.uid(tricky)]
    assert after["sequence"] == before["sequence"] + 1
    assert after.decoded("last-modified") > before.decoded("last-modified")
    assert after.decoded("dtstart") == TODAY + dt.timedelta(days=1)
    js = parse_with_icaljs(calendar.calendar_for(alice))["events"][0]
    assert js["sequence"] == after["sequence"] and js["uid"] == calendar.uid(tricky)


def test_a_calendar_holds_only_its_owners_rows(alice, bob, frozen, tricky):
    followups.add_followup(bob, "Bob's secret task", on=TODAY)
    assert b"Bob's secret" not in calendar.calendar_for(alice)
    assert tricky.title.encode()[:10] not in calendar.calendar_for(bob)


def test_feed_tokens_rotate_and_are_checked(alice, bob):
    token = calendar.feed_token(alice)
    assert calendar.feed_token(alice) == token  # made once, then kept
    assert calendar.feed_user(alice.pk, token) == alice
    assert calendar.feed_user(bob.pk, token) is None
    assert calendar.feed_user(alice.pk, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert (
        calendar.feed_user(alice.pk, "../etc") is None and calendar.feed_user(alice.pk, "") is None
    )
    new = calendar.rotate_token(alice)
    assert new != token and calendar.feed_user(alice.pk, token) is None
    assert calendar.feed_user(alice.pk, new) == alice
    assert get_profile(alice).calendar_token == new


def test_the_domain_builds_no_links_but_uses_the_one_it_is_given(alice, frozen):
    item = followups.add_followup(alice, "Call Rita", on=TODAY)
    bare = parse_with_icalendar(calendar.calendar_for(alice)).walk("VEVENT")[0]
    assert "URL" not in bare
    linked = calendar.calendar_for(alice, lambda f: f"https://x.example/f/{f.pk}")
    event = parse_with_icalendar(linked).walk("VEVENT")[0]
    assert str(event["URL"]) == f"https://x.example/f/{item.pk}"


def test_every_kind_exports(alice, frozen):
    for kind in FollowUpKind.values:
        followups.schedule(alice, kind, f"A {kind}", TODAY)
    parsed = parse_with_icalendar(calendar.calendar_for(alice))
    assert len(parsed.walk("VEVENT")) == len(FollowUpKind.values)
