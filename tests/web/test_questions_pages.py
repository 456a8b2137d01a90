"""The questions page: grouped bank, add/edit with errors, R7 swap, reorder, delete and undo,
live preview, yield, and R9."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parting.core.domain import calls, questions
from parting.core.models import Question
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_page_groups_by_archetype_and_marks_favourites(alice_client, alice):
    page = alice_client.get(reverse("questions")).content.decode()
    for label in ("Someone else here", "Divisions and sister companies", "Custom"):
        assert label in page
    assert page.count("★ favourite") == 2
    assert "No custom question. Add one below." in page


def test_add_with_an_unknown_slot_is_a_field_error_keeping_the_text(alice_client, alice):
    before = Question.objects.count()
    response = alice_client.post(
        reverse("question_add"), {"text": "Anyone at {compnay}?", "archetype": "custom"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Unknown slot {compnay}, did you mean {company}?" in page
    assert "Anyone at {compnay}?</textarea>" in page
    assert Question.objects.count() == before


@pytest.mark.parametrize(
    ("data", "error"),
    [({"text": "", "archetype": "custom"}, "empty"), ({"text": "Hi?", "archetype": "x"}, "x")],
)
def test_add_refuses_empty_text_and_unknown_archetype(alice_client, data, error):
    before = Question.objects.count()
    response = alice_client.post(reverse("question_add"), data)
    assert response.status_code == 400 and error in response.content.decode()
    assert Question.objects.count() == before


def test_add_and_edit_in_own_words(alice_client, alice):
    response = alice_client.post(
        reverse("question_add"), {"text": "Who else at {company}?", "archetype": "custom"}
    )
    assert response.status_code == 302
    q = Question.objects.get(owner=alice, archetype="custom")
    response = alice_client.post(
        reverse("question_edit", args=[q.pk]),
        {"text": "Anyone <b>else</b>?", "archetype": "custom"},
    )
    assert response.status_code == 302
    page = alice_client.get(reverse("questions")).content.decode()
    assert "Anyone &lt;b&gt;else&lt;/b&gt;?" in page and "<b>else</b>" not in page


def test_r7_third_favourite_offers_to_replace_one(alice_client, alice):
    current = questions.favourites(alice)
    other = questions.questions(alice).filter(favourite=False).first()
    response = alice_client.post(reverse("question_favourite", args=[other.pk]), {"favourite": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Replace this one") == 2
    for q in current:
        assert f'name="replace" value="{q.pk}"' in page
    assert not Question.objects.get(pk=other.pk).favourite
    alice_client.post(reverse("question_swap", args=[other.pk]), {"replace": current[0].pk})
    assert {q.pk for q in questions.favourites(alice)} == {current[1].pk, other.pk}


def test_unfavourite(alice_client, alice):
    first = questions.favourites(alice)[0]
    alice_client.post(reverse("question_favourite", args=[first.pk]), {"favourite": "0"})
    assert len(questions.favourites(alice)) == 1


def test_move_up(alice_client, alice):
    first, second, *_ = questions.questions(alice)
    alice_client.post(reverse("question_move", args=[second.pk]), {"direction": "up"})
    assert list(questions.questions(alice))[:2] == [second, first]


def test_delete_then_undo(alice_client, alice):
    q = questions.questions(alice).get(archetype="community")
    confirm = alice_client.get(reverse("question_delete", args=[q.pk])).content.decode()
    assert "Delete this question?" in confirm and q.text in confirm
    assert q in questions.questions(alice)  # asking is not deleting
    response = alice_client.post(reverse("question_delete", args=[q.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"?deleted={q.pk}")
    page = alice_client.get(response["Location"]).content.decode()
    assert "Undo" in page and reverse("question_undo", args=[q.pk]) in page
    assert f'id="question-{q.pk}"' not in page
    alice_client.post(reverse("question_undo", args=[q.pk]))
    assert q in questions.questions(alice)


def test_deleted_question_is_not_offered_on_the_call_page(alice_client, alice):
    favourite = questions.favourites(alice)[0]
    alice_client.post(reverse("question_delete", args=[favourite.pk]))
    convo = f.rejection(alice)
    page = alice_client.get(reverse("call") + f"?conversation={convo.pk}").content.decode()
    assert f'value="{favourite.pk}"' not in page


def test_preview_fills_slots_or_explains_the_error(alice_client, alice):
    profile = alice.parting_profile
    profile.skills = "route planning"
    profile.save()
    url = reverse("question_preview")
    ok = alice_client.get(url, {"text": "Need {skills} at {company}?"}, HTTP_HX_REQUEST="true")
    assert "Need route planning at Acme?" in ok.content.decode()
    bad = alice_client.get(url, {"text": "At {compnay}?"}, HTTP_HX_REQUEST="true")
    assert "did you mean {company}?" in bad.content.decode()


def test_yield_per_question_and_archetype_and_ask_rate(alice_client, alice):
    q = questions.resolve_question(alice, "same_company")
    calls.record_ask(alice, f.rejection(alice), q, "gave_lead", [f.lead(), f.lead("Max Mole")])
    f.rejection(alice, f.contact(alice, "Ben Boss"))
    page = alice_client.get(reverse("questions")).content.decode()
    assert "Asked 1 time · 2 leads · 2.00 leads per ask" in page
    assert "1 ask · 2 leads · 2.00 per ask" in page
    assert "1 of 2</span> rejections got a parting question" in page


def test_r9_charlie_gets_404_on_alices_questions(charlie_client, alice):
    from parting.core.domain import question_bank

    q = question_bank.add_question(alice, "Alice's own secret wording?", "custom")
    for name in ("question_edit", "question_delete"):
        assert charlie_client.get(reverse(name, args=[q.pk])).status_code == 404
    for name in (
        "question_edit",
        "question_move",
        "question_delete",
        "question_undo",
        "question_favourite",
        "question_swap",
    ):
        assert charlie_client.post(reverse(name, args=[q.pk]), {"text": "x"}).status_code == 404
    page = charlie_client.get(reverse("questions")).content.decode()
    assert "secret wording" not in page
    assert Question.objects.get(pk=q.pk).deleted_at is None
    assert Question.objects.get(pk=q.pk).text == "Alice's own secret wording?"


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("questions")).status_code == 200
    return len(ctx)


def test_page_runs_a_bounded_number_of_queries(alice_client, alice):
    from parting.core.domain import question_bank

    for i in range(10):
        question_bank.add_question(alice, f"Question {i}?", "custom")
    _queries(alice_client)  # the menu's counts are remembered from the first page on
    few = _queries(alice_client)
    for i in range(190):
        question_bank.add_question(alice, f"More {i}?", "niche_peer")
    _queries(alice_client)  # questions are stamped rows: the menu's count is made once more
    assert _queries(alice_client) == few


def test_login_required(client):
    response = client.get(reverse("questions"))
    assert response.status_code == 302 and "/login/" in response["Location"]
