"""The question bank: own words, slots, reorder, delete with undo, R7 swaps."""

import pytest

from parting.core.domain import question_bank, questions
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.questions import TooManyFavourites
from parting.core.models import Question
from tests import factories

pytestmark = pytest.mark.django_db


def test_add_puts_the_question_last_in_the_bank(alice):
    added = question_bank.add_question(alice, "  Who else  at {company}? ", "custom")
    assert added.text == "Who else at {company}?"
    assert list(questions.questions(alice))[-1] == added


@pytest.mark.parametrize(
    ("text", "archetype", "message"),
    [
        ("", "custom", "empty"),
        ("   ", "custom", "empty"),
        ("Who at {compnay}?", "custom", "unknown slot {compnay}, did you mean {company}?"),
        ("Who at {xyzzy}?", "custom", "unknown slot {xyzzy}"),
        ("Who else?", "sideways", "unknown archetype 'sideways'"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(alice, text, archetype, message):
    before = Question.all_objects.for_user(alice).count()
    with pytest.raises(Invalid) as err:
        question_bank.add_question(alice, text, archetype)
    assert message in err.value.message
    assert Question.all_objects.for_user(alice).count() == before


def test_edit_keeps_the_old_text_when_the_new_one_is_bad(alice):
    q = questions.questions(alice).first()
    old = q.text
    with pytest.raises(Invalid):
        question_bank.edit_question(alice, q, "At {nich}?")
    assert Question.objects.get(pk=q.pk).text == old
    question_bank.edit_question(alice, q, "In my words: anyone at {company}?")
    assert Question.objects.get(pk=q.pk).text == "In my words: anyone at {company}?"


def test_move_swaps_with_the_neighbour(alice):
    first, second, *_ = questions.questions(alice)
    question_bank.move_question(alice, second, "up")
    assert list(questions.questions(alice))[:2] == [second, first]
    last = list(questions.questions(alice))[-1]
    question_bank.move_question(alice, last, "down")  # already last: stays
    assert list(questions.questions(alice))[-1] == last


def test_deleted_question_vanishes_everywhere_until_undone(alice):
    favourite = questions.favourites(alice)[0]
    question_bank.delete_question(alice, favourite)
    assert favourite not in questions.questions(alice)
    assert favourite not in questions.favourites(alice)
    assert not Question.objects.filter(pk=favourite.pk).exists()
    with pytest.raises(NotFound):
        questions.resolve_question(alice, str(favourite.pk))
    with pytest.raises(NotFound):  # it was the only one of its archetype
        questions.resolve_question(alice, favourite.archetype)
    back = question_bank.undo_delete(alice)
    assert back.pk == favourite.pk and back in questions.questions(alice)
    assert not back.favourite  # undo does not risk a third favourite (R7)


def test_resolving_an_archetype_with_only_a_deleted_question_is_not_found(alice):
    only = questions.questions(alice).get(archetype="community")
    question_bank.delete_question(alice, only)
    with pytest.raises(NotFound):
        questions.resolve_question(alice, "community")


def test_r7_third_favourite_is_bad_input_and_names_both(alice):
    current = questions.favourites(alice)
    other = questions.questions(alice).filter(favourite=False).first()
    with pytest.raises(TooManyFavourites) as err:
        questions.set_favourite(alice, other)
    assert isinstance(err.value, Conflict) and err.value.exit_code == 2
    assert all(f"#{q.pk}" in err.value.message for q in current)


def test_r7_swap_replaces_the_chosen_favourite(alice):
    keep, replace = questions.favourites(alice)
    other = questions.questions(alice).filter(favourite=False).first()
    question_bank.swap_favourite(alice, other, replace)
    assert {q.pk for q in questions.favourites(alice)} == {keep.pk, other.pk}


def test_r9_cannot_touch_another_users_question(alice, bob):
    theirs = questions.questions(bob).first()
    for action in (
        lambda: question_bank.edit_question(alice, theirs, "mine now"),
        lambda: question_bank.delete_question(alice, theirs),
        lambda: question_bank.move_question(alice, theirs, "up"),
        lambda: question_bank.get_question(alice, theirs.pk),
    ):
        with pytest.raises(NotFound):
            action()


def test_preview_fills_profile_slots_and_samples_the_call(alice):
    factories.contact(alice)  # unrelated data must not leak into the preview
    profile = alice.parting_profile
    profile.skills, profile.niche = "route planning", "logistics"
    profile.save()
    text = question_bank.preview(alice, "At {company} in {niche}, for {skills}?")
    assert text == "At Acme in logistics, for route planning?"
