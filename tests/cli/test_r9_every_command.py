"""R9 for the command line: charlie, acting as himself, names alice's rows by id and by name
in every command that takes one, and is told they do not exist; every command that shows
something shows nothing of hers. Her account is unchanged at the end."""

from __future__ import annotations

import uuid

import pytest

from parting.core.choices import Outcome, Response
from parting.core.domain import (
    calls,
    captures,
    coach_notes,
    followups,
    invitations,
    merge,
    network,
    question_bank,
    sharing,
    tokens,
)
from parting.core.domain.errors import Conflict
from parting.core.models import FollowUp, Job, Lead, ReviewPair
from parting.data.imports.service import run_import
from parting.webhooks.models import Endpoint
from tests import factories as f
from tests.snapshots import snapshot

pytestmark = pytest.mark.django_db

SECRETS = ("Zanzibar", "Quentin Quibble", "Lemuel Lemonade", "plover", "walrus", "xyzzy")
AS_CHARLIE = ("--user", "charlie@example.com")


@pytest.fixture
def world(alice, coach, frozen):
    company = network.create_company(alice, "Zanzibar Widgets")
    quentin = f.contact(alice, "Quentin Quibble", company.name)
    question = question_bank.add_question(alice, "Who keeps a plover?", "custom")
    gone = question_bank.add_question(alice, "A plover I deleted?", "custom")
    question_bank.delete_question(alice, gone)
    convo = calls.log_conversation(alice, quentin, Outcome.REJECTED, note="xyzzy")
    calls.record_ask(alice, convo, question, Response.GAVE_LEAD, [f.lead("Lemuel Lemonade")])
    lead = Lead.objects.for_user(alice).get()
    followup = followups.add_followup(alice, "Feed the walrus", contact=quentin)
    twin = f.contact(alice, "Quentin Twin", company.name)
    record = merge.merge(alice, quentin, twin)
    f.contact(alice, "Jonathan Smithson", company="Globex")
    run_import(
        alice,
        "linkedin",
        b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
        b"Jonathon,Smithsen,,Globex,Engineer,05 Mar 2024\n",
        "c.csv",
    )
    pair = ReviewPair.objects.for_user(alice).get()
    job = Job.objects.create(owner=alice, kind="import", filename="zanzibar.csv")
    # Her numbers go to a coach, who left a note; another coach is invited.
    sharing.open_share(alice, coach, "numbers", None)
    coach_notes.leave_note(sharing.shared_view(coach, alice.pk), "Try the niche question")
    invited = invitations.invite_coach(alice, "zanzibar-coach@example.com")
    api_token = tokens.create_token(alice, "Zanzibar sync").token
    hook = Endpoint.objects.create(
        owner=alice, url="https://hooks.zanzibar.example/in", events="lead.created", secret="x"
    )
    # A call sent as a capture (recorded), and one kept as a conflict.
    captures.send(alice, {"id": str(uuid.uuid4()), "contact": quentin.pk, "outcome": "advanced"})
    conflict = str(uuid.uuid4())
    with pytest.raises(Conflict):
        captures.send(alice, {"id": conflict, "contact": 10**9, "outcome": "rejected"})
    return {
        "capture": conflict,
        "webhook": str(hook.pk),
        "company": str(company.pk),
        "contact": str(quentin.pk),
        "question": str(question.pk),
        "deleted": str(gone.pk),
        "conversation": str(convo.pk),
        "lead": str(lead.pk),
        "followup": str(followup.pk),
        "merge": str(record.pk),
        "pair": str(pair.pk),
        "job": str(job.pk),
        "alice": str(alice.pk),
        "invitation": invited.token,
        "token": str(api_token.pk),
        "token_prefix": api_token.prefix,
    }


def attempts(w, charlies_convo):
    return [
        ("log", w["contact"], "--outcome", "rejected"),
        ("log", "Quentin Quibble", "--outcome", "rejected"),
        ("ask", w["conversation"], "--response", "declined"),
        ("ask", charlies_convo, "--question", w["question"], "--response", "declined"),
        ("lead", "add", "Max", "--from", w["contact"]),
        ("lead", "add", "Max", "--from", "Quentin Quibble"),
        ("lead", "set", w["lead"], "--status", "won"),
        ("lead", "set", "Lemuel Lemonade", "--thanked"),
        ("followup", "add", "Spy", "--contact", w["contact"]),
        ("followup", "add", "Spy", "--lead", w["lead"]),
        ("followup", "edit", w["followup"], "--title", "Spy"),
        ("conversation", "edit", w["conversation"], "--note", "Spy"),
        ("conversation", "edit", charlies_convo, "--contact", w["contact"]),
        ("conversation", "edit", charlies_convo, "--contact", "Quentin Quibble"),
        ("contact", "edit", w["contact"], "--name", "Spy"),
        ("contact", "edit", "Quentin Quibble", "--name", "Spy"),
        ("company", "edit", w["company"], "--name", "Spy"),
        ("company", "edit", "Zanzibar Widgets", "--name", "Spy"),
        ("company", "edit", "Charlie Co", "--parent", "Zanzibar Widgets"),
        ("done", w["followup"]),
        ("snooze", w["followup"], "3"),
        ("message", w["followup"]),
        ("intro", w["lead"]),
        ("intro", "Lemuel Lemonade"),
        ("tree", w["contact"]),
        ("tree", "Quentin Quibble"),
        ("questions", "edit", w["question"], "Mine now?"),
        ("questions", "favourite", w["question"]),
        ("questions", "unfavourite", w["question"]),
        ("questions", "delete", w["question"], "--yes"),
        ("questions", "undo", w["deleted"]),
        ("company", "add", "Charlie Co", "--parent", w["company"]),
        ("company", "add", "Charlie Co", "--parent", "Zanzibar Widgets"),
        ("review", "merge", w["pair"]),
        ("review", "keep", w["pair"]),
        ("merge", w["contact"], w["contact"]),
        ("unmerge", w["merge"]),
        ("call", w["contact"]),
        ("job", w["job"]),
        ("job", w["job"], "--wait"),
        ("share", "revoke", "coach@example.com"),
        ("share", "revoke", "zanzibar-coach@example.com"),
        ("share", "accept", w["invitation"]),
        ("caseload", w["alice"]),
        ("caseload", "alice@example.com"),
        ("caseload", "alice@example.com", "--note", "Spy"),
        ("token", "revoke", w["token"]),
        ("token", "revoke", w["token_prefix"]),
        ("webhook", "deliveries", w["webhook"]),
        ("webhook", "test", w["webhook"]),
        ("webhook", "enable", w["webhook"]),
        ("webhook", "disable", w["webhook"]),
        ("webhook", "remove", w["webhook"], "--yes"),
        ("capture", "resolve", w["capture"]),
        ("capture", "resolve", w["capture"], "--contact", "Quentin Quibble"),
        ("capture", "resolve", w["capture"], "--contact", w["contact"]),
        ("capture", "discard", w["capture"]),
    ]


def test_charlie_cannot_name_alices_rows_in_any_command(run, world, alice, charlie):
    mine = f.rejection(charlie, f.contact(charlie, "Carl Caller", "Charlie Co"))
    before = snapshot(alice)
    for args in attempts(world, str(mine.pk)):
        result = run(*AS_CHARLIE, *args)
        assert result.code in (1, 2), (args, result.code, result.out, result.err)
        said = result.out + result.err
        for typed in args:  # an error may echo what charlie typed: that is no leak
            said = said.replace(typed, "")
        shown = [s for s in SECRETS if s.lower() in said.lower()]
        assert not shown, (args, shown)
    assert snapshot(alice) == before
    assert not FollowUp.objects.for_user(charlie).filter(title="Spy").exists()


SHOWING = [
    ("contact", "list"),
    ("contact", "list", "--search", "Quent"),
    ("lead", "list"),
    ("due", "--on", "2026-12-31"),
    ("questions", "list"),
    ("stats",),
    ("tree",),
    ("script",),
    ("drill", "--due"),
    ("review",),
    ("export", "json"),
    ("export", "vcard"),
    ("backup",),
    ("calendar", "export"),
    ("digest",),
    ("profile",),
    ("share", "list"),
    ("caseload",),
    ("caseload", "--csv"),
    ("token", "list"),
    ("webhook", "list"),
    ("capture", "list"),
    ("capture", "list", "--conflicts"),
]


@pytest.mark.parametrize("args", SHOWING, ids=" ".join)
@pytest.mark.parametrize("as_json", [False, True])
def test_charlies_listings_show_nothing_of_alices(run, world, alice, charlie, args, as_json):
    before = snapshot(alice)
    result = run(*AS_CHARLIE, *args, *(["--json"] if as_json else []))
    assert result.code == 0, (args, result.code, result.err)
    shown = [s for s in SECRETS if s.lower() in (result.out + result.err).lower()]
    assert not shown, (args, shown)
    assert snapshot(alice) == before


# What her coach may run about her: the caseload and her page, numbers only.
COACHING = [
    ("caseload",),
    ("caseload", "--csv"),
    ("caseload", "alice@example.com"),
    ("share", "list"),
]


@pytest.mark.parametrize("as_json", [False, True])
def test_her_numbers_coach_gets_no_name_of_hers_from_any_command(run, world, alice, coach, as_json):
    """R9 with a numbers share: every command, naming her rows or not, as her coach."""
    mine = f.rejection(coach, f.contact(coach, "Carl Caller", "Coach Co"))
    before = snapshot(alice)
    flag = ("--json",) if as_json else ()
    for args in [*attempts(world, str(mine.pk)), *SHOWING, *COACHING]:
        result = run("--user", "coach@example.com", *args, *flag)
        said = result.out + result.err
        for typed in args:
            said = said.replace(typed, "")
        shown = [s for s in SECRETS if s.lower() in said.lower()]
        assert not shown, (args, shown)
    after = snapshot(alice)
    assert after["models"] == before["models"] and after["shared"][:2] == before["shared"][:2]
    assert run("--user", "coach@example.com", "caseload", world["alice"]).code == 0
