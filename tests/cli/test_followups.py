"""`parting due`, `parting followup add`, `parting done`, `parting snooze`."""

from __future__ import annotations

import datetime as dt
from shlex import split

import pytest

from parting.core.choices import FollowUpKind
from parting.core.domain import followups
from parting.core.models import FollowUp
from tests import factories as f
from tests.cli.helpers import assert_one_line_error, counts

pytestmark = pytest.mark.django_db

MONDAY, WEDNESDAY, THURSDAY = dt.date(2026, 3, 2), dt.date(2026, 3, 4), dt.date(2026, 3, 5)


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


def _custom(user, title, on, **kw):
    return followups.schedule(user, FollowUpKind.CUSTOM, title, on, **kw)


def test_due_groups_by_date_and_marks_overdue(run, alice, rita, frozen):
    late = _custom(alice, "Send the portfolio", MONDAY, contact=rita)
    now = _custom(alice, "Call Rita back", WEDNESDAY, contact=rita)
    _custom(alice, "Not yet", THURSDAY)
    result = run("due")
    assert result.code == 0, result.err
    assert result.lines == [
        "Mon 2026-03-02 · overdue",
        f"  #{late.pk}  Custom  Send the portfolio",
        "Wed 2026-03-04 · today",
        f"  #{now.pk}  Custom  Call Rita back",
    ]


def test_due_on_tomorrow_includes_it(run, alice, frozen):
    _custom(alice, "Call back", MONDAY)
    _custom(alice, "Tomorrow's", THURSDAY)
    data = run("due", "--on", "tomorrow", "--json").json()
    assert [(d["title"], d["due_on"], d["overdue"]) for d in data] == [
        ("Call back", "2026-03-02", True),
        ("Tomorrow's", "2026-03-05", False),
    ]
    assert run("due", "--on", "2026-03-01").out == "Nothing due by Sun 2026-03-01.\n"


def test_a_long_due_list_stops_at_the_limit_and_says_how_many_more(run, alice, frozen):
    items = [_custom(alice, f"Item {n}", MONDAY) for n in range(5)]
    result = run("due", "--limit", "2")
    assert result.code == 0, result.err
    assert result.lines == [
        "Mon 2026-03-02 · overdue",
        f"  #{items[0].pk}  Custom  Item 0",
        f"  #{items[1].pk}  Custom  Item 1",
        "… and 3 more due by Wed 2026-03-04 (--limit 0 lists all)",
    ]
    assert len(run("due", "--limit", "0").lines) == 6  # the day, then all five


def test_due_lists_a_screenful_by_default_and_json_lists_all(run, alice, frozen, monkeypatch):
    from parting.cli import followups as command

    monkeypatch.setattr(command, "DUE_LISTED", 3)
    for n in range(4):
        _custom(alice, f"Item {n}", MONDAY)
    assert run("due").lines[-1].startswith("… and 1 more due by")
    assert len(run("due", "--json").json()) == 4
    assert len(run("due", "--json", "--limit", "2").json()) == 2


def test_due_with_a_negative_limit_is_bad_usage(run, alice, frozen):
    result = run("due", "--limit", "-1")
    assert_one_line_error(result, 2)
    assert "--limit" in result.err


def test_followup_add_for_a_contact_tomorrow(run, alice, rita, frozen):
    result = run(
        *split("followup add 'Send the portfolio' --contact 'Rita Recruiter' --on tomorrow --json")
    )
    assert result.code == 0, result.err
    item = FollowUp.objects.get()
    assert result.json() == {
        "id": item.pk,
        "kind": "custom",
        "title": "Send the portfolio",
        "due_on": "2026-03-05",
        "status": "open",
        "contact_id": rita.pk,
        "contact": "Rita Recruiter",
        "lead_id": None,
        "lead": None,
        "conversation_id": None,
        "done_at": None,
        "overdue": False,
    }


def test_followup_add_for_a_lead_defaults_to_today(run, alice, rita, frozen):
    run("lead", "add", "Lena Lead", "--from", "Rita Recruiter")
    result = run("followup", "add", "Ask Lena for coffee", "--lead", "Lena Lead")
    item = FollowUp.objects.get(kind="custom")
    assert result.out == f"Added follow-up #{item.pk}, due Wed 2026-03-04: Ask Lena for coffee\n"
    assert item.lead.name == "Lena Lead" and item.contact.name == "Lena Lead"


def test_done_and_snooze(run, alice, frozen):
    first = _custom(alice, "Call back", MONDAY)
    second = _custom(alice, "Write", WEDNESDAY)
    assert run("done", str(first.pk)).out == f"Done #{first.pk}: Call back\n"
    first.refresh_from_db()
    assert first.status == "done"
    snoozed = run("snooze", str(second.pk), "3")
    assert snoozed.out == f"Snoozed #{second.pk} to Sat 2026-03-07: Write\n"
    data = run("snooze", str(second.pk), "1", "--json").json()
    assert (data["due_on"], data["status"]) == ("2026-03-08", "snoozed")
    assert run("due").out == "Nothing due by Wed 2026-03-04.\n"


def test_snooze_a_done_follow_up_is_refused(run, alice, frozen):
    item = _custom(alice, "Call back", MONDAY)
    run("done", str(item.pk))
    assert_one_line_error(run("snooze", str(item.pk), "2"), 2)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("done", "999"), 1),
        (("done", "abc"), 2),
        (("snooze", "999", "2"), 1),
        (("snooze", "ID", "0"), 2),
        (("snooze", "ID", "many"), 2),
        (("followup", "add", "  "), 2),
        (("followup", "add", "Call", "--on", "next week"), 2),
        (("followup", "add", "Call", "--contact", "Nobody"), 1),
    ],
)
def test_bad_follow_up_input(run, alice, frozen, args, code):
    item = _custom(alice, "Call back", MONDAY)
    before = counts()
    assert_one_line_error(run(*(str(item.pk) if a == "ID" else a for a in args)), code)
    assert counts() == before
    assert FollowUp.objects.get().status == "open"
