"""Today: overdue highlighted, the "this week" view, snooze presets, bulk done and snooze."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parting.core.choices import FollowUpState
from parting.core.domain import followups
from parting.core.models import FollowUp

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
TODAY = dt.date(2026, 3, 4)  # a Wednesday


def on(user, title, delta):
    return followups.add_followup(user, title, on=TODAY + dt.timedelta(days=delta))


def test_this_week_lists_everything_open_through_sunday_by_day(alice_client, alice, frozen):
    on(alice, "Late one", -3)
    on(alice, "Friday one", 2)
    on(alice, "Sunday one", 4)
    on(alice, "Next Monday one", 5)
    page = alice_client.get(reverse("today") + "?view=week").content.decode()
    assert 'aria-current="page">This week' in page and "through Sunday 8 Mar" in page
    for title in ("Late one", "Friday one", "Sunday one"):
        assert title in page
    assert "Next Monday one" not in page
    assert page.index("Late one") < page.index("Friday one") < page.index("Sunday one")
    assert "Overdue · Sunday 1 Mar" in page and "Friday 6 Mar" in page


def test_today_view_leaves_later_days_out_but_the_next_one(alice_client, alice, frozen):
    on(alice, "Friday one", 2)
    on(alice, "Saturday one", 3)
    page = alice_client.get(reverse("today")).content.decode()
    # Only as the preview of the next day with something due ("Up next").
    assert "Nothing due today." in page
    assert page.index('data-kind="up_next"') < page.index("Friday one")
    assert "Saturday one" not in page


def test_overdue_is_highlighted(alice_client, alice, frozen):
    late = on(alice, "Late one", -1)
    page = alice_client.get(reverse("today")).content.decode()
    classes = re.search(rf'<li id="followup-{late.pk}" class="([^"]*)"', page).group(1)
    assert "overdue" in classes.split() and '<strong class="overdue-label">Overdue</strong>' in page


def test_a_past_date_for_a_new_follow_up_is_allowed_and_shows_overdue(alice_client, alice, frozen):
    response = alice_client.post(
        reverse("followup_add"), {"title": "Forgot this", "due_on": "2026-03-01"}
    )
    assert response.status_code == 302
    page = alice_client.get(reverse("today")).content.decode()
    assert "Forgot this" in page and "Overdue" in page


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"preset": "tomorrow"}, dt.date(2026, 3, 5)),
        ({"preset": "next_week"}, dt.date(2026, 3, 9)),
        ({"pick": "2026-04-01"}, dt.date(2026, 4, 1)),
        ({"days": "3"}, dt.date(2026, 3, 7)),
    ],
)
def test_snooze_presets(alice_client, alice, frozen, data, expected):
    item = on(alice, "Ping", 0)
    response = alice_client.post(reverse("followup_snooze", args=[item.pk]), data, **HX)
    assert response.status_code == 200 and b"Snoozed to" in response.content
    item.refresh_from_db()
    assert item.due_on == expected and item.status == FollowUpState.SNOOZED


@pytest.mark.parametrize(
    "data",
    [
        {"days": "0"},
        {"days": "-2"},
        {"pick": "2026-03-04"},
        {"pick": "2026-02-01"},
        {},
        {"preset": "someday"},
    ],
)
def test_snooze_refuses_zero_negative_past_and_nothing(alice_client, alice, frozen, data):
    item = on(alice, "Ping", 0)
    response = alice_client.post(reverse("followup_snooze", args=[item.pk]), data, **HX)
    assert response.status_code == 400 and b'role="alert"' in response.content
    item.refresh_from_db()
    assert item.due_on == TODAY and item.status == FollowUpState.OPEN


def test_bulk_done(alice_client, alice, frozen):
    a, b, c = on(alice, "A", 0), on(alice, "B", -1), on(alice, "C", 0)
    response = alice_client.post(reverse("followup_bulk"), {"ids": [a.pk, b.pk], "action": "done"})
    assert response.status_code == 302
    states = {x.pk: x.status for x in FollowUp.objects.filter(owner=alice)}
    assert states == {a.pk: "done", b.pk: "done", c.pk: "open"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"action": "tomorrow"}, dt.date(2026, 3, 5)),
        ({"action": "next_week"}, dt.date(2026, 3, 9)),
        ({"action": "pick", "pick": "2026-03-20"}, dt.date(2026, 3, 20)),
    ],
)
def test_bulk_snooze(alice_client, alice, frozen, data, expected):
    a, b = on(alice, "A", 0), on(alice, "B", -1)
    response = alice_client.post(reverse("followup_bulk"), {"ids": [a.pk, b.pk], **data})
    assert response.status_code == 302
    assert {x.due_on for x in FollowUp.objects.filter(owner=alice)} == {expected}


@pytest.mark.parametrize(
    "data",
    [
        {"action": "done"},
        {"ids": ["x"], "action": "done"},
        {"action": "pick", "pick": ""},
        {"action": "pick", "pick": "2026-03-01"},
        {"action": "explode"},
    ],
)
def test_bulk_bad_input_is_400_and_changes_nothing(alice_client, alice, frozen, data):
    a = on(alice, "A", 0)
    response = alice_client.post(
        reverse("followup_bulk"),
        {"ids": [a.pk], **data} if "ids" not in data and data.get("action") != "done" else data,
    )
    assert response.status_code == 400 and b'role="alert"' in response.content
    a.refresh_from_db()
    assert a.status == FollowUpState.OPEN and a.due_on == TODAY


def test_bulk_keeps_the_ticks_after_a_refusal(alice_client, alice, frozen):
    a = on(alice, "A", 0)
    response = alice_client.post(reverse("followup_bulk"), {"ids": [a.pk], "action": "pick"})
    assert response.status_code == 400
    assert re.search(rf'value="{a.pk}" form="bulk-form"[^>]* checked', response.content.decode())


def test_bulk_with_someone_elses_follow_up_changes_nothing(charlie_client, alice, charlie, frozen):
    alices = on(alice, "Alice's", 0)
    mine = on(charlie, "Charlie's", 0)
    response = charlie_client.post(
        reverse("followup_bulk"), {"ids": [mine.pk, alices.pk], "action": "done"}
    )
    assert response.status_code == 400
    assert b"Alice&#x27;s" not in response.content and b"Alice's" not in response.content
    assert FollowUp.objects.filter(status="done").count() == 0


def test_the_navigation_counts_whats_due(alice_client, alice, frozen):
    on(alice, "A", 0), on(alice, "B", -2), on(alice, "C", 3)
    page = alice_client.get(reverse("followup_add")).content.decode()
    # Read aloud as "Today (2 due)"; shown as "Today" and a badge with 2.
    assert re.search(
        r'Today <span class="badge" title="follow-ups due"><span class="visually-hidden">\(</span>'
        r'2<span class="visually-hidden"> due\)</span></span>',
        page,
    )


@pytest.mark.parametrize("view", ["", "?view=week"])
def test_the_week_view_runs_a_bounded_number_of_queries(alice_client, alice, frozen, view):
    def count(n):
        FollowUp.objects.filter(owner=alice).delete()
        FollowUp.objects.bulk_create(
            FollowUp(
                owner=alice,
                kind="custom",
                title=f"T{i}",
                due_on=TODAY + dt.timedelta(days=i % 5 - 2),
            )
            for i in range(n)
        )
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(reverse("today") + view).status_code == 200
        return len(queries)

    assert count(10) == count(200)
