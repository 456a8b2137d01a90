"""`parting drill`: keyboard-only practice through a pipe; `--due` lists what is due."""

from __future__ import annotations

import pytest

from parting.core.domain import drill, questions
from parting.core.models import DrillCard

pytestmark = pytest.mark.django_db


def test_due_lists_every_new_question(run, alice, frozen):
    result = run("drill", "--due")
    assert result.code == 0, result.err
    assert result.lines[0] == "4 questions due for practice."
    assert result.fits()
    data = run("drill", "--due", "--json").json()
    assert len(data) == 4 and {"question_id", "archetype", "text", "due"} <= set(data[0])


def test_drill_shows_the_cue_compares_and_schedules(run, alice, frozen):
    first = drill.due(alice)[0].question
    typed = "Is anyone else here at the company hiring?"
    result = run("drill", stdin=f"{typed}\n3\nq\n")
    assert result.code == 0, result.err
    assert drill.cue(first).split(".")[0] in result.flat
    assert "Your wording:" in result.out and "similarity" in result.out
    assert "[-" in result.out  # words of their own wording they missed
    assert "Practised 1 of 4." in result.out
    card = DrillCard.objects.get(question=first)
    assert card.reviews == 1 and card.due > drill.clock.now()
    assert "3 questions due" in run("drill", "--due").out


def test_a_wrong_grade_asks_again_and_end_of_input_stops(run, alice, frozen):
    result = run("drill", stdin="something\nperfect\n")
    assert result.code == 0, result.err
    assert "Type one of: 1 again" in result.out
    assert DrillCard.objects.filter(reviews__gt=0).count() == 0


def test_nothing_due_says_when_next(run, alice, frozen):
    for q in questions.questions(alice):
        drill.grade(alice, q, "easy")
    result = run("drill")
    assert result.code == 0 and result.out.startswith("Nothing due for practice. Next practice:")
