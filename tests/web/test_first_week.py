"""The first week on the web: a card on Today for a new seeker, its page, putting it away and
back, and the weekly review's "one thing to change" that completes it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.domain import question_bank, questions
from parting.core.models import Profile

pytestmark = pytest.mark.django_db


def test_a_new_seeker_sees_the_first_week_on_today(alice_client):
    body = alice_client.get(reverse("today")).content.decode()
    assert "Your first week" in body and "0 of 6 done" in body
    # The next step is open, with its action; the later ones are titles only.
    assert "Your questions, in your words" in body
    assert f'href="{reverse("questions")}">Rewrite your questions</a>' in body
    assert "Look back at the week" in body and "Open the weekly review" not in body


def test_a_real_action_ticks_its_step(alice_client, alice):
    for question in questions.questions(alice):
        question_bank.edit_question(alice, question, "My own words, {name}?")
    body = alice_client.get(reverse("today")).content.decode()
    assert "1 of 6 done" in body
    assert f'href="{reverse("drill")}">Practise your favourites</a>' in body


def test_the_page_shows_all_six_steps_with_their_actions(alice_client):
    body = alice_client.get(reverse("first_week")).content.decode()
    for name in ("questions", "drill", "script", "call", "lead_board", "insights_week"):
        assert f'href="{reverse(name)}"' in body
    assert "stand up while you talk" in body


def test_put_away_and_back(alice_client, alice):
    response = alice_client.post(reverse("first_week_dismiss"), {"next": reverse("today")})
    assert response.status_code == 302 and response["Location"] == reverse("today")
    assert Profile.objects.get(owner=alice).first_week_dismissed_at is not None
    today = alice_client.get(reverse("today")).content.decode()
    assert "0 of 6 done" not in today and "The first week is put away" in today
    page = alice_client.get(reverse("first_week")).content.decode()
    assert "Show it on Today again" in page
    alice_client.post(reverse("first_week_resume"))
    assert "0 of 6 done" in alice_client.get(reverse("today")).content.decode()


def test_dismissing_is_a_post_only(alice_client, alice):
    answer = alice_client.get(reverse("first_week_dismiss"))
    assert (answer.status_code, answer["Location"]) == (302, reverse("first_week"))
    assert Profile.objects.get(owner=alice).first_week_dismissed_at is None


def test_the_weekly_review_takes_one_thing_to_change(alice_client, alice):
    page = alice_client.get(reverse("insights_week")).content.decode()
    assert "One thing to change next week" in page
    response = alice_client.post(reverse("week_change"), {"change": "Ask <b>earlier</b>"})
    assert response["Location"] == reverse("insights_week")
    page = alice_client.get(reverse("insights_week")).content.decode()
    assert "Saved: one thing to change next week." in page
    assert "Ask &lt;b&gt;earlier&lt;/b&gt;" in page
    assert Profile.objects.get(owner=alice).week_change == "Ask <b>earlier</b>"


def test_an_empty_change_is_refused_in_one_line(alice_client, alice):
    alice_client.post(reverse("week_change"), {"change": "  "})
    page = alice_client.get(reverse("insights_week")).content.decode()
    assert "Not saved: write one thing to change next week." in page
    assert Profile.objects.get(owner=alice).week_change == ""


def test_another_seekers_progress_is_not_shown_r9(alice_client, bob):
    for question in questions.questions(bob):
        question_bank.edit_question(bob, question, "Bob's own words")
    assert "0 of 6 done" in alice_client.get(reverse("today")).content.decode()
