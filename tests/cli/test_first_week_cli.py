"""`parting first-week` and `parting stats --change`: the first week from the terminal, with
progress from what was really done."""

from __future__ import annotations

import pytest

from parting.core.domain import drill, question_bank, questions
from parting.core.models import Profile
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db


def test_a_new_seeker_sees_six_steps_and_how_to_do_the_first(run, alice):
    result = run("first-week")
    assert result.code == 0, result.err
    assert result.lines[0] == "Your first week: 0 of 6 done"
    assert "  [ ] 1. Your questions, in your words" in result.lines
    assert "Next: Your questions, in your words" in result.out
    assert "parting questions edit ID TEXT" in result.out
    assert result.fits()


def test_progress_follows_real_actions(run, alice):
    for question in questions.questions(alice):
        run("questions", "edit", str(question.pk), f"My words #{question.pk}, {{name}}?")
    for question in questions.favourites(alice):
        drill.grade(alice, question, "good")
    data = run("first-week", "--json").json()
    assert data["done"] == 2 and data["steps_total"] == 6
    assert [s["done"] for s in data["steps"]] == [True, True, False, False, False, False]
    assert data["next"] == "script"
    assert "  [x] 2. Two favourites, practised" in run("first-week").lines


def test_the_weekly_change_completes_step_6(run, alice):
    saved = run("stats", "--change", "Call in the morning")
    assert saved.code == 0, saved.err
    assert "Saved: one thing to change next week: Call in the morning" in saved.out
    assert run("first-week", "--json").json()["steps"][5]["done"] is True


def test_an_empty_change_is_one_line_and_changes_nothing(run, alice):
    result = run("stats", "--change", "  ")
    assert_one_line_error(result, 2)
    assert "write one thing to change next week" in result.err
    assert Profile.objects.get(owner=alice).week_change == ""


def test_dismiss_and_resume(run, alice):
    dismissed = run("first-week", "dismiss")
    assert "parting first-week resume brings it back" in dismissed.out
    assert Profile.objects.get(owner=alice).first_week_dismissed_at is not None
    assert run("first-week", "resume", "--json").json()["dismissed"] is False


def test_an_unknown_action_is_bad_usage(run, alice):
    result = run("first-week", "skip")
    assert result.code == 2 and "unknown action 'skip' (one of dismiss, resume)" in result.err
    assert Profile.objects.get(owner=alice).first_week_dismissed_at is None


def test_each_seeker_sees_their_own_week_r9(run, alice, bob):
    for question in questions.questions(bob):
        question_bank.edit_question(bob, question, "Bob's own words")
    mine = run("first-week", "--json", "--user", alice.email).json()
    assert mine["steps"][0]["done"] is False
