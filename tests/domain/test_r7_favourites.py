"""R7: at most two favourite questions."""

import pytest

from parting.core.domain import questions
from parting.core.domain.errors import Conflict, NotFound
from parting.core.models import Question

pytestmark = pytest.mark.django_db


def test_new_account_gets_one_default_question_per_archetype(alice):
    archetypes = list(questions.questions(alice).values_list("archetype", flat=True))
    assert archetypes == ["same_company", "sister_company", "niche_peer", "community"]
    assert len(questions.favourites(alice)) == 2


def test_r7_third_favourite_is_refused_naming_the_current_two(alice):
    current = questions.favourites(alice)
    other = questions.questions(alice).filter(favourite=False).first()
    with pytest.raises(Conflict) as err:
        questions.set_favourite(alice, other)
    for q in current:
        assert f"#{q.pk}" in err.value.message
    assert Question.objects.for_user(alice).filter(favourite=True).count() == 2


def test_r7_unfavourite_then_favourite_swaps(alice):
    first, second = questions.favourites(alice)
    other = questions.questions(alice).filter(favourite=False).first()
    questions.set_favourite(alice, first, favourite=False)
    questions.set_favourite(alice, other)
    assert {q.pk for q in questions.favourites(alice)} == {second.pk, other.pk}


def test_r9_cannot_favourite_another_users_question(alice, bob):
    theirs = questions.questions(bob).first()
    with pytest.raises(NotFound):
        questions.set_favourite(alice, theirs)


def test_question_resolves_by_archetype_preferring_the_favourite(alice):
    q = questions.resolve_question(alice, "niche_peer")
    assert q.archetype == "niche_peer" and q.favourite
