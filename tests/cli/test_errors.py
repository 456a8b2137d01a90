"""Bad input: the right exit status, one line on stderr, no traceback, nothing saved."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from parting.cli import calls as cli_calls
from tests import factories as f
from tests.cli.helpers import assert_one_line_error, counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, frozen):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    return {"rita": rita, "convo": f.rejection(alice, rita)}


BAD_INPUT = [
    # (arguments, exit status, words the message must contain)
    (("log", "Rita Recruiter", "--outcome", "great"), 2, "unknown outcome 'great'"),
    (("log", "Rita Recruiter", "--outcome", "rejected", "--kind", "chat"), 2, "unknown kind"),
    (("log", "Rita Recruiter", "--outcome", "rejected", "--channel", "fax"), 2, "unknown channel"),
    (("log", "Nobody", "--outcome", "rejected"), 1, "no contact named 'Nobody'"),
    (("log", "Rita Recruiter", "--outcome", "rejected", "--at", "3/4/2026"), 2, "not a date"),
    (("log", "Rita Recruiter", "--outcome", "rejected", "--at", "2026-13-01"), 2, "not a date"),
    (("log", "", "--outcome", "rejected"), 2, "contact name or id is required"),
    (("contact", "add", "  "), 2, "name must not be empty"),
    (("contact", "add", "Rita", "--role", "boss"), 2, "unknown role"),
    (("contact", "add", "Rita", "--email", "rita-at-acme"), 2, "not an email address"),
    (("contact", "add", "Rita", "--phone", "12"), 2, "phone number"),
    (("company", "add", ""), 2, "name must not be empty"),
    (("ask", "CONVO", "--question", "same_company", "--response", "maybe"), 2, "unknown response"),
    (
        (
            "ask",
            "CONVO",
            "--question",
            "same_company",
            "--response",
            "gave_lead",
            "--lead",
            "Lena",
            "--permission",
            "sure",
        ),
        2,
        "unknown permission",
    ),
    (("ask", "x", "--question", "same_company", "--response", "declined"), 2, "by its id"),
    (("lead", "add", "Lena", "--from", "Nobody"), 1, "no contact named"),
    (("lead", "add", "Lena", "--from", "Rita Recruiter", "--permission", "yes"), 2, "permission"),
    (("lead", "add", "", "--from", "Rita Recruiter"), 2, "needs a name"),
    (("lead", "add", "Rita Recruiter", "--from", "Rita Recruiter"), 2, "refer themselves"),
    (("lead", "list", "--status", "hot"), 2, "unknown status"),
    (("lead", "set", "Nobody", "--status", "won"), 1, "no lead named"),
    (("due", "--on", "someday"), 2, "not a date"),
]


@pytest.mark.parametrize(("args", "code", "words"), BAD_INPUT)
def test_bad_input_is_one_line_and_saves_nothing(run, world, args, code, words):
    args = tuple(str(world["convo"].pk) if a == "CONVO" else a for a in args)
    before = counts()
    result = run(*args)
    assert_one_line_error(result, code)
    assert words in result.err
    assert counts() == before


USAGE = [
    ("log", "Rita Recruiter"),  # --outcome is required
    ("ask", "1", "--response", "declined"),  # --question is required
    ("frobnicate",),
    ("contact",),
    ("contact", "add"),
    ("snooze", "1", "soon"),
    ("serve", "--port", "http"),
    ("lead", "add", "Lena"),  # --from is required
]


@pytest.mark.parametrize("args", USAGE)
def test_usage_errors_are_one_line_with_exit_2(run, world, args):
    before = counts()
    result = run(*args)
    assert_one_line_error(result, 2)
    assert result.err.startswith("parting: ") and "error:" not in result.err
    assert "usage:" not in result.err
    assert counts() == before


def test_help_prints_usage_on_stdout(run, db):
    result = run("lead", "add", "--help")
    assert result.code == 0
    assert result.out.startswith("usage: parting lead add")
    assert "--from REFERRER" in result.out


def test_missing_tables_say_run_migrate(run, alice, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: core_contact")

    monkeypatch.setattr(cli_calls.calls, "log_conversation", broken)
    f.contact(alice, "Rita")
    result = run("log", "Rita", "--outcome", "rejected")
    assert_one_line_error(result, 1)
    assert "run `parting migrate` first" in result.err


def test_unexpected_errors_are_one_line_too(run, alice, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_calls.calls, "log_conversation", broken)
    f.contact(alice, "Rita")
    result = run("log", "Rita", "--outcome", "rejected")
    assert_one_line_error(result, 1)
    assert "boom" in result.err


def test_questions_list(run, alice):
    result = run("questions", "list")
    assert result.code == 0
    assert len(result.lines) == 4
    assert result.lines[0].split()[1:3] == ["★", "same_company"]
    assert result.fits()
    data = run("questions", "list", "--json").json()
    assert [(q["archetype"], q["favourite"]) for q in data] == [
        ("same_company", True),
        ("sister_company", False),
        ("niche_peer", True),
        ("community", False),
    ]
    assert set(data[0]) == {"id", "text", "archetype", "favourite", "position"}
