"""Leads pages: the list with inline edits, one lead's page, adding a lead (R2, R3, R8, R9)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from parting.core.choices import FollowUpKind, LeadStatus, Permission, Response
from parting.core.domain import calls, questions
from parting.core.models import FollowUp, Lead
from tests import factories as f

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


@pytest.fixture
def convo(alice, rita, frozen):
    return f.rejection(alice, rita)


@pytest.fixture
def lena(alice, convo):
    question = questions.resolve_question(alice, "niche_peer")
    ask = calls.record_ask(
        alice, convo, question, Response.GAVE_LEAD, [f.lead("Lena Lead", "Globex", note="Hi")]
    ).ask
    return ask.leads.get()


def update(client, lead, part=None, **changes):
    data = {"status": lead.status, "permission": lead.permission}
    if lead.thanked_at:
        data["thanked"] = "on"
    data.update(changes)
    if part:
        data["part"] = part
    return client.post(reverse("lead_update", args=[lead.pk]), data, **HX)


# -- list ----------------------------------------------------------------------


def test_the_list_shows_where_each_lead_came_from(alice_client, lena):
    response = alice_client.get(reverse("lead_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lena Lead" in body and "Globex" in body
    assert "Rita Recruiter" in body
    assert "Other companies in the niche" in body
    assert "4 Mar 2026" in body
    assert f'id="lead-{lena.pk}"' in body


def test_the_list_filters_by_status(alice_client, alice, rita, lena, frozen):
    other = calls.record_ask(
        alice, f.rejection(alice, rita), None, Response.GAVE_LEAD, [f.lead("Max Mole", "Initech")]
    ).ask.leads.get()
    other.status = LeadStatus.DEAD
    other.save()
    response = alice_client.get(reverse("lead_list"), {"status": "dead"})
    assert b"Max Mole" in response.content
    assert b"Lena Lead" not in response.content


def test_an_unknown_status_filter_shows_everything(alice_client, lena):
    response = alice_client.get(reverse("lead_list"), {"status": "bogus"})
    assert response.status_code == 200
    assert b"Lena Lead" in response.content


def test_an_empty_list_tells_a_new_user_what_to_do(alice_client):
    response = alice_client.get(reverse("lead_list"))
    assert b"No leads yet" in response.content


# -- inline edits --------------------------------------------------------------


def test_a_status_change_returns_the_updated_row(alice_client, lena):
    response = update(alice_client, lena, status="contacted")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="lead-{lena.pk}"')
    assert '<option value="contacted" selected>' in body
    lena.refresh_from_db()
    assert lena.status == LeadStatus.CONTACTED
    # Contacting closes the contact-lead follow-up.
    assert not FollowUp.objects.filter(
        lead=lena, kind=FollowUpKind.CONTACT_LEAD, status="open"
    ).exists()


def test_r8_talked_opens_a_close_the_loop_follow_up(alice_client, lena):
    update(alice_client, lena, status="talked")
    loop = FollowUp.objects.get(lead=lena, kind=FollowUpKind.CLOSE_LOOP)
    assert "Tell Rita Recruiter how it went with Lena Lead" in loop.title


def test_r8_the_lead_page_shows_the_close_the_loop_after_talked(alice_client, lena):
    response = update(alice_client, lena, part="panel", status="talked")
    assert response.status_code == 200
    assert b"Tell Rita Recruiter how it went" in response.content
    assert b"<html" not in response.content
    page = alice_client.get(lena.get_absolute_url())
    assert b"Tell Rita Recruiter how it went" in page.content


def test_r3_thanked_toggle_closes_the_thank_you(alice_client, lena):
    update(alice_client, lena, thanked="on")
    lena.refresh_from_db()
    assert lena.thanked_at is not None
    assert not FollowUp.objects.filter(
        lead=lena, kind=FollowUpKind.THANK_REFERRER, status="open"
    ).exists()
    response = update(alice_client, lena, thanked="")
    lena.refresh_from_db()
    assert lena.thanked_at is None
    assert b"Not yet" in response.content


def test_permission_changes_inline(alice_client, lena):
    update(alice_client, lena, permission="granted")
    lena.refresh_from_db()
    assert lena.permission == Permission.GRANTED


def test_an_unknown_value_changes_nothing(alice_client, lena):
    response = update(alice_client, lena, status="hired")
    assert response.status_code == 400
    lena.refresh_from_db()
    assert lena.status == LeadStatus.NEW


def test_without_javascript_an_update_redirects_back(alice_client, lena):
    data = {"status": "won", "permission": "declined", "next": reverse("lead_list")}
    response = alice_client.post(reverse("lead_update", args=[lena.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("lead_list")
    lena.refresh_from_db()
    assert lena.status == LeadStatus.WON


def test_update_is_post_only(alice_client, lena):
    answer = alice_client.get(reverse("lead_update", args=[lena.pk]))
    assert (answer.status_code, answer["Location"]) == (302, lena.get_absolute_url())
    lena.refresh_from_db()
    assert lena.status == "new"


# -- detail --------------------------------------------------------------------


def test_the_lead_page_shows_referrer_words_permission_origin_and_follow_ups(alice_client, lena):
    response = alice_client.get(lena.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rita Recruiter" in body
    assert "Hi" in body
    assert "Not asked" in body
    assert reverse("conversation_detail", args=[lena.conversation_id]) in body
    assert "Thank Rita Recruiter for suggesting Lena Lead" in body
    assert "Thu 5 Mar" in body


def test_r5_the_lead_page_links_the_callback_conversation(alice_client, alice, rita, frozen):
    first = f.rejection(alice, rita)
    calls.record_ask(alice, first, None, Response.LEFT_NUMBER)
    later = calls.log_conversation(alice, rita, "undecided", kind="follow_up")
    lead = calls.record_ask(alice, later, None, Response.GAVE_LEAD, [f.lead()]).ask.leads.get()
    assert lead.callback_of_id == first.pk
    response = alice_client.get(lead.get_absolute_url())
    assert b"Callback of" in response.content
    assert reverse("conversation_detail", args=[first.pk]).encode() in response.content


def test_user_text_is_escaped(alice_client, alice, rita, frozen):
    lead = calls.record_ask(
        alice,
        f.rejection(alice, rita),
        None,
        Response.GAVE_LEAD,
        [f.lead("<script>x()</script>", note="<b>bold</b>")],
    ).ask.leads.get()
    for url in [lead.get_absolute_url(), reverse("lead_list"), reverse("today")]:
        body = alice_client.get(url).content
        assert b"<script>x()" not in body
        assert b"<b>bold" not in body


# -- add -----------------------------------------------------------------------


def test_add_a_lead_by_hand_with_its_follow_ups(alice_client, alice, rita, frozen):
    data = {
        "referrer": rita.pk,
        "name": "Omar Other",
        "company": "Umbrella",
        "permission": "granted",
    }
    response = alice_client.post(reverse("lead_add"), data)
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == lead.get_absolute_url()
    assert lead.referrer == rita and lead.permission == Permission.GRANTED
    kinds = set(lead.followups.values_list("kind", flat=True))
    assert kinds == {FollowUpKind.THANK_REFERRER, FollowUpKind.CONTACT_LEAD}


def test_r2_adding_to_a_conversation_records_the_ask(alice_client, rita, convo):
    data = {"referrer": rita.pk, "name": "Omar Other", "permission": "not_asked"}
    alice_client.post(reverse("lead_add"), {**data, "conversation": convo.pk})
    lead = Lead.objects.get()
    assert lead.ask.response == Response.GAVE_LEAD and lead.conversation == convo


def test_r2_a_conversation_with_someone_else_is_a_form_error(alice_client, alice, convo):
    sam = f.contact(alice, "Sam Stranger", "Hooli")
    data = {"referrer": sam.pk, "name": "Omar", "permission": "not_asked", "conversation": convo.pk}
    response = alice_client.post(reverse("lead_add"), data)
    assert response.status_code == 400
    assert b"a lead&#x27;s referrer is that conversation&#x27;s contact" in response.content
    assert not Lead.objects.exists()


def test_add_needs_a_name_or_company(alice_client, rita):
    data = {"referrer": rita.pk, "permission": "not_asked"}
    response = alice_client.post(reverse("lead_add"), data)
    assert response.status_code == 400
    assert not Lead.objects.exists()


def test_add_offers_only_the_referrers_conversations(alice_client, alice, rita, convo):
    sam = f.contact(alice, "Sam Stranger", "Hooli")
    other = f.rejection(alice, sam)
    response = alice_client.get(reverse("lead_add"), {"referrer": rita.pk})
    body = response.content.decode()
    offered = body[body.index('id="conversation-field"') :].split("</select>")[0]
    assert f'<option value="{convo.pk}"' in offered
    assert f'<option value="{other.pk}"' not in offered


def test_add_prefills_from_a_conversation(alice_client, rita, convo):
    response = alice_client.get(reverse("lead_add"), {"conversation": convo.pk})
    body = response.content.decode()
    assert f'<option value="{rita.pk}" selected>' in body
    offered = body[body.index('id="conversation-field"') :].split("</select>")[0]
    assert f'<option value="{convo.pk}" selected>' in offered


# -- R9 ------------------------------------------------------------------------


@pytest.fixture
def charlie_only(charlie):
    client = Client()
    client.force_login(charlie)
    return client


def test_r9_charlie_gets_404_on_alices_lead(charlie_only, lena):
    assert charlie_only.get(lena.get_absolute_url()).status_code == 404
    response = charlie_only.post(
        reverse("lead_update", args=[lena.pk]), {"status": "dead", "permission": "granted"}
    )
    assert response.status_code == 404
    lena.refresh_from_db()
    assert lena.status == LeadStatus.NEW


def test_r9_charlie_does_not_see_alices_leads(charlie_only, lena):
    response = charlie_only.get(reverse("lead_list"))
    assert b"Lena Lead" not in response.content


def test_r9_the_add_form_offers_only_charlies_rows(charlie_only, charlie, rita, convo):
    mine = f.contact(charlie, "Carl Charlie", "Hooli")
    response = charlie_only.get(reverse("lead_add"))
    assert b"Carl Charlie" in response.content
    assert b"Rita Recruiter" not in response.content
    assert charlie_only.get(reverse("lead_add"), {"referrer": rita.pk}).status_code == 404
    assert charlie_only.get(reverse("lead_add"), {"conversation": convo.pk}).status_code == 404
    data = {"referrer": rita.pk, "name": "Eve", "permission": "not_asked"}
    assert charlie_only.post(reverse("lead_add"), data).status_code == 400
    data = {"referrer": mine.pk, "name": "Eve", "permission": "not_asked", "conversation": convo.pk}
    assert charlie_only.post(reverse("lead_add"), data).status_code == 400
    assert not Lead.objects.exists()


def test_r3_adding_the_same_person_again_says_so_and_adds_nothing(alice_client, rita, frozen):
    data = {"referrer": rita.pk, "name": "Omar Other", "permission": "not_asked"}
    alice_client.post(reverse("lead_add"), data)
    rows = FollowUp.objects.count()
    response = alice_client.post(reverse("lead_add"), {**data, "name": "omar  OTHER"}, follow=True)
    lead = Lead.objects.get()
    assert response.redirect_chain[-1][0] == lead.get_absolute_url()
    assert b"Rita Recruiter already suggested Omar Other" in response.content
    assert FollowUp.objects.count() == rows


def test_r3_a_lead_added_to_a_call_joins_its_thank_you(alice_client, alice, rita, convo):
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Lena Lead")])
    data = {"referrer": rita.pk, "name": "Omar Other", "permission": "not_asked"}
    alice_client.post(reverse("lead_add"), {**data, "conversation": convo.pk})
    [thank] = FollowUp.objects.filter(kind=FollowUpKind.THANK_REFERRER)
    assert thank.title == "Thank Rita Recruiter for suggesting Lena Lead and Omar Other"
