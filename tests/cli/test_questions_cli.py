"""`parting questions …`, `parting profile`, `parting script` and `parting intro`."""

from __future__ import annotations

import pytest

from parting.core.choices import Permission
from parting.core.domain import calls, questions
from parting.core.domain.profiles import get_profile
from parting.core.models import Question
from tests import factories as f
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db


def test_add_edit_favourite_unfavourite(run, alice):
    added = run(
        "questions", "add", "Who else at {company} needs {skills}?", "--archetype", "custom"
    )
    assert added.code == 0, added.err
    q = Question.objects.get(owner=alice, archetype="custom")
    assert f"Added question #{q.pk} (custom)" in added.out

    edited = run("questions", "edit", str(q.pk), "Anyone at {company}?", "--json")
    assert edited.json()["text"] == "Anyone at {company}?"

    first = questions.favourites(alice)[0]
    assert run("questions", "unfavourite", str(first.pk)).code == 0
    assert run("questions", "favourite", str(q.pk)).code == 0
    assert q.pk in {x.pk for x in questions.favourites(alice)}
    listed = run("questions", "list")
    assert f"#{q.pk}  ★  custom" in listed.out and listed.fits()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "", "--archetype", "custom"], "parting: the question text is empty\n"),
        (["add", "Hi?", "--archetype", "nope"], "parting: unknown archetype 'nope'"),
        (
            ["add", "At {compnay}?", "--archetype", "custom"],
            "parting: unknown slot {compnay}, did you mean {company}?\n",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(run, alice, args, message):
    before = Question.all_objects.count()
    result = run("questions", *args)
    assert_one_line_error(result, 2)
    assert result.err.startswith(message)
    assert Question.all_objects.count() == before


def test_r7_third_favourite_exits_2_naming_the_two(run, alice):
    current = questions.favourites(alice)
    other = questions.questions(alice).filter(favourite=False).first()
    result = run("questions", "favourite", str(other.pk))
    assert_one_line_error(result, 2)
    assert all(f"#{q.pk}" in result.err for q in current)
    assert not Question.objects.get(pk=other.pk).favourite


def test_unknown_question_id_exits_1(run, alice, bob):
    theirs = questions.questions(bob).first()
    as_alice = ("--user", "alice@example.com")
    assert_one_line_error(run(*as_alice, "questions", "edit", str(theirs.pk), "mine"), 1)
    assert_one_line_error(run(*as_alice, "questions", "favourite", "9999"), 1)
    assert Question.objects.get(pk=theirs.pk).text != "mine"


def test_delete_and_undo(run, alice):
    q = questions.questions(alice).get(archetype="community")
    refused = run("questions", "delete", str(q.pk), stdin="n\n")
    assert refused.code == 1 and "not deleted" in refused.err
    assert q in questions.questions(alice)
    deleted = run("questions", "delete", str(q.pk), stdin="y\n")
    assert deleted.code == 0 and f"parting questions undo {q.pk}" in deleted.out
    assert run("questions", "undo").code == 0
    deleted = run("questions", "delete", str(q.pk), "--yes")
    assert deleted.code == 0, deleted.err
    assert f"#{q.pk} " not in run("questions", "list").out
    assert run("questions", "undo").code == 0
    assert f"#{q.pk} " in run("questions", "list").out
    assert_one_line_error(run("questions", "undo"), 1)


def test_profile_show_and_set(run, alice):
    result = run(
        *("profile", "--phone", "(415) 555-0100", "--skills", "route planning"),
        *("--timezone", "Europe/Paris", "--roles", "analyst", "--region", "us", "--json"),
    )
    assert result.code == 0, result.err
    data = result.json()
    assert data["phone"] == "+14155550100" and data["timezone"] == "Europe/Paris"
    assert data["phone_region"] == "US" and data["target_roles"] == "analyst"
    shown = run("profile")
    assert "Time zone: Europe/Paris" in shown.out and "+1 415-555-0100" in shown.out


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--timezone", "Mars/Base"], "time zone"),
        (["--phone", "12"], "phone"),
        (["--region", "ZZ"], "region"),
    ],
)
def test_profile_bad_input_changes_nothing(run, alice, args, field):
    result = run("profile", "--name", "Changed", *args)
    assert_one_line_error(result, 2)
    assert field in result.err
    assert get_profile(alice).name == "Alice Archer"


def test_script_prints_favourites_and_number_in_80_columns(run, alice):
    run("profile", "--phone", "+14155550100")
    result = run("script")
    assert result.code == 0 and result.fits()
    assert result.lines[0] == "OPENING"
    assert "PARTING QUESTIONS" in result.out and "+1 415-555-0100" in result.out
    for q in questions.favourites(alice):
        assert q.text.split()[0] in result.out
    sections = [s["section"] for s in run("script", "--json").json()]
    assert sections == [
        "opening",
        "pitch",
        "questions",
        "permission_line",
        "number_line",
        "closing",
    ]


def _lead(user, permission):
    convo = f.rejection(user, f.contact(user, "Rita Recruiter"))
    ask = calls.record_ask(user, convo, None, "gave_lead", [f.lead(permission=permission)]).ask
    return ask.leads.get()


def test_r4_intro_names_the_referrer_only_with_permission(run, alice):
    lead = _lead(alice, Permission.DECLINED)
    hidden = run("intro", str(lead.pk), "--json").json()
    assert not hidden["names_referrer"]
    assert "Rita" not in hidden["opener"] + hidden["subject"] + hidden["body"] + hidden["linkedin"]
    run("lead", "set", str(lead.pk), "--permission", "granted")
    shown = run("intro", "Lena Lead")
    assert shown.code == 0 and shown.fits()
    assert "Rita Recruiter suggested" in shown.flat


def test_intro_prints_a_linkedin_message_without_a_subject(run, alice):
    _lead(alice, Permission.GRANTED)
    result = run("intro", "Lena Lead")
    assert result.code == 0 and result.fits()
    short = result.out.split("LINKEDIN MESSAGE (no subject)\n", 1)[1]
    assert short.startswith("  Hi Lena, Rita Recruiter suggested I get in touch with you.")
    assert "Subject" not in short


def test_intro_of_unknown_lead_exits_1(run, alice):
    assert_one_line_error(run("intro", "Nobody"), 1)
