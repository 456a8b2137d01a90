"""R3 in the domain: one thank-you per ask naming every lead; the same person suggested again
by the same referrer is recognised; operations return what they created."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import FollowUpKind, FollowUpState, Response
from parting.core.domain import calls, followups, leads, messages, plans
from parting.core.domain.errors import Conflict
from parting.core.models import Ask, Contact, FollowUp, Lead
from tests import factories as f

pytestmark = pytest.mark.django_db

THANK = FollowUpKind.THANK_REFERRER


def thank_yous(user):
    return FollowUp.objects.for_user(user).filter(kind=THANK)


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


def test_r3_one_call_two_leads_makes_one_thank_you_naming_both(alice, rita, frozen):
    convo = f.rejection(alice, rita)
    captured = calls.record_ask(
        alice, convo, None, Response.GAVE_LEAD, [f.lead("Ann Lee"), f.lead("Bo Chan", "Initech")]
    )
    [thank] = thank_yous(alice)
    assert thank.title == "Thank Rita Recruiter for suggesting Ann Lee and Bo Chan"
    assert thank.due_on == dt.date(2026, 3, 5) and thank.contact == rita
    assert FollowUp.objects.filter(kind=FollowUpKind.CONTACT_LEAD).count() == 2
    # The domain says what it made: no searching for the newest rows.
    assert {lead.pk for lead in captured.leads} == set(Lead.objects.values_list("pk", flat=True))
    assert {fu.pk for fu in captured.followups} == set(
        FollowUp.objects.values_list("pk", flat=True)
    )
    assert captured.ask == Ask.objects.get() and captured.known == []


def test_r3_the_thank_you_message_names_every_lead(alice, rita, frozen):
    convo = f.rejection(alice, rita)
    calls.record_ask(
        alice, convo, None, Response.GAVE_LEAD, [f.lead("Ann Lee"), f.lead("Bo Chan", "Initech")]
    )
    draft = messages.draft(alice, thank_yous(alice).get())
    assert "suggesting Ann Lee and Bo Chan" in draft.body and "people" in draft.body
    assert draft.subject == "Thank you for the suggestions"


def test_r3_a_lead_added_later_joins_the_open_thank_you(alice, rita, frozen):
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Ann Lee")])
    before = thank_yous(alice).get()
    captured = leads.add_lead(alice, rita, f.lead("Bo Chan", "Initech"), conversation=convo)
    [thank] = thank_yous(alice)
    assert thank.pk == before.pk and thank.sequence == before.sequence + 1
    assert thank.title == "Thank Rita Recruiter for suggesting Ann Lee and Bo Chan"
    assert thank in captured.followups
    assert "Ann Lee and Bo Chan" in messages.draft(alice, thank).body


def test_r3_once_thanked_a_later_lead_gets_its_own_thank_you(alice, rita, frozen):
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Ann Lee")])
    followups.mark_done(alice, thank_yous(alice).get())
    assert Lead.objects.get().thanked_at is not None  # the thank-you done = Rita thanked
    leads.add_lead(alice, rita, f.lead("Bo Chan", "Initech"), conversation=convo)
    fresh = thank_yous(alice).get(status=FollowUpState.OPEN)
    assert fresh.title == "Thank Rita Recruiter for suggesting Bo Chan"


def test_r3_leads_thanked_during_the_call_are_not_named(alice, rita, frozen):
    convo = f.rejection(alice, rita)
    inputs = [f.lead("Ann Lee", thanked=True), f.lead("Bo Chan", "Initech")]
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, inputs)
    assert thank_yous(alice).get().title == "Thank Rita Recruiter for suggesting Bo Chan"


def test_r3_all_thanked_during_the_call_makes_no_thank_you(alice, rita, frozen):
    convo = f.rejection(alice, rita)
    inputs = [f.lead("Ann Lee", thanked=True), f.lead("Bo Chan", "Initech", thanked=True)]
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, inputs)
    assert not thank_yous(alice).exists()


def test_r3_thanking_for_one_lead_thanks_for_the_whole_call(alice, rita, frozen):
    convo = f.rejection(alice, rita)
    made = calls.record_ask(
        alice, convo, None, Response.GAVE_LEAD, [f.lead("Ann Lee"), f.lead("Bo Chan", "Initech")]
    ).leads
    leads.update_lead(alice, made[1], thanked=True)
    assert thank_yous(alice).get().status == FollowUpState.DONE
    assert not Lead.objects.filter(thanked_at__isnull=True).exists()


def test_r3_the_same_person_again_is_recognised_not_duplicated(alice, rita, frozen):
    first = leads.add_lead(alice, rita, f.lead("Zoë O'Neil"))
    rows = FollowUp.objects.count()
    again = leads.add_lead(alice, rita, f.lead("  zoe   oneil ", "Elsewhere"))
    assert again.known == [first.lead] and again.leads == [] and again.followups == []
    assert again.lead == first.lead
    assert Lead.objects.count() == 1 and FollowUp.objects.count() == rows
    assert Contact.objects.filter(name__icontains="zo").count() == 1


def test_r3_the_same_company_only_lead_again_is_recognised(alice, rita, frozen):
    leads.add_lead(alice, rita, f.lead("", "Globex"))
    again = leads.add_lead(alice, rita, f.lead("", "GLOBEX"))
    assert again.known and Lead.objects.count() == 1


def test_r3_the_same_person_from_another_referrer_is_a_new_lead(alice, rita, frozen):
    sam = f.contact(alice, "Sam Source", "Hooli")
    leads.add_lead(alice, rita, f.lead("Ann Lee"))
    other = leads.add_lead(alice, sam, f.lead("Ann Lee"))
    assert other.leads and Lead.objects.count() == 2
    assert Contact.objects.filter(name="Ann Lee").count() == 1  # one person, two referrals


def test_r3_a_call_repeating_a_name_records_only_the_new_one(alice, rita, frozen):
    leads.add_lead(alice, rita, f.lead("Ann Lee"))
    convo = f.rejection(alice, rita)
    captured = calls.record_ask(
        alice, convo, None, Response.GAVE_LEAD, [f.lead("ann lee"), f.lead("Bo Chan")]
    )
    assert [lead.name for lead in captured.leads] == ["Bo Chan"]
    assert [lead.name for lead in captured.known] == ["Ann Lee"]
    thank = thank_yous(alice).get(conversation=convo)
    assert thank.title == "Thank Rita Recruiter for suggesting Bo Chan"


def test_r3_a_name_typed_twice_in_one_call_is_one_lead(alice, rita, frozen):
    convo = f.rejection(alice, rita)
    captured = calls.record_ask(
        alice, convo, None, Response.GAVE_LEAD, [f.lead("Ann Lee"), f.lead("ANN LEE")]
    )
    assert len(captured.leads) == 1 and len(captured.known) == 1


def test_r3_a_call_giving_only_known_names_records_nothing(alice, rita, frozen):
    leads.add_lead(alice, rita, f.lead("Ann Lee"))
    convo = f.rejection(alice, rita)
    with pytest.raises(Conflict, match="already suggested Ann Lee") as refused:
        calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Ann Lee")])
    assert refused.value.code == "already_suggested"
    assert not convo.asks.exists() and Lead.objects.count() == 1


def test_r3_a_recognised_lead_on_a_conversation_changes_nothing(alice, rita, frozen):
    leads.add_lead(alice, rita, f.lead("Ann Lee"))
    convo = f.rejection(alice, rita)
    again = leads.add_lead(alice, rita, f.lead("Ann Lee"), conversation=convo)
    assert again.known and not convo.asks.exists()  # R2: no gave_lead ask without a lead


def test_r3_leads_without_a_call_are_thanked_for_one_by_one(alice, rita, frozen):
    leads.add_lead(alice, rita, f.lead("Ann Lee"))
    leads.add_lead(alice, rita, f.lead("Bo Chan"))
    assert thank_yous(alice).count() == 2


def test_r8_and_r6_update_lead_returns_the_follow_ups_it_opened(alice, rita, frozen):
    lead = leads.add_lead(alice, rita, f.lead("Ann Lee")).lead
    contacted = leads.update_lead(alice, lead, status="contacted")
    assert {fu.kind for fu in contacted.followups} == {"second_contact", "follow_up"}
    won = leads.update_lead(alice, lead, status="won")
    assert [fu.kind for fu in won.followups] == [FollowUpKind.CLOSE_LOOP]


def test_the_planner_names_people_as_a_person_would():
    assert plans.named(["Ann"]) == "Ann"
    assert plans.named(["Ann", "Bo"]) == "Ann and Bo"
    assert plans.named(["Ann", "Bo", "Cy"]) == "Ann, Bo and Cy"
    many = plans.named([f"Person Number {i}" for i in range(40)])
    assert many.endswith(" others") and len(many) <= plans.MAX_NAMED + 20


def test_r3_planned_thank_you_is_tomorrow_and_contact_within_two_business_days():
    friday = dt.date(2026, 3, 6)
    planned = plans.new_leads("Rita", [plans.NewLead("Ann"), plans.NewLead("Bo")], friday)
    kinds = [(p.kind, p.due_on, p.lead) for p in planned]
    assert kinds == [
        (THANK, dt.date(2026, 3, 7), 0),
        (FollowUpKind.CONTACT_LEAD, dt.date(2026, 3, 10), 0),
        (FollowUpKind.CONTACT_LEAD, dt.date(2026, 3, 10), 1),
    ]
