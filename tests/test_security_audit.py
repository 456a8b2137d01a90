"""Findings of the security audit, each pinned by a test: R9 in the domain layer (a row of
another account passed in is refused before anything is written), line breaks in vCard
exports, and redirects that only ever go to our own pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.choices import Outcome
from parting.core.domain import calls, followups, leads, network, question_bank
from parting.core.domain.errors import NotFound
from parting.core.domain.leads import LeadInput
from parting.core.models import Ask, Company, Conversation, FollowUp, Lead
from parting.data import exports
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices(alice, frozen):
    company = network.create_company(alice, "Zanzibar Widgets")
    contact = f.contact(alice, "Quentin Quibble", company.name)
    question = question_bank.add_question(alice, "Who keeps a plover?", "custom")
    conversation = f.rejection(alice, contact)
    lead = leads.add_lead(alice, contact, LeadInput(name="Lemuel Lemonade")).lead
    return {"company": company, "contact": contact, "question": question,
            "conversation": conversation, "lead": lead}  # fmt: skip


def _counts(user):
    return [m.objects.for_user(user).count() for m in (Ask, Lead, FollowUp, Conversation)]


# -- R9 in the domain: rows of another account are refused ---------------------------


def test_add_lead_refuses_another_accounts_question(charlie, alices):
    mine = f.rejection(charlie, f.contact(charlie, "Carl Caller"))
    before = _counts(charlie)
    with pytest.raises(NotFound):
        leads.add_lead(
            charlie, mine.contact, LeadInput(name="X"), conversation=mine,
            question=alices["question"],
        )  # fmt: skip
    assert _counts(charlie) == before
    assert (
        not Ask.objects.filter(question=alices["question"])
        .exclude(owner=alices["question"].owner)
        .exists()
    )


def test_add_lead_refuses_another_accounts_conversation(alice, charlie, alices):
    before = _counts(alice), _counts(charlie)
    with pytest.raises(NotFound):
        leads.add_lead(
            charlie, f.contact(charlie, "Carl Caller"), LeadInput(name="X"),
            conversation=alices["conversation"],
        )  # fmt: skip
    assert (_counts(alice), _counts(charlie)[:2]) == (before[0], before[1][:2])
    assert not Ask.objects.filter(conversation=alices["conversation"]).exists()


def test_log_conversation_refuses_another_accounts_company(charlie, alices):
    mine = f.contact(charlie, "Carl Caller", "")
    with pytest.raises(NotFound):
        calls.log_conversation(charlie, mine, Outcome.REJECTED, company=alices["company"])
    assert not Conversation.objects.filter(company=alices["company"], owner=charlie).exists()


@pytest.mark.parametrize("which", ["contact", "lead"])
def test_add_followup_refuses_another_accounts_contact_or_lead(charlie, alices, which):
    with pytest.raises(NotFound):
        followups.add_followup(charlie, "Spy on them", **{which: alices[which]})
    assert not FollowUp.objects.for_user(charlie).exists()


def test_company_family_lists_only_the_owners_companies(alice, bob, alices, alice_client):
    """A stray row of bob's pointing at alice's company never shows on her page."""
    Company.objects.create(owner=bob, name="Bobs Secret Division", parent=alices["company"])
    family = network.family(alices["company"])
    assert family == {"divisions": [], "sisters": []}
    page = alice_client.get(reverse("company_detail", args=[alices["company"].pk]))
    assert "Bobs Secret Division" not in page.content.decode()


# -- vCard export: a lone CR cannot start a new property ------------------------------


def test_vcard_text_escapes_every_line_break():
    assert exports.escape("a\rTEL:+15550100\r\nb\nc") == "a\\nTEL:+15550100\\nb\\nc"


def test_vcard_export_keeps_a_note_on_one_property(alice):
    f.contact(alice, "Nina Note", "", notes="hello\rEMAIL:spoof@example.com\rEND:VCARD")
    card = exports.vcards(alice)
    assert "\r" not in card.replace("\r\n", "")
    assert "\r\nEMAIL:spoof" not in card and "\nEND:VCARD\r\nEND" not in card


# -- redirects after a button go only to our own pages --------------------------------


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example",
     "https:evil.example", " //evil.example", "javascript:alert(1)"],
)  # fmt: skip
def test_next_never_leaves_the_site(alice_client, alice, frozen, target):
    item = followups.add_followup(alice, "Call back")
    response = alice_client.post(reverse("followup_done", args=[item.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("today")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_sign_in_never_redirects_off_site(client, alice, target):
    from tests.conftest import PASSWORD

    response = client.post(
        reverse("login"), {"username": "alice@example.com", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and "evil" not in response["Location"]


def test_sign_out_needs_a_sign_in_and_a_post(client, alice):
    response = client.get(reverse("logout"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    client.force_login(alice)
    asked = client.get(reverse("logout"))  # a GET asks first; it signs nobody out
    assert asked.status_code == 200 and 'action="/logout/"' in asked.content.decode()
    assert client.get(reverse("today")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("today")).status_code == 302


# -- mailto links: an address cannot add recipients or headers ------------------------


def test_mailto_links_on_the_contact_page_are_percent_encoded(alice, alice_client):
    """`a?bcc=spy@evil.example` is a valid address; unquoted it would add a hidden Bcc."""
    from parting.core.models import ContactPoint

    contact = f.contact(alice, "Mallory Mask", "", email="a?bcc=spy@evil.example")
    ContactPoint.objects.create(
        owner=alice, contact=contact, kind="email", value="b&cc=spy@evil.example"
    )
    page = alice_client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert 'href="mailto:a%3Fbcc%3Dspy@evil.example"' in page
    assert 'href="mailto:b%26cc%3Dspy@evil.example"' in page
    assert "mailto:a?bcc" not in page and "mailto:b&amp;cc" not in page


def test_import_apply_with_a_made_up_token_is_404(alice_client):
    for token in ("..", "..%2F..%2Fsecret_key", "x" * 32):
        response = alice_client.post(f"/data/import/{token}/")
        assert response.status_code == 404, token


@pytest.mark.parametrize("raw", ["abc", "1 OR 1=1", "-1", ""])
def test_a_malformed_question_id_in_a_form_is_404_not_a_crash(alice_client, alice, raw):
    from parting.core.models import Question

    mine = Question.objects.for_user(alice).first()
    assert mine is not None
    posts = [
        (reverse("drill_grade"), {"question": raw, "rating": "good"}),
        (reverse("question_swap", args=[mine.pk]), {"replace": raw}),
    ]
    for url, data in posts:
        assert alice_client.post(url, data).status_code == 404, (url, raw)


def test_only_web_addresses_become_links_whatever_is_stored(alice_client, alice):
    """A restored or old row may hold any text; `javascript:` never becomes an href."""
    from django.urls import reverse

    from parting.core.models import Company, Contact, ContactPoint, Opening

    company = Company.objects.create(owner=alice, name="Evil Co", website="javascript:alert(1)")
    contact = Contact.objects.create(
        owner=alice, name="Mal Link", company=company, linkedin_url="jav\tascript:alert(2)"
    )
    ContactPoint.objects.create(owner=alice, contact=contact, kind="url", value="data:text/html,x")
    ContactPoint.objects.create(
        owner=alice, contact=contact, kind="url", value="https://example.org/me"
    )
    opening = Opening.objects.create(owner=alice, company=company, title="Job", link="javascript:x")
    pages = [
        reverse("company_detail", args=[company.pk]),
        reverse("contact_detail", args=[contact.pk]),
        reverse("opening_detail", args=[opening.pk]),
    ]
    for url in pages:
        html = alice_client.get(url).content.decode()
        assert 'href="javascript' not in html and 'href="jav' not in html
        assert 'href="data:' not in html
    contact_page = alice_client.get(pages[1]).content.decode()
    assert 'href="https://example.org/me"' in contact_page
