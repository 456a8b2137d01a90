"""`parting capture send|list|resolve|discard`: captures from a JSON file (a phone's export,
a script), each recorded once by its id through the same domain function as the offline call
page; bad input is one line, exit 2, nothing changed; a conflict exits 1 and is kept."""

from __future__ import annotations

import json
import uuid

import pytest

from parting.core.choices import FollowUpKind
from parting.core.models import Capture, Conversation, FollowUp, Lead
from tests import factories as f
from tests.cli.helpers import assert_one_line_error, counts

pytestmark = pytest.mark.django_db

ALICE = ("--user", "alice@example.com")


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


def capture(contact_id, **extra):
    data = {
        "id": str(uuid.uuid4()),
        "contact": contact_id,
        "outcome": "rejected",
        "at": "2026-03-04T09:30:00Z",
        "ask": {
            "response": "gave_lead",
            "leads": [{"name": "Lena Lead", "company": "Globex", "permission": "granted"}],
        },
    }
    data.update(extra)
    return data


def write(tmp_path, data, name="captures.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_send_records_each_once_and_again_changes_nothing(run, alice, rita, tmp_path, frozen):
    items = [capture(rita.pk), capture(rita.pk, outcome="advanced", ask=None)]
    path = write(tmp_path, items)
    first = run(*ALICE, "capture", "send", path)
    assert first.code == 0, first.err
    assert first.out.count("Recorded ") == 2 and "Rita Recruiter" in first.out
    assert Conversation.objects.for_user(alice).count() == 2
    assert Lead.objects.for_user(alice).count() == 1
    # R3 through this door too.
    assert FollowUp.objects.for_user(alice).filter(kind=FollowUpKind.CONTACT_LEAD).count() == 1
    before = counts()
    again = run(*ALICE, "capture", "send", path, "--json")
    assert again.code == 0, again.err
    data = again.json()
    assert [x["created"] for x in data] == [False, False]
    assert [x["id"] for x in data] == [x["id"] for x in items]
    assert data[0]["leads"][0]["name"] == "Lena Lead" and data[0]["ask"]["response"] == "gave_lead"
    assert counts() == before
    one = run(*ALICE, "capture", "send", write(tmp_path, items[0], "one.json"), "--json").json()
    assert isinstance(one, dict) and one["created"] is False


@pytest.mark.parametrize(
    "content, message",
    [
        ("{nope", "is not JSON"),
        ("[]", "holds no capture"),
        (json.dumps({"contact": 1, "outcome": "rejected"}), "needs its id"),
        (
            json.dumps(
                [{"id": "0f5b4e3c-1d2a-4b6c-8e9f-0a1b2c3d4e5f", "contact": 1, "outcome": "meh"}]
            ),
            "outcome",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_changes(run, alice, tmp_path, content, message):
    before = counts()
    result = run(*ALICE, "capture", "send", write(tmp_path, content))
    assert_one_line_error(result, 2)
    assert message in result.err
    assert counts() == before and not Capture.objects.exists()


def test_one_bad_capture_in_a_list_records_none(run, alice, rita, tmp_path):
    items = [capture(rita.pk), capture(rita.pk, kind="telepathy")]
    result = run(*ALICE, "capture", "send", write(tmp_path, items))
    assert_one_line_error(result, 2)
    assert "capture 2: kind must be one of" in result.err
    assert not Conversation.objects.exists() and not Capture.objects.exists()


def test_a_missing_file_is_exit_1(run, alice, tmp_path):
    assert_one_line_error(run(*ALICE, "capture", "send", str(tmp_path / "gone.json")), 1)


def test_a_conflict_is_kept_listed_resolved_or_discarded(run, alice, rita, tmp_path, frozen):
    gone = f.contact(alice, "Gone Gus", "Acme")
    items = [capture(gone.pk), capture(gone.pk, ask=None), capture(rita.pk, ask=None)]
    gone.delete()
    result = run(*ALICE, "capture", "send", write(tmp_path, items))
    assert result.code == 1
    assert result.out.count("Conflict ") == 2 and result.out.count("Recorded ") == 1
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "2 of 3 captures could not be recorded" in result.err
    listed = run(*ALICE, "capture", "list", "--conflicts", "--json").json()
    assert [(x["id"], x["code"]) for x in listed] == [
        (items[0]["id"], "contact_missing"),
        (items[1]["id"], "contact_missing"),
    ]
    text = run(*ALICE, "capture", "list", "--conflicts").out
    assert "no longer among your contacts" in text
    everything = run(*ALICE, "capture", "list", "--json").json()
    assert [x["state"] for x in everything] == ["conflict", "conflict", "recorded"]
    # Resolved with another contact by name: recorded once, with its lead.
    done = run(*ALICE, "capture", "resolve", items[0]["id"], "--contact", "Rita")
    assert done.code == 0, done.err
    assert "Recorded" in done.out and "Rita Recruiter" in done.out
    assert Lead.objects.for_user(alice).count() == 1
    again = run(*ALICE, "capture", "send", write(tmp_path, items[0], "a.json"), "--json")
    assert again.code == 0 and again.json()["created"] is False
    # Resolved with a new contact.
    new = run(*ALICE, "capture", "resolve", items[1]["id"], "--new-contact", "Gus Again", "--json")
    assert new.code == 0 and new.json()["contact"]["name"] == "Gus Again"
    assert run(*ALICE, "capture", "list", "--conflicts").out.strip() == "No conflicts."


def test_discard_a_conflict_not_a_recorded_capture(run, alice, rita, tmp_path):
    gone = f.contact(alice, "Gone Gus", "Acme")
    items = [capture(gone.pk), capture(rita.pk)]
    gone.delete()
    run(*ALICE, "capture", "send", write(tmp_path, items))
    gone_result = run(*ALICE, "capture", "discard", items[0]["id"])
    assert gone_result.code == 0 and "never recorded" in gone_result.out
    assert_one_line_error(run(*ALICE, "capture", "discard", items[0]["id"]), 1)
    kept = run(*ALICE, "capture", "discard", items[1]["id"])
    assert_one_line_error(kept, 1)
    assert "only a conflict can be discarded" in kept.err
    assert Capture.objects.for_user(alice).count() == 1


def test_resolve_refuses_bad_usage(run, alice, tmp_path):
    gone = f.contact(alice, "Gone Gus", "Acme")
    item = capture(gone.pk)
    gone.delete()
    run(*ALICE, "capture", "send", write(tmp_path, item))
    both = run(*ALICE, "capture", "resolve", item["id"], "--contact", "1", "--new-contact", "X")
    assert_one_line_error(both, 2)
    company = run(*ALICE, "capture", "resolve", item["id"], "--company", "Acme")
    assert_one_line_error(company, 2)
    nobody = run(*ALICE, "capture", "resolve", item["id"], "--contact", "Nobody Atall")
    assert_one_line_error(nobody, 1)
    assert Capture.objects.get().state == "conflict"


def test_r9_bob_neither_lists_resolves_nor_discards_alices(run, alice, bob, rita, tmp_path):
    gone = f.contact(alice, "Gone Gus", "Acme")
    item = capture(gone.pk)
    gone.delete()
    run(*ALICE, "capture", "send", write(tmp_path, item))
    BOB = ("--user", "bob@example.com")
    assert run(*BOB, "capture", "list", "--json").json() == []
    assert_one_line_error(run(*BOB, "capture", "resolve", item["id"]), 1)
    assert_one_line_error(run(*BOB, "capture", "discard", item["id"]), 1)
    # Her contact's id in his file is not his contact.
    his = run(*BOB, "capture", "send", write(tmp_path, capture(rita.pk), "bob.json"))
    assert his.code == 1 and "no longer among your contacts" in his.out, his
    assert Capture.objects.for_user(alice).get().state == "conflict"
    assert not Conversation.objects.exists()


def test_help_names_the_subcommands(run):
    result = run("capture", "--help")
    assert result.code == 0
    for word in ("send", "list", "resolve", "discard"):
        assert word in result.out
