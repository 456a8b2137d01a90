"""The web's edit forms go through the domain, so R1, R2 and R5 hold on edits as on logging."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from parting.core.choices import FollowUpKind, Outcome, Response, Stage
from parting.core.domain import calls, followups, network
from parting.core.models import Company, Contact, Conversation, FollowUp, Lead, Opening
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


@pytest.fixture
def sam(alice):
    return f.contact(alice, "Sam Sender", "Hooli")


def edit(client, convo, contact, **changes):
    data = {
        "contact": contact.pk,
        "outcome": convo.outcome,
        "kind": convo.kind,
        "channel": convo.channel,
        "at": "2026-03-04T09:00",
        "company": "",
        "opening": convo.opening.title if convo.opening else "",
        "note": convo.note,
        **changes,
    }
    return client.post(reverse("conversation_edit", args=[convo.pk]), data)


def gave_lead(user, who, name="Lena Lead"):
    convo = f.rejection(user, who)
    calls.record_ask(user, convo, None, Response.GAVE_LEAD, [f.lead(name)])
    return convo


# -- conversations ---------------------------------------------------------------------


def test_r2_editing_contact_repoints_referrer(alice_client, alice, frozen, rita, sam):
    convo = gave_lead(alice, rita)
    response = edit(alice_client, convo, sam)
    assert response.status_code == 302
    assert Lead.objects.get().referrer_id == sam.pk
    thanks = FollowUp.objects.get(kind=FollowUpKind.THANK_REFERRER)
    assert thanks.contact_id == sam.pk and "Sam Sender" in thanks.title


def test_r2_editing_contact_to_its_own_lead_is_refused_on_the_form(
    alice_client, alice, frozen, rita
):
    convo = gave_lead(alice, rita)
    lena = Contact.objects.get(name="Lena Lead")
    response = edit(alice_client, convo, lena, note="moved")
    assert response.status_code == 400
    assert b"cannot refer themselves" in response.content
    convo.refresh_from_db()
    assert convo.contact_id == rita.pk and convo.note == ""


def test_r1_editing_outcome_to_rejected_goes_to_the_parting_question(
    alice_client, alice, frozen, rita
):
    convo = calls.log_conversation(alice, rita, Outcome.ADVANCED)
    response = edit(alice_client, convo, rita, outcome=Outcome.REJECTED)
    assert response["Location"] == f"{reverse('call')}?conversation={convo.pk}"
    assert calls.needs_ask(Conversation.objects.get())


def test_r1_an_edit_that_asks_nothing_new_goes_back_to_the_conversation(
    alice_client, alice, frozen, rita
):
    convo = gave_lead(alice, rita)
    response = edit(alice_client, convo, rita, note="Kind of them")
    assert response["Location"] == convo.get_absolute_url()


def test_r5_editing_contact_moves_the_number_left_and_its_check_back(
    alice_client, alice, frozen, rita, sam
):
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.LEFT_NUMBER)
    edit(alice_client, convo, sam)
    assert list(Contact.objects.filter(holds_my_number=True)) == [sam]
    assert FollowUp.objects.get(kind=FollowUpKind.CHECK_BACK).contact_id == sam.pk


def test_editing_outcome_to_offer_moves_the_opening_like_logging(alice_client, alice, frozen, rita):
    convo = calls.log_conversation(alice, rita, Outcome.ADVANCED, opening="Analyst")
    Opening.objects.update(stage=Stage.APPLIED)
    convo.refresh_from_db()
    edit(alice_client, convo, rita, outcome=Outcome.OFFER)
    assert Opening.objects.get().stage == Stage.OFFER


# -- contacts, companies, openings -------------------------------------------------------


def test_renaming_a_contact_on_the_web_renames_their_follow_ups(alice_client, alice, frozen, rita):
    gave_lead(alice, rita)
    response = alice_client.post(
        reverse("contact_edit", args=[rita.pk]),
        {"name": "Rita Rivera", "company": rita.company_id, "role": "recruiter"},
    )
    assert response.status_code == 302
    thanks = FollowUp.objects.get(kind=FollowUpKind.THANK_REFERRER)
    assert "Rita Rivera" in thanks.title and thanks.sequence == 1


def test_the_contact_form_adds_a_new_company_through_the_domain(alice_client, alice, rita):
    alice_client.post(
        reverse("contact_edit", args=[rita.pk]),
        {"name": "Rita", "new_company": "Initech", "role": "other", "phone": "312 555 0199"},
    )
    rita.refresh_from_db()
    assert (rita.company.name, rita.phone) == ("Initech", "+13125550199")


def test_a_company_edit_refuses_another_company_s_name(alice_client, alice):
    network.create_company(alice, "Acme")
    hooli = network.create_company(alice, "Hooli")
    response = alice_client.post(reverse("company_edit", args=[hooli.pk]), {"name": "acme"})
    assert response.status_code == 400
    assert Company.objects.get(pk=hooli.pk).name == "Hooli"


def test_an_opening_edit_saves_through_the_domain(alice_client, alice, rita):
    opening = network.create_opening(alice, rita.company, "Analyst")
    response = alice_client.post(
        reverse("opening_edit", args=[opening.pk]),
        {"title": "Lead  Analyst", "company": rita.company_id, "stage": "interviewing"},
    )
    assert response.status_code == 302
    opening.refresh_from_db()
    assert (opening.title, opening.stage) == ("Lead Analyst", "interviewing")


# -- follow-ups ------------------------------------------------------------------------


@pytest.fixture
def item(alice, frozen):
    return followups.add_followup(alice, "Write to Rita", on=dt.date(2026, 3, 5))


def test_today_links_each_follow_up_to_its_edit_form(alice_client, item):
    today = alice_client.get(reverse("today"), {"view": "week"})
    menu = reverse("followup_menu", args=[item.pk])
    assert menu.encode() in today.content  # the row's menu, fetched when opened
    actions = alice_client.get(menu, HTTP_HX_REQUEST="true")
    assert reverse("followup_edit", args=[item.pk]).encode() in actions.content
    page = alice_client.get(reverse("followup_edit", args=[item.pk]))
    assert b'value="Write to Rita"' in page.content and b'value="2026-03-05"' in page.content


def test_the_message_page_links_to_the_edit_form(alice_client, item):
    page = alice_client.get(reverse("followup_message", args=[item.pk]))
    assert reverse("followup_edit", args=[item.pk]).encode() in page.content


def test_editing_a_follow_up_changes_title_and_day_and_raises_its_sequence(alice_client, item):
    response = alice_client.post(
        reverse("followup_edit", args=[item.pk]),
        {"title": "Call Rita", "due_on": "2026-03-09", "next": reverse("today")},
    )
    assert response["Location"] == reverse("today")
    item.refresh_from_db()
    assert (item.title, item.due_on, item.sequence) == ("Call Rita", dt.date(2026, 3, 9), 1)


def test_a_bad_follow_up_edit_changes_nothing(alice_client, item):
    response = alice_client.post(
        reverse("followup_edit", args=[item.pk]), {"title": "   ", "due_on": "2026-03-09"}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert (item.title, item.due_on, item.sequence) == ("Write to Rita", dt.date(2026, 3, 5), 0)


def test_the_edit_form_never_links_cancel_off_site(alice_client, item):
    url = reverse("followup_edit", args=[item.pk])
    page = alice_client.get(url, {"next": "javascript:alert(1)"})
    assert b"javascript:" not in page.content


def test_r9_charlie_cannot_edit_alices_follow_up(charlie_client, item):
    url = reverse("followup_edit", args=[item.pk])
    assert charlie_client.get(url).status_code == 404
    charlie_client.post(url, {"title": "Hijacked", "due_on": "2026-03-09"})
    assert FollowUp.objects.get().title == "Write to Rita"
