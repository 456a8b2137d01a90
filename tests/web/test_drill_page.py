"""The drill page: cue, recall, comparison, grade; the Today page counts what is due."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.domain import drill, question_bank, questions
from parting.core.models import DrillCard

pytestmark = pytest.mark.django_db


def test_page_shows_the_cue_not_the_question(alice_client, alice, frozen):
    first = drill.due(alice)[0].question
    page = alice_client.get(reverse("drill")).content.decode()
    assert drill.cue(first).split(".")[0] in page
    assert first.text not in page
    assert "4 due" in page


def test_check_shows_both_wordings_with_the_difference_escaped(alice_client, alice, frozen):
    q = question_bank.add_question(alice, "Who else is hiring here?", "custom")
    response = alice_client.post(
        reverse("drill_check"), {"question": q.pk, "typed": "Who else hiring now <b>!"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Who else is hiring here?" in page
    assert '<del title="missed">is</del>' in page
    assert '<ins title="added">now &lt;b&gt;!</ins>' in page and "<b>!" not in page
    assert "similarity" in page
    for grade in ("Again", "Hard", "Good", "Easy"):
        assert f">{grade}</button>" in page


def test_grade_schedules_and_moves_on(alice_client, alice, frozen):
    first = drill.due(alice)[0].question
    response = alice_client.post(reverse("drill_grade"), {"question": first.pk, "rating": "good"})
    assert response.status_code == 302
    assert DrillCard.objects.get(question=first).reviews == 1
    assert drill.due_count(alice) == 3


def test_today_shows_how_many_are_due_and_links_to_the_questions(alice_client, alice, frozen):
    # Practice shows once the seeker has a question in their own words.
    assert 'class="card practice"' not in alice_client.get(reverse("today")).content.decode()
    last = questions.questions(alice).last()
    question_bank.edit_question(alice, last, "Who else in town should I be talking to?")
    page = alice_client.get(reverse("today")).content.decode()
    practice = page.split('class="card practice"')[1]
    assert "4</span> questions due for practice" in practice
    assert reverse("drill") in practice and reverse("questions") in practice
    for q in questions.questions(alice):
        drill.grade(alice, q, "easy")
    page = alice_client.get(reverse("today")).content.decode()
    assert "No questions due for practice" in page


def test_r9_charlie_cannot_check_or_grade_alices_question(charlie_client, alice):
    q = questions.questions(alice).first()
    assert charlie_client.post(reverse("drill_check"), {"question": q.pk}).status_code == 404
    response = charlie_client.post(reverse("drill_grade"), {"question": q.pk, "rating": "good"})
    assert response.status_code == 404
    assert not DrillCard.objects.filter(question=q, reviews__gt=0).exists()
