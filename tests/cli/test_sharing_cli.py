"""`parting share`, `parting user invite` and `parting caseload`: the terminal door to shares."""

from __future__ import annotations

import csv
import io

import pytest

from parting.core.choices import Response
from parting.core.domain import calls, invitations, sharing
from parting.core.domain.profile_update import update_profile
from parting.core.models import CoachNote, Invitation, Share
from tests import factories as f
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db

ALICE = ("--user", "alice@example.com")
COACH = ("--user", "coach@example.com")


def _rows():
    return Share.objects.count(), Invitation.objects.count(), CoachNote.objects.count()


def test_share_add_prints_the_link_and_accept_opens_the_share(run, alice, coach, frozen):
    result = run(*ALICE, "share", "add", "coach@example.com", "--scope", "full", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["url"].startswith("http") and "/invite/" in data["url"]
    assert (data["scope"], data["email"]) == ("full", "coach@example.com")
    accepted = run(*COACH, "share", "accept", data["url"])
    assert accepted.code == 0, accepted.err
    assert "Alice Archer now shares their full with you" in accepted.out
    assert sharing.shared_view(coach, alice.pk).names
    again = run(*COACH, "share", "accept", data["url"])
    assert_one_line_error(again, 2)
    assert "expired or was already used" in again.err


def test_share_add_says_how_the_link_travels(run, alice, frozen, mailoutbox):
    result = run(*ALICE, "share", "add", "coach@example.com", "--until", "2026-04-30")
    assert result.code == 0, result.err
    assert "Mailed to coach@example.com." in result.out and len(mailoutbox) == 1
    assert Invitation.objects.get().until.isoformat() == "2026-04-30"


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("share", "add", "not-an-email"), 2, "not an email address"),
        (("share", "add", "alice@example.com"), 2, "you cannot share with yourself"),
        (("share", "add", "coach@example.com"), 1, "you already share numbers"),
        (("share", "add", "x@example.com", "--until", "2026-03-01"), 2, "already passed"),
        (("share", "add", "x@example.com", "--until", "someday"), 2, "not a date"),
        (("share", "add", "x@example.com", "--scope", "all"), 2, "unknown --scope 'all'"),
        (("share", "revoke", "nobody@example.com"), 1, "you share nothing with"),
        (("share", "accept", "https://x.example/invite/made-up/"), 2, "expired or was already"),
        (("user", "invite", "not-an-email"), 2, "not an email address"),
        (("user", "invite", "bob@example.com"), 1, "already exists"),
        (("user", "invite"), 2, "name one EMAIL or --csv FILE"),
        (("caseload", "bob@example.com"), 1, "shares with you"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    run, alice, bob, coach, frozen, args, code, message
):
    sharing.open_share(alice, coach, "numbers", None)
    before = _rows()
    result = run(*ALICE, *args)
    assert_one_line_error(result, code)
    assert message in result.err
    assert _rows() == before


def test_an_expired_link_is_refused(run, alice, coach, frozen):
    issued = invitations.invite_coach(alice, "coach@example.com")
    frozen.shift(60 * 60 * 24 * 8)
    result = run(*COACH, "share", "accept", issued.token)
    assert_one_line_error(result, 2)
    assert not Share.objects.exists()


def test_share_list_and_revoke(run, alice, coach, frozen):
    sharing.open_share(alice, coach, "numbers", None)
    invitations.invite_coach(alice, "second@example.com", "full")
    listed = run(*ALICE, "share", "list", "--json").json()
    assert [s["email"] for s in listed["shares"]] == ["coach@example.com"]
    assert [i["email"] for i in listed["invitations"]] == ["second@example.com"]
    assert run(*COACH, "share", "list", "--json").json()["shared_with_you"][0]["seeker"] == (
        "Alice Archer"
    )
    result = run(*ALICE, "share", "revoke", "coach@example.com")
    assert result.code == 0 and "can no longer see your search" in result.out
    assert run(*COACH, "caseload", "alice@example.com").code == 1


def test_user_invite_from_a_csv_is_all_or_nothing(run, coach, alice, tmp_path, frozen):
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Email\nSam,sam@example.com\nJo,jo-at-example\n")
    result = run(*COACH, "user", "invite", "--csv", str(bad))
    assert_one_line_error(result, 2)
    assert "line 3: not an email address" in result.err and not Invitation.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text("Name,Email\nSam,sam@example.com\nAl,alice@example.com\n\n")
    data = run(*COACH, "user", "invite", "--csv", str(good), "--json").json()
    assert [i["email"] for i in data["invited"]] == ["sam@example.com"]
    assert data["skipped"] == [{"email": "alice@example.com", "reason": "has an account"}]


def _world(alice, bob, coach):
    convo = f.rejection(alice, f.contact(alice, "Quentin Quibble", "Zanzibar"), note="xyzzy")
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Lemuel Lemonade")])
    convo = f.rejection(bob, f.contact(bob, "Bartholomew Bigname"))
    calls.record_ask(bob, convo, None, Response.GAVE_LEAD, [f.lead("Bellamy Lead")])
    sharing.open_share(alice, coach, "numbers", None)
    sharing.open_share(bob, coach, "full", None)


@pytest.mark.parametrize("as_json", [False, True])
def test_caseload_names_per_scope(run, alice, bob, coach, frozen, as_json):
    _world(alice, bob, coach)
    flag = ["--json"] if as_json else []
    for args in (
        ("caseload",),
        ("caseload", "--csv"),
        ("caseload", "alice@example.com"),
        ("caseload", str(alice.pk)),
    ):
        result = run(*COACH, *args, *flag)
        assert result.code == 0, result.err
        for name in ("Quentin", "Lemuel", "Zanzibar", "xyzzy"):
            assert name not in result.out, (args, name)
    bobs = run(*COACH, "caseload", "bob@example.com", *flag)
    assert "Bartholomew Bigname" in bobs.out and "Bellamy Lead" in bobs.out
    rows = run(*COACH, "caseload", "--json").json()
    assert [r["seeker"] for r in rows] == ["Alice Archer", "Bob Baker"]
    assert [r["why"] for r in rows] == ["on track", "on track"]
    assert rows[0]["scope"] == "numbers" and rows[0]["rejections_without_question"] == 0


def test_a_coach_leaves_a_note_from_the_terminal(run, alice, coach, frozen):
    sharing.open_share(alice, coach, "numbers", None)
    result = run(*COACH, "caseload", "alice@example.com", "--note", "Try the niche question")
    assert result.code == 0, result.err
    assert CoachNote.objects.get().text == "Try the niche question"
    assert_one_line_error(run(*COACH, "caseload", "alice@example.com", "--note", " "), 2)


def test_the_caseload_csv_is_formula_safe(run, alice, coach, frozen):
    update_profile(alice, name='=HYPERLINK("http://evil")')
    sharing.open_share(alice, coach, "numbers", None)
    out = run(*COACH, "caseload", "--csv").out
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["seeker"].startswith("'=")


def test_a_mail_server_that_refuses_leaves_no_invitation(run, alice, settings, frozen):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    result = run(*ALICE, "share", "add", "coach@example.com")
    assert_one_line_error(result, 1)
    assert "cannot send mail via 127.0.0.1:9" in result.err
    assert not Invitation.objects.exists()
