"""Drill: spaced repetition with fsrs, and the comparison of recall with own wording."""

import datetime as dt

import pytest
from fsrs import Card, Rating, Scheduler

from parting.core.domain import drill, question_bank, questions
from parting.core.domain.errors import Invalid, NotFound
from parting.core.models import DrillCard
from tests.conftest import FROZEN

pytestmark = pytest.mark.django_db


def _interval(card: DrillCard, at: dt.datetime) -> dt.timedelta:
    return card.due - at


def test_every_live_question_starts_due(alice, frozen):
    assert drill.due_count(alice) == 4
    assert [c.question for c in drill.due(alice)][:2] == questions.favourites(alice)


def test_grading_schedules_exactly_as_fsrs_does(alice, frozen):
    question = questions.favourites(alice)[0]
    graded = drill.grade(alice, question, "good", FROZEN)
    expected, _ = Scheduler(enable_fuzzing=False).review_card(Card(due=FROZEN), Rating.Good, FROZEN)
    assert graded.due == expected.due
    assert graded.reviews == 1
    assert Card.from_dict(graded.card).stability == expected.stability


def test_interval_grows_after_good_and_shrinks_after_again(alice, frozen):
    question = questions.favourites(alice)[0]
    at = FROZEN
    intervals = []
    for _ in range(4):  # past the learning steps, into review
        card = drill.grade(alice, question, Rating.Good, at)
        intervals.append(_interval(card, at))
        at = card.due
    assert intervals[-1] > intervals[-2] > dt.timedelta(0)
    card = drill.grade(alice, question, "again", at)
    assert _interval(card, at) < intervals[-1]
    assert _interval(card, at) <= dt.timedelta(minutes=10)


def test_graded_question_is_no_longer_due(alice, frozen):
    question = questions.favourites(alice)[0]
    drill.grade(alice, question, "easy", FROZEN)
    assert question not in [c.question for c in drill.due(alice, FROZEN)]
    assert drill.due_count(alice, FROZEN) == 3


def test_deleted_questions_are_not_drilled(alice, frozen):
    question = questions.favourites(alice)[0]
    drill.sync_cards(alice)
    question_bank.delete_question(alice, question)
    assert question.pk not in [c.question_id for c in drill.due(alice)]
    assert drill.due_count(alice) == 3


def test_r9_grading_another_users_question_is_not_found(alice, bob, frozen):
    with pytest.raises(NotFound):
        drill.grade(alice, questions.favourites(bob)[0], "good")
    assert not DrillCard.objects.filter(reviews__gt=0).exists()


def test_bad_grade_is_refused(alice, frozen):
    with pytest.raises(Invalid):
        drill.grade(alice, questions.favourites(alice)[0], "perfect")
    assert DrillCard.objects.filter(reviews__gt=0).count() == 0


def test_compare_marks_missed_and_added_words():
    result = drill.compare("Is anyone else here hiring?", "is anyone here hiring now")
    kinds = [(p.kind, p.text) for p in result.pieces]
    assert ("missing", "else") in kinds
    assert ("extra", "now") in kinds
    assert 60 < result.score < 100
    assert drill.compare("Same words.", "same words").score == 100
    assert drill.compare("Same words.", "").score == 0


def test_every_archetype_has_a_situation_as_cue(alice):
    for q in questions.questions(alice):
        assert len(drill.cue(q)) > 20
