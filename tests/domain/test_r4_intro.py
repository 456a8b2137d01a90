"""R4: outreach to a lead names the referrer only when permission is granted."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parting.core.choices import Permission
from parting.core.domain import calls, intro
from parting.core.domain.leads import LeadInput
from parting.core.domain.profiles import get_profile
from tests import factories

pytestmark = pytest.mark.django_db


def _lead(user, referrer="Rita Recruiter", name="Lena Lead", permission=Permission.NOT_ASKED):
    who = factories.contact(user, referrer)
    convo = factories.rejection(user, who)
    ask = calls.record_ask(
        user, convo, None, "gave_lead", [LeadInput(name=name, permission=permission)]
    ).ask
    return ask.leads.get()


def _texts(draft):
    return [draft.opener, draft.subject, draft.body, draft.mailto]


def test_r4_intro_names_the_referrer_with_permission(alice):
    draft = intro.intro_for(alice, _lead(alice, permission=Permission.GRANTED))
    assert draft.names_referrer
    assert "Rita Recruiter suggested" in draft.opener
    assert "Rita Recruiter" in draft.subject and "Rita Recruiter" in draft.body


@pytest.mark.parametrize("permission", [Permission.DECLINED, Permission.NOT_ASKED])
def test_r4_intro_hides_the_referrer_without_permission(alice, permission):
    draft = intro.intro_for(alice, _lead(alice, permission=permission))
    assert not draft.names_referrer
    assert all("Rita" not in text and "Recruiter" not in text for text in _texts(draft))
    assert draft.opener.startswith("Hi Lena")  # still warm and personal


def test_intro_mailto_carries_subject_and_body(alice):
    lead = _lead(alice, permission=Permission.GRANTED)
    lead.contact.email = "lena@example.com"
    lead.contact.save()
    draft = intro.intro_for(alice, lead)
    assert draft.mailto.startswith("mailto:lena@example.com?subject=Rita%20Recruiter")
    assert "&body=" in draft.mailto


# Names from letters that never appear in the fixed text (which is plain ASCII English):
# a generated referrer name can only show up in the output if it was put there.
NAME = st.text(alphabet="ÆØÅÐÞßŒ", min_size=2, max_size=12)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    referrer=NAME,
    lead_name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20).filter(
        str.strip
    ),
    permission=st.sampled_from([p for p in Permission.values if p != Permission.GRANTED]),
)
def test_r4_property_no_outreach_text_names_the_referrer_without_permission(
    alice, referrer, lead_name, permission
):
    profile = get_profile(alice)
    profile.name, profile.skills = "Sam Seeker", "route planning"
    profile.save()
    lead = _lead(alice, referrer=referrer, name=lead_name, permission=permission)
    draft = intro.intro_for(alice, lead)
    for text in (draft.opener, draft.subject, draft.body):
        assert referrer not in text
    assert lead.referrer.name == referrer
