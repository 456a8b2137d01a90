"""The CLI reads as people write: a first name finds its contact, follow-ups are named in
words, argument errors are one line like every other, help has no rule numbers, and `ask`
takes a permission per lead."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from shlex import split

import pytest

from parting.cli import calls as cli_calls
from parting.cli.env import Environment
from parting.cli.main import build_parser
from parting.core.domain.errors import Invalid
from parting.core.models import Conversation, FollowUp, Lead
from tests import factories as f
from tests.cli.helpers import assert_one_line_error, counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def ritas(alice):
    return f.contact(alice, "Rita Ortiz", "Acme"), f.contact(alice, "Rita Moreno", "")


# -- a contact by part of its name -----------------------------------------------------


def test_log_finds_the_only_rita_by_her_first_name(run, alice, frozen):
    ortiz = f.contact(alice, "Rita Ortiz", "Acme")
    f.contact(alice, "Sam Lee", "")
    result = run("log", "Rita", "--outcome", "advanced")
    assert result.code == 0, result.err
    assert Conversation.objects.get().contact == ortiz
    assert "with Rita Ortiz (Acme)" in result.out
    assert run("log", "ortiz", "--outcome", "advanced").code == 0  # any whole word, any case
    assert Conversation.objects.filter(contact=ortiz).count() == 2


def test_two_ritas_is_did_you_mean_with_both_and_nothing_saved(run, ritas, frozen):
    before = counts()
    result = run("log", "Rita", "--outcome", "rejected")
    assert_one_line_error(result, 1)
    assert result.err == (
        "parting: several contacts match 'Rita'; "
        'did you mean: "Rita Moreno", "Rita Ortiz" (Acme)?\n'
    )
    assert counts() == before


def test_a_misspelt_name_suggests_the_closest_contacts(run, ritas, frozen):
    f.contact(ritas[0].owner, "Sam Lee", "")
    result = run("log", "Rta", "--outcome", "rejected")
    assert_one_line_error(result, 1)
    assert result.err.startswith("parting: no contact named 'Rta'; did you mean: ")
    assert '"Rita Ortiz" (Acme)' in result.err and '"Rita Moreno"' in result.err
    assert "Sam Lee" not in result.err
    nothing = run("log", "Nobody", "--outcome", "rejected")
    assert nothing.err == "parting: no contact named 'Nobody'\n"  # nothing close: no guess
    assert Conversation.objects.count() == 0


def test_part_of_a_word_is_not_a_match(run, alice, frozen):
    f.contact(alice, "Rita Ortiz", "")
    result = run("log", "Rit", "--outcome", "rejected")
    assert_one_line_error(result, 1)
    assert 'did you mean: "Rita Ortiz"?' in result.err


def test_every_command_naming_a_contact_finds_it_the_same_way(run, alice, frozen):
    ortiz = f.contact(alice, "Rita Ortiz", "Acme")
    added = run(*split("lead add 'Lena Lead' --from Rita --json"))
    assert added.code == 0, added.err
    lead = Lead.objects.get()
    assert lead.referrer == ortiz
    assert run(*split("followup add 'Coffee' --contact ortiz")).code == 0
    assert FollowUp.objects.get(title="Coffee").contact == ortiz
    assert run(*split("lead set Lena --status contacted")).code == 0  # a lead too
    lead.refresh_from_db()
    assert lead.status == "contacted"
    assert run(*split("followup add 'Write' --lead lena")).code == 0
    assert FollowUp.objects.get(title="Write").lead == lead
    assert run("tree", "Rita").code == 0
    called = run("call", "Rita", stdin="2\n", interactive=True)  # 2: advanced
    assert called.code == 0, called.err
    assert Conversation.objects.get().contact == ortiz


def test_a_misspelt_lead_suggests_the_closest_leads(run, alice, frozen):
    f.contact(alice, "Rita Ortiz", "")
    run(*split("lead add 'Lena Lead' --from Rita"))
    result = run(*split("lead set Lina --status contacted"))
    assert_one_line_error(result, 1)
    assert result.err == (
        "parting: no lead named 'Lina'; did you mean: \"Lena Lead\" (from Rita Ortiz)?\n"
    )


def test_a_name_longer_than_any_is_not_found_in_one_line(run, ritas, frozen):
    huge = "Rita " * 20000
    for args in (("log", huge, "--outcome", "rejected"), ("lead", "set", huge, "--status", "won")):
        result = run(*args)
        assert_one_line_error(result, 1)
        assert len(result.err) < 100 and "database" not in result.err


# -- follow-ups in words --------------------------------------------------------------


def test_due_shows_kinds_in_words_and_json_keeps_the_names(run, alice, frozen):
    f.contact(alice, "Rita Ortiz")
    run(*split("lead add 'Lena Lead' --from Rita"))
    result = run("due", "--on", "2026-03-10")
    assert result.code == 0, result.err
    assert "Thank the referrer" in result.out and "Contact the lead" in result.out
    assert "thank_referrer" not in result.out and "contact_lead" not in result.out
    data = run("due", "--on", "2026-03-10", "--json").json()
    assert sorted(item["kind"] for item in data) == ["contact_lead", "thank_referrer"]


# -- argument errors --------------------------------------------------------------------

USAGE = [
    (("log", "Rita"), "parting: missing --outcome (see `parting log --help`)"),
    (("log",), "parting: missing CONTACT, --outcome (see `parting log --help`)"),
    (("lgo", "Rita"), "parting: unknown command 'lgo'; did you mean log? (see `parting --help`)"),
    (("due", "--limit", "x"), "parting: --limit takes a whole number, not 'x'"),
    (("due", "--on"), "parting: --on needs a value"),
    (("due", "--soon"), "parting: unknown option --soon"),
    (
        ("questions", "favorite", "1"),
        "parting: unknown command 'favorite'; did you mean favourite?",
    ),
]


@pytest.mark.parametrize(("args", "start"), USAGE)
def test_argument_errors_are_one_line_like_every_other_error(run, alice, args, start):
    result = run(*args)
    assert_one_line_error(result, 2)
    assert result.err.startswith(start)
    assert "error:" not in result.err and "usage:" not in result.err
    assert "choose from" not in result.err  # not the list of every command


# -- help -------------------------------------------------------------------------------


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def test_no_help_text_names_a_rule_number(run, db):
    parsers = list(_parsers(build_parser(Environment())))
    assert len(parsers) > 80  # every command and action
    texts = [p.format_help() for p in parsers]
    assert "--permission" in "".join(texts)
    offenders = [t.splitlines()[0] for t in texts if re.search(r"\bR[1-9]\b", t)]
    assert offenders == []
    assert not re.search(r"\bR[1-9]\b", run("--help").out)


# -- ask: a permission per lead -----------------------------------------------------------


@pytest.fixture
def convo(alice, frozen):
    return f.rejection(alice, f.contact(alice, "Rita Ortiz", "Acme"))


def test_ask_takes_a_permission_for_each_lead(run, alice, convo):
    result = run(
        *split(
            f"ask {convo.pk} --question same_company --response gave_lead "
            "--lead 'Sam Lee' --permission granted --lead 'Ana Park' --permission declined "
            "--lead 'Kim Wu'"
        )
    )
    assert result.code == 0, result.err
    permissions = {lead.name: lead.permission for lead in Lead.objects.all()}
    assert permissions == {"Sam Lee": "granted", "Ana Park": "declined", "Kim Wu": "not_asked"}


def test_ask_one_permission_after_every_lead_goes_with_them_all(run, alice, convo):
    args = f"ask {convo.pk} --question same_company --response gave_lead --lead Sam --lead Ana"
    result = run(*split(args + " --permission granted"))
    assert result.code == 0, result.err
    assert sorted(Lead.objects.values_list("permission", flat=True)) == ["granted", "granted"]


def test_ask_two_permissions_for_one_lead_is_refused(run, alice, convo):
    before = counts()
    result = run(
        *split(
            f"ask {convo.pk} --question same_company --response gave_lead "
            "--lead Sam --permission granted --permission declined --lead Ana"
        )
    )
    assert_one_line_error(result, 2)
    assert "two permissions for Sam" in result.err
    bad = run(
        *split(
            f"ask {convo.pk} --question same_company --response gave_lead "
            "--lead Sam --permission maybe --lead Ana --permission granted"
        )
    )
    assert_one_line_error(bad, 2)
    assert "permission" in bad.err
    assert counts() == before


L, P = "lead", "permission"


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ([(L, "A"), (L, "B"), (P, "granted")], [("A", "granted"), ("B", "granted")]),
        ([(P, "declined"), (L, "A"), (L, "B")], [("A", "declined"), ("B", "declined")]),
        ([(L, "A"), (P, "granted"), (L, "B")], [("A", "granted"), ("B", "not_asked")]),
        (
            [(L, "A"), (P, "granted"), (L, "B"), (P, "declined")],
            [("A", "granted"), ("B", "declined")],
        ),
        ([(L, "A")], [("A", "not_asked")]),
    ],
)
def test_lead_permissions_pairs_each_permission_with_its_lead(order, expected):
    assert cli_calls.lead_permissions(order) == expected


def test_a_permission_before_any_lead_among_several_is_refused():
    with pytest.raises(Invalid):
        cli_calls.lead_permissions(
            [("permission", "granted"), ("lead", "A"), ("permission", "declined")]
        )


# -- every field's error at once, on one line -------------------------------------------


def test_profile_names_every_bad_field_on_one_line_and_saves_nothing(run, alice):
    result = run("profile", "--phone", "call me maybe", "--timezone", "Mars/Base", "--name", "X")
    assert_one_line_error(result, 2)
    assert "not a phone number: 'call me maybe'" in result.err  # the CLI keeps the value
    assert "unknown time zone 'Mars/Base'" in result.err
    assert run("profile", "--json").json()["name"] != "X"
