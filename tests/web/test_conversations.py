"""Conversations in the web UI: logging a call, and a "no" leading to the parting question (R1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from parting.core.choices import Outcome, Response
from parting.core.domain import calls, questions
from parting.core.domain.profiles import get_profile
from parting.core.models import Conversation, Lead
from tests import factories as f

pytestmark = pytest.mark.django_db


def _form(contact, **changes):
    data = {
        "contact": contact.pk,
        "outcome": "advanced",
        "kind": "interview",
        "channel": "video",
        "at": "2026-03-03T15:30",
        "note": "",
    }
    return {**data, **changes}


def test_the_list_shows_only_own_conversations(alice_client, alice, bob, frozen):
    f.rejection(alice, f.contact(alice, "Rita Recruiter", company="Acme"))
    f.rejection(bob, f.contact(bob, "Bob's Recruiter", company="Bobco"))
    response = alice_client.get(reverse("conversation_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["nav"] == "conversations"
    for text in ("Rita Recruiter", "Acme", "Phone screen", "Phone", "Rejected", "4 Mar 2026"):
        assert text in content
    assert "Bobco" not in content


def test_the_list_filters_by_outcome(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita")
    no = f.rejection(alice, rita)
    calls.log_conversation(alice, rita, Outcome.ADVANCED)
    response = alice_client.get(reverse("conversation_list"), {"outcome": "rejected"})
    assert list(response.context["page"]) == [no]


def test_r1_the_list_links_a_rejection_without_an_ask_to_the_call_page(alice_client, alice, frozen):
    no = f.rejection(alice)
    asked = f.rejection(alice, f.contact(alice, "Asked Already"))
    calls.record_ask(alice, asked, None, "declined")
    advanced = calls.log_conversation(alice, f.contact(alice, "Went Well"), Outcome.ADVANCED)
    response = alice_client.get(reverse("conversation_list"))
    assert f"{reverse('call')}?conversation={no.pk}".encode() in response.content
    for other in (asked, advanced):
        assert f"{reverse('call')}?conversation={other.pk}".encode() not in response.content


def test_it_logs_a_conversation(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita", company="Acme")
    response = alice_client.post(
        reverse("conversation_create"), _form(rita, opening="Engineer", note="Went well")
    )
    convo = Conversation.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == convo.get_absolute_url()
    assert (convo.contact, convo.outcome, convo.kind, convo.channel) == (
        rita,
        "advanced",
        "interview",
        "video",
    )
    assert convo.at == dt.datetime(2026, 3, 3, 15, 30, tzinfo=dt.UTC)
    assert convo.company == rita.company
    assert (convo.opening.title, convo.opening.stage) == ("Engineer", "interviewing")
    assert convo.note == "Went well"


def test_r1_a_rejection_goes_straight_to_the_parting_question(alice_client, alice, frozen):
    rita = f.contact(alice)
    response = alice_client.post(reverse("conversation_create"), _form(rita, outcome="rejected"))
    convo = Conversation.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('call')}?conversation={convo.pk}"


def test_the_time_is_read_in_the_seekers_time_zone(alice_client, alice, frozen):
    profile = get_profile(alice)
    profile.timezone = "Europe/Berlin"
    profile.save()
    alice_client.post(
        reverse("conversation_create"), _form(f.contact(alice), at="2026-03-03T09:30")
    )
    assert Conversation.objects.get().at == dt.datetime(2026, 3, 3, 8, 30, tzinfo=dt.UTC)


def test_the_form_preselects_the_contact_and_defaults_to_now(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita")
    f.contact(alice, "Sam")
    response = alice_client.get(reverse("conversation_create"), {"contact": rita.pk})
    assert response.status_code == 200
    assert f'<option value="{rita.pk}" selected>Rita (Acme)</option>'.encode() in response.content
    assert b'value="2026-03-04T10:00"' in response.content


def test_a_missing_outcome_is_a_400_that_keeps_what_was_typed(alice_client, alice, frozen):
    rita = f.contact(alice)
    response = alice_client.post(
        reverse("conversation_create"), _form(rita, outcome="", note="Typed note")
    )
    assert response.status_code == 400
    assert "outcome" in response.context["form"].errors
    assert b"Typed note" in response.content
    assert not Conversation.objects.exists()


def test_an_opening_without_a_company_is_refused(alice_client, alice, frozen):
    loner = f.contact(alice, "Loner", company="")
    response = alice_client.post(reverse("conversation_create"), _form(loner, opening="Engineer"))
    assert response.status_code == 400
    assert "needs a company" in str(response.context["form"].errors["company"])
    assert not Conversation.objects.exists()


def test_r1_the_detail_offers_the_parting_question_until_it_is_asked(alice_client, alice, frozen):
    no = f.rejection(alice, note="Went with an internal hire")
    ask_link = f"{reverse('call')}?conversation={no.pk}".encode()
    before = alice_client.get(no.get_absolute_url())
    assert before.status_code == 200
    assert ask_link in before.content
    assert b"Went with an internal hire" in before.content
    question = questions.resolve_question(alice, "same_company")
    calls.record_ask(alice, no, question, Response.GAVE_LEAD, [f.lead("Lena Lead")])
    after = alice_client.get(no.get_absolute_url())
    assert ask_link not in after.content
    assert b"Lena Lead" in after.content
    assert escape(question.text).encode() in after.content


def test_it_edits_a_conversation(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita")
    convo = calls.log_conversation(alice, rita, Outcome.UNDECIDED)
    form_page = alice_client.get(reverse("conversation_edit", args=[convo.pk]))
    assert b'value="2026-03-04T10:00"' in form_page.content
    response = alice_client.post(
        reverse("conversation_edit", args=[convo.pk]), _form(rita, outcome="offer", note="Yes!")
    )
    assert response.status_code == 302
    convo.refresh_from_db()
    assert (convo.outcome, convo.note, convo.kind) == ("offer", "Yes!", "interview")


def test_delete_needs_confirmation_then_post(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita")
    no = f.rejection(alice, rita)
    calls.record_ask(
        alice, no, None, Response.GAVE_LEAD, [f.lead("Lena"), f.lead("Max")]
    )  # R3: one thank-you, two contact-leads
    confirm = alice_client.get(reverse("conversation_delete", args=[no.pk]))
    assert confirm.status_code == 200
    assert b"1 ask" in confirm.content and b"3 follow-ups" in confirm.content
    assert Conversation.objects.filter(pk=no.pk).exists()
    response = alice_client.post(reverse("conversation_delete", args=[no.pk]))
    assert response["Location"] == reverse("conversation_list")
    assert not Conversation.objects.filter(pk=no.pk).exists()
    assert Lead.objects.filter(referrer=rita).count() == 2


@pytest.mark.parametrize(
    "name", ["conversation_detail", "conversation_edit", "conversation_delete"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_validates_ownership(charlie_client, alice, name, method, frozen):
    rita = f.contact(alice, "Rita")
    no = f.rejection(alice, rita)
    response = getattr(charlie_client, method)(reverse(name, args=[no.pk]), _form(rita))
    assert response.status_code == 404
    assert Conversation.objects.filter(pk=no.pk, outcome="rejected").exists()


def test_charlie_cannot_log_a_call_with_alices_contact(charlie_client, alice, frozen):
    rita = f.contact(alice, "Rita")
    acme = rita.company
    response = charlie_client.post(reverse("conversation_create"), _form(rita, company=acme.pk))
    assert response.status_code == 400
    assert {"contact", "company"} <= set(response.context["form"].errors)
    assert not Conversation.objects.exists()


def test_user_text_is_escaped(alice_client, alice, frozen):
    who = f.contact(alice, "<script>alert(1)</script>")
    no = f.rejection(alice, who, note="<img src=x>")
    for url in (reverse("conversation_list"), no.get_absolute_url()):
        content = alice_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<img src=x>" not in content


def test_preselecting_someone_elses_contact_shows_nothing_of_theirs(charlie_client, alice):
    rita = f.contact(alice, "Rita Recruiter")
    response = charlie_client.get(reverse("conversation_create"), {"contact": rita.pk})
    assert response.status_code == 200
    assert b"Rita Recruiter" not in response.content
