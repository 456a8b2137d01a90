"""The call page: log the call, and on a rejection the one-more-question panel (R1, R2, R3, R5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from parting.core.choices import FollowUpKind, Outcome, Response
from parting.core.domain import calls, questions
from parting.core.models import Ask, Contact, Conversation, FollowUp, Lead
from tests import factories as f

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


@pytest.fixture
def convo(alice, rita, frozen):
    return f.rejection(alice, rita)


def ask_url(conversation):
    return reverse("call_ask", args=[conversation.pk])


def lead_fields(index, name, company="", note="", permission="not_asked", thanked=False):
    data = {
        f"lead-{index}-name": name,
        f"lead-{index}-company": company,
        f"lead-{index}-note": note,
        f"lead-{index}-permission": permission,
    }
    if thanked:
        data[f"lead-{index}-thanked"] = "on"
    return data


def log_data(contact, outcome="rejected", **extra):
    return {
        "contact": contact.pk,
        "kind": "phone_screen",
        "channel": "phone",
        "outcome": outcome,
        **extra,
    }


# -- picking the contact and logging -------------------------------------------


def test_it_shows_the_picker_with_recent_contacts(alice_client, rita):
    response = alice_client.get(reverse("call"))
    assert response.status_code == 200
    assert b"Who are you talking to?" in response.content
    assert b"Rita Recruiter" in response.content


def test_it_searches_contacts_live(alice_client, alice, rita):
    f.contact(alice, "Sam Stranger", "Hooli")
    response = alice_client.get(reverse("call_contacts"), {"q": "hool"}, **HX)
    assert b"Sam Stranger" in response.content
    assert b"Rita" not in response.content
    assert b"<html" not in response.content


def test_it_fills_the_favourite_questions_with_the_company(alice_client, rita):
    response = alice_client.get(reverse("call"), {"contact": rita.pk})
    assert response.status_code == 200
    assert b"anyone else here at Acme" in response.content
    assert b"{niche}" in response.content  # unknown slots stay as typed


def test_slots_use_the_company_industry_and_the_profile(alice, rita):
    rita.company.industry = "fintech"
    rita.company.save()
    slots = questions.slots_for(alice, rita)
    assert questions.fill_slots("{company} in {niche}, {unknown}", slots) == (
        "Acme in fintech, {unknown}"
    )


def test_it_creates_a_contact_inline_and_is_ready_to_log(alice_client, alice):
    response = alice_client.post(
        reverse("call_contact_new"), {"new-name": "Nora New", "new-company": "Initech"}, **HX
    )
    assert response.status_code == 200
    nora = Contact.objects.for_user(alice).get(name="Nora New")
    assert nora.company.name == "Initech"
    assert b"Call with Nora New" in response.content
    assert response["HX-Push-Url"] == f"{reverse('call')}?contact={nora.pk}"


def test_inline_contact_needs_a_name(alice_client, alice):
    response = alice_client.post(reverse("call_contact_new"), {"new-name": " "}, **HX)
    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_r1_rejected_turns_the_page_to_one_more_question(alice_client, rita, frozen):
    response = alice_client.post(reverse("call_log"), log_data(rita, note="nice chat"), **HX)
    assert response.status_code == 200
    assert b"panel-one-more" in response.content
    assert b"One more question" in response.content
    convo = Conversation.objects.get()
    assert convo.outcome == Outcome.REJECTED and convo.note == "nice chat"
    assert response["HX-Push-Url"] == f"{reverse('call')}?conversation={convo.pk}"


def test_r1_without_javascript_a_rejection_redirects_to_the_ask_panel(alice_client, rita, frozen):
    response = alice_client.post(reverse("call_log"), log_data(rita), follow=True)
    convo = Conversation.objects.get()
    assert response.redirect_chain[-1][0] == f"{reverse('call')}?conversation={convo.pk}"
    assert b"panel-one-more" in response.content
    assert b"<html" in response.content


def test_r1_other_outcomes_show_a_short_logged_summary(alice_client, rita, frozen):
    response = alice_client.post(reverse("call_log"), log_data(rita, "advanced"), **HX)
    assert response.status_code == 200
    assert b"panel-one-more" not in response.content
    assert b"Call logged" in response.content


def test_logging_without_an_outcome_is_an_error_and_saves_nothing(alice_client, rita):
    response = alice_client.post(reverse("call_log"), log_data(rita, ""), **HX)
    assert response.status_code == 400
    assert b"Tap how the call ended" in response.content
    assert not Conversation.objects.exists()


def test_logging_an_unknown_outcome_is_an_error(alice_client, rita):
    response = alice_client.post(reverse("call_log"), log_data(rita, "ghosted"))
    assert response.status_code == 400
    assert b"<html" in response.content
    assert not Conversation.objects.exists()


# -- the parting question ------------------------------------------------------


def test_r2_gave_lead_with_two_leads_records_both_with_the_contact_as_referrer(
    alice_client, alice, rita, convo
):
    question = questions.favourites(alice)[0]
    data = {
        "question": question.pk,
        "response": "gave_lead",
        **lead_fields(0, "Lena Lead", "Globex", "Hiring in Q2", "granted"),
        **lead_fields(1, "Max Mole", "Initech", thanked=True),
    }
    response = alice_client.post(ask_url(convo), data, **HX)
    assert response.status_code == 200
    assert b"2 leads captured" in response.content
    ask = Ask.objects.get()
    assert ask.response == Response.GAVE_LEAD and ask.question == question
    made = {lead.name: lead for lead in Lead.objects.all()}
    assert set(made) == {"Lena Lead", "Max Mole"}
    assert {lead.referrer_id for lead in made.values()} == {rita.pk}
    assert made["Lena Lead"].permission == "granted"
    assert made["Lena Lead"].note == "Hiring in Q2"
    assert made["Max Mole"].thanked_at is not None


def test_r3_the_summary_lists_the_follow_ups_just_created(alice_client, rita, convo):
    data = {
        "response": "gave_lead",
        **lead_fields(0, "Lena Lead", "Globex"),
        **lead_fields(1, "Max Mole", "Initech", thanked=True),
    }
    response = alice_client.post(ask_url(convo), data, **HX)
    kinds = sorted(FollowUp.objects.values_list("kind", flat=True))
    # Lena: thank + contact; Max was thanked on the call: contact only.
    assert kinds == sorted(
        [FollowUpKind.THANK_REFERRER, FollowUpKind.CONTACT_LEAD, FollowUpKind.CONTACT_LEAD]
    )
    thank = FollowUp.objects.get(kind=FollowUpKind.THANK_REFERRER)
    assert thank.due_on == dt.date(2026, 3, 5)
    assert b"Thank Rita Recruiter for suggesting Lena Lead" in response.content
    assert b"Thu 5 Mar" in response.content


def test_r5_left_number_confirms_the_check_back(alice_client, rita, convo):
    response = alice_client.post(ask_url(convo), {"response": "left_number"}, **HX)
    assert response.status_code == 200
    rita.refresh_from_db()
    assert rita.holds_my_number
    check = FollowUp.objects.get(kind=FollowUpKind.CHECK_BACK)
    assert check.due_on == dt.date(2026, 3, 18)
    assert b"check back on" in response.content
    assert b"Wednesday 18 March" in response.content


def test_left_number_ignores_lead_entries_left_blank(alice_client, convo):
    data = {"response": "left_number", **lead_fields(0, "")}
    response = alice_client.post(ask_url(convo), data)
    assert response.status_code == 302
    assert not Lead.objects.exists()


def test_r2_gave_lead_without_a_name_is_an_error_and_saves_nothing(alice_client, convo):
    data = {"response": "gave_lead", **lead_fields(0, "", note="someone in sales")}
    response = alice_client.post(ask_url(convo), data, **HX)
    assert response.status_code == 400
    assert b"panel-one-more" in response.content
    assert b"Give the lead&#x27;s name" in response.content
    assert b"someone in sales" in response.content  # what was typed is kept
    assert not Ask.objects.exists() and not Lead.objects.exists()


def test_r2_gave_lead_with_no_entries_is_an_error(alice_client, convo):
    response = alice_client.post(ask_url(convo), {"response": "gave_lead"})
    assert response.status_code == 400
    assert b"<html" in response.content
    assert b"Who did they suggest?" in response.content
    assert not Ask.objects.exists()


def test_one_bad_lead_among_good_ones_saves_nothing(alice_client, convo):
    data = {
        "response": "gave_lead",
        **lead_fields(0, "Lena Lead", "Globex"),
        **lead_fields(1, "", note="and someone else"),
    }
    response = alice_client.post(ask_url(convo), data, **HX)
    assert response.status_code == 400
    assert b"Lena Lead" in response.content
    assert not Lead.objects.exists() and not FollowUp.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [{"response": "maybe"}, {"response": "declined", "question": "99999"}],
    ids=["unknown response", "unknown question"],
)
def test_unknown_values_are_errors(alice_client, convo, bad):
    response = alice_client.post(ask_url(convo), bad, **HX)
    assert response.status_code == 400
    assert not Ask.objects.exists()


def test_add_another_lead_returns_the_next_entry(alice_client):
    response = alice_client.get(reverse("call_lead_entry"), {"index": "2"}, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="lead-2-name"' in body
    assert "Lead 3" in body
    assert 'hx-swap-oob="true"' in body and "index=3" in body


def test_add_another_lead_without_javascript_keeps_what_was_typed(alice_client, convo):
    data = {"response": "gave_lead", "action": "add_lead", **lead_fields(0, "Lena Lead")}
    response = alice_client.post(ask_url(convo), data)
    assert response.status_code == 200
    assert b'value="Lena Lead"' in response.content
    assert b'name="lead-1-name"' in response.content
    assert not Lead.objects.exists()


def test_the_question_list_puts_favourites_first(alice_client, alice, convo):
    response = alice_client.get(f"{reverse('call')}?conversation={convo.pk}")
    body = response.content.decode()
    favourite = questions.favourites(alice)[-1]
    other = questions.questions(alice).filter(favourite=False).first()
    assert body.index(f'value="{favourite.pk}"') < body.index(f'value="{other.pk}"')


def test_the_conversation_link_opens_the_ask_panel(alice_client, convo):
    response = alice_client.get(reverse("call"), {"conversation": convo.pk})
    assert response.status_code == 200
    assert b"panel-one-more" in response.content
    assert b"<html" in response.content


def test_after_the_ask_the_conversation_no_longer_needs_one(alice_client, convo):
    alice_client.post(ask_url(convo), {"response": "declined"})
    assert not calls.needs_ask(convo)
    response = alice_client.get(reverse("call_summary", args=[convo.pk]))
    assert b"Parting question recorded" in response.content


# -- fragments versus pages ----------------------------------------------------


@pytest.mark.parametrize("url_name", ["call", "call_summary", "call_ask"])
def test_htmx_gets_a_fragment_and_a_browser_a_page(alice_client, convo, url_name):
    if url_name == "call":
        url = f"{reverse('call')}?conversation={convo.pk}"
    else:
        url = reverse(url_name, args=[convo.pk])
    fragment = alice_client.get(url, **HX)
    page = alice_client.get(url)
    assert b"<html" not in fragment.content
    assert b"<html" in page.content
    assert "HX-Request" in page["Vary"]


def test_a_history_restore_gets_the_whole_page(alice_client, convo):
    url = f"{reverse('call')}?conversation={convo.pk}"
    response = alice_client.get(url, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX)
    assert b"<html" in response.content


def test_error_fragments_have_no_page_around_them(alice_client, convo):
    response = alice_client.post(ask_url(convo), {"response": "gave_lead"}, **HX)
    assert response.status_code == 400
    assert b"<html" not in response.content


# -- R9: charlie sees none of alice's ------------------------------------------


def test_r9_charlie_gets_404_on_alices_conversation(alice, charlie, convo, rita):
    client = Client()
    client.force_login(charlie)
    assert client.get(reverse("call"), {"conversation": convo.pk}).status_code == 404
    assert client.get(reverse("call"), {"contact": rita.pk}).status_code == 404
    assert client.get(ask_url(convo)).status_code == 404
    assert client.get(reverse("call_summary", args=[convo.pk])).status_code == 404


def test_r9_charlie_cannot_post_an_ask_to_alices_conversation(alice, charlie, convo):
    client = Client()
    client.force_login(charlie)
    data = {"response": "gave_lead", **lead_fields(0, "Eve Evil")}
    assert client.post(ask_url(convo), data).status_code == 404
    assert client.post(ask_url(convo), data, **HX).status_code == 404
    assert not Ask.objects.exists() and not Lead.objects.exists()


def test_r9_charlie_cannot_log_a_call_with_alices_contact(alice, charlie, rita):
    client = Client()
    client.force_login(charlie)
    assert client.post(reverse("call_log"), log_data(rita)).status_code == 404
    assert not Conversation.objects.exists()


def test_r9_charlie_cannot_pick_alices_questions(alice, charlie, rita, frozen):
    convo = f.rejection(charlie, f.contact(charlie, "Carl"))
    client = Client()
    client.force_login(charlie)
    alices = questions.favourites(alice)[0]
    response = client.post(ask_url(convo), {"response": "declined", "question": alices.pk})
    assert response.status_code == 400
    assert not Ask.objects.exists()


def test_r9_charlie_search_finds_only_his_contacts(alice, charlie, rita):
    client = Client()
    client.force_login(charlie)
    response = client.get(reverse("call_contacts"), {"q": "Rita"}, **HX)
    assert b"Rita Recruiter" not in response.content
    assert b"No contact matches" in response.content


def test_the_call_page_needs_a_sign_in(client):
    response = client.get(reverse("call"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# -- R3 through the call page ----------------------------------------------------


def test_r3_two_leads_in_one_call_make_one_thank_you_naming_both(alice_client, convo):
    data = {
        "response": "gave_lead",
        **lead_fields(0, "Lena Lead", "Globex"),
        **lead_fields(1, "Max Mole", "Initech"),
    }
    response = alice_client.post(ask_url(convo), data, **HX)
    [thank] = FollowUp.objects.filter(kind=FollowUpKind.THANK_REFERRER)
    assert thank.title == "Thank Rita Recruiter for suggesting Lena Lead and Max Mole"
    assert response.content.count(b"Thank Rita Recruiter") == 1


def test_r3_the_call_page_says_a_name_was_already_suggested(alice_client, alice, rita, convo):
    lena = calls.record_ask(
        alice, f.rejection(alice, rita), None, "gave_lead", [f.lead("Lena Lead")]
    ).leads[0]
    data = {
        "response": "gave_lead",
        **lead_fields(0, "lena lead"),
        **lead_fields(1, "Max Mole", "Initech"),
    }
    response = alice_client.post(ask_url(convo), data, **HX)
    assert response.status_code == 200
    said = f"Rita Recruiter already suggested Lena Lead (lead #{lena.pk}): not added again."
    assert said.encode() in response.content
    assert Lead.objects.filter(contact__name="Lena Lead").count() == 1
    assert FollowUp.objects.filter(lead=lena).count() == 2  # no second set


def test_r3_without_javascript_the_recognised_name_is_a_message(alice_client, alice, rita, convo):
    calls.record_ask(alice, f.rejection(alice, rita), None, "gave_lead", [f.lead("Lena Lead")])
    data = {"response": "gave_lead", **lead_fields(0, "Lena Lead"), **lead_fields(1, "Max")}
    response = alice_client.post(ask_url(convo), data, follow=True)
    assert b"already suggested Lena Lead" in response.content


def test_r3_a_call_naming_only_known_people_is_a_form_error(alice_client, alice, rita, convo):
    calls.record_ask(alice, f.rejection(alice, rita), None, "gave_lead", [f.lead("Lena Lead")])
    data = {"response": "gave_lead", **lead_fields(0, "Lena Lead")}
    response = alice_client.post(ask_url(convo), data, **HX)
    assert response.status_code == 400
    assert b"already suggested Lena Lead" in response.content
    assert not convo.asks.exists()


def test_the_ask_panel_fills_company_from_the_conversation_not_the_contact(
    alice_client, alice, rita
):
    convo = f.rejection(alice, rita, company="Initech")  # Rita called from another company
    response = alice_client.get(f"{reverse('call')}?conversation={convo.pk}")
    assert b"here at Initech" in response.content and b"here at Acme" not in response.content


# -- the minute after a "no" ---------------------------------------------------


def test_the_ask_panel_offers_two_lead_entries_with_nothing_chosen(alice_client, convo):
    body = alice_client.get(reverse("call"), {"conversation": convo.pk}, **HX).content.decode()
    assert 'name="lead-0-name"' in body and 'name="lead-1-name"' in body
    assert 'name="lead-2-name"' not in body
    assert "checked" not in body.split('class="ask-response')[1]  # no answer, no permission


def test_a_lead_saved_without_a_permission_is_not_asked(alice_client, convo):
    data = {"response": "gave_lead", "lead-0-name": "Lena Lead", "lead-1-name": ""}
    response = alice_client.post(ask_url(convo), data)
    assert response.status_code == 302
    assert Lead.objects.get().permission == "not_asked"


def test_each_panel_declares_its_keys(alice_client, rita, convo):
    log_panel = alice_client.get(reverse("call"), {"contact": rita.pk}, **HX).content.decode()
    assert 'value="rejected" class="tap outcome-rejected" aria-keyshortcuts="r" autofocus' in (
        log_panel
    )
    ask_panel = alice_client.get(reverse("call"), {"conversation": convo.pk}, **HX)
    body = ask_panel.content.decode()
    for key in ("1", "2", "l", "n", "d", "a", "s"):
        assert f'aria-keyshortcuts="{key}"' in body, key
    assert body.count('class="other-questions"') == 1  # the rest fold away
