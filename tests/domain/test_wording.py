"""Messages a person would send: first names in greetings, roles phrased for one or several,
phone numbers as people read them, a short LinkedIn variant without a subject."""

from __future__ import annotations

import pytest

from parting.core.choices import FollowUpKind, Permission
from parting.core.domain import intro, leads, messages, script
from parting.core.domain.profile_update import update_profile
from parting.core.domain.wording import first_name, looking_for, roles
from parting.core.models import FollowUp
from tests import factories as f

pytestmark = pytest.mark.django_db

LINKEDIN_NOTE = 300  # LinkedIn's limit for a note with a connection request


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Rita Recruiter", "Rita"),
        ("Ortiz, Rita", "Rita"),
        ("Dr. Rita Ortiz", "Rita"),
        ("J. Robert Oppenheimer", "Robert"),
        ("Prof. A. B. Smith", "Prof. Smith"),
        ("Jean-Luc Picard", "Jean-Luc"),
        ("Lena", "Lena"),
        ("", ""),
    ],
)
def test_greetings_use_the_first_name(name, first):
    assert first_name(name) == first


@pytest.mark.parametrize(
    ("typed", "phrase"),
    [
        ("operations analyst", "a role as operations analyst"),
        ("operations analyst or logistics analyst roles",
         "a role as operations analyst or logistics analyst"),
        ("Product manager, solutions consultant",
         "a role as Product manager or solutions consultant"),
        ("a data analyst role; BI developer; analytics engineer positions",
         "a role as data analyst, BI developer or analytics engineer"),
        ("research and development engineer", "a role as research and development engineer"),
        ("", "my next role"),
    ],
)  # fmt: skip
def test_roles_read_well_for_one_role_or_several(typed, phrase):
    assert looking_for(typed) == phrase


def test_the_same_role_twice_is_said_once():
    assert roles("analyst, Analyst roles") == ["analyst"]


def _lead(user, permission=Permission.GRANTED, email=""):
    rita = f.contact(user, "Dr. Rita Recruiter", "Acme")
    lead = leads.add_lead(user, rita, f.lead("Ortiz, Nia", "Globex", permission=permission)).leads[
        0
    ]
    lead.contact.email = email
    lead.contact.save()
    return lead


@pytest.fixture
def seeker(alice):
    update_profile(
        alice,
        name="Alice Archer",
        phone="+13125550199",
        target_roles="operations analyst or logistics analyst roles",
        skills="route planning",
    )
    return alice


def test_the_intro_greets_by_first_name_and_phrases_the_roles(seeker):
    draft = intro.intro_for(seeker, _lead(seeker))
    assert draft.body.startswith("Hi Nia,\n")
    assert "I am looking for a role as operations analyst or logistics analyst." in draft.body
    assert "roles." not in draft.body and "+1 312-555-0199" in draft.body
    assert draft.opener.startswith("Hi Nia, this is Alice Archer.")


def test_the_linkedin_intro_is_short_has_no_subject_and_keeps_r4(seeker):
    named = intro.intro_for(seeker, _lead(seeker))
    assert named.linkedin.startswith("Hi Nia, Dr. Rita Recruiter suggested I get in touch")
    assert len(named.linkedin) <= LINKEDIN_NOTE and "Subject" not in named.linkedin
    hidden = intro.intro_for(seeker, _lead(seeker, Permission.DECLINED))
    assert "Rita" not in hidden.linkedin


@pytest.mark.parametrize("kind", [k for k in FollowUpKind.values if k != FollowUpKind.CUSTOM])
def test_every_message_has_a_linkedin_variant_that_fits_a_note(seeker, frozen, kind):
    lead = _lead(seeker)
    item = FollowUp.objects.for_user(seeker).filter(lead=lead).first()
    assert item is not None
    item.kind = kind
    item.contact = lead.contact
    item.save()
    draft = messages.draft(seeker, item)
    assert draft.linkedin.startswith(("Hi Nia,", "Hi Rita,", "Hello,"))
    assert draft.linkedin.endswith("Alice Archer")
    assert len(draft.linkedin) <= LINKEDIN_NOTE, draft.linkedin


def test_the_signature_shows_the_phone_as_people_read_it(seeker, frozen):
    lead = _lead(seeker)
    thanks = FollowUp.objects.for_user(seeker).get(lead=lead, kind=FollowUpKind.THANK_REFERRER)
    body = messages.draft(seeker, thanks).body
    assert body.startswith("Hi Rita,\n") and "+1 312-555-0199" in body
    assert "+13125550199" not in body


def test_the_script_greets_the_contact_by_first_name(seeker):
    rita = f.contact(seeker, "Dr. Rita Recruiter", "Acme")
    opening = script.sections(seeker, rita)[0]
    assert opening.lines == ["Hi Rita, this is Alice Archer. Thanks for calling me back."]
    assert script.sections(seeker)[0].lines[0].startswith("Hi [their name],")
