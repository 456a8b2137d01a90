"""The method's rules, one test per behaviour, named after the rule."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import FollowUpKind, LeadStatus, Outcome, Permission, Response
from parting.core.domain import calls, followups, leads, network, questions
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.models import Ask, Contact, FollowUp, Lead
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_r1_rejected_conversation_needs_the_parting_question(alice, frozen):
    convo = f.rejection(alice)
    assert calls.needs_ask(convo)
    calls.record_ask(alice, convo, questions.resolve_question(alice, "same_company"), "declined")
    assert not calls.needs_ask(convo)


def test_r1_other_outcomes_do_not_ask(alice, frozen):
    convo = calls.log_conversation(alice, f.contact(alice), Outcome.ADVANCED)
    assert not calls.needs_ask(convo)


def test_r2_gave_lead_without_a_lead_is_refused_and_saves_nothing(alice, frozen):
    convo = f.rejection(alice)
    with pytest.raises(Invalid, match="at least one lead"):
        calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [])
    assert not Ask.objects.exists()


def test_r2_every_lead_has_the_conversation_contact_as_referrer(alice, frozen):
    rita = f.contact(alice)
    convo = f.rejection(alice, rita)
    ask = calls.record_ask(
        alice, convo, None, Response.GAVE_LEAD, [f.lead("Lena Lead"), f.lead("Max Mole", "Initech")]
    ).ask
    made = list(ask.leads.all())
    assert len(made) == 2
    assert {lead.referrer_id for lead in made} == {rita.pk}
    assert {lead.conversation_id for lead in made} == {convo.pk}


def test_r2_lead_add_on_a_conversation_records_the_ask(alice, frozen):
    rita = f.contact(alice)
    convo = f.rejection(alice, rita)
    lead = leads.add_lead(alice, rita, f.lead(), conversation=convo).lead
    assert lead.ask is not None and lead.ask.response == Response.GAVE_LEAD
    second = leads.add_lead(alice, rita, f.lead("Other One"), conversation=convo).lead
    assert second.ask_id == lead.ask_id
    assert convo.asks.count() == 1


def test_r2_lead_on_someone_elses_conversation_is_refused(alice, frozen):
    convo = f.rejection(alice, f.contact(alice, "Rita"))
    stranger = f.contact(alice, "Sam Stranger", "Hooli")
    with pytest.raises(Conflict, match="referrer"):
        leads.add_lead(alice, stranger, f.lead(), conversation=convo)
    assert not Lead.objects.exists() and not Ask.objects.exists()


def test_r3_new_lead_gets_thank_you_tomorrow_and_contact_within_two_business_days(alice, frozen):
    # FROZEN is Wednesday 2026-03-04: thank on Thursday, contact by Friday.
    convo = f.rejection(alice)
    ask = calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead()]).ask
    lead = ask.leads.get()
    due = {fu.kind: fu.due_on for fu in lead.followups.all()}
    assert due == {
        FollowUpKind.THANK_REFERRER: dt.date(2026, 3, 5),
        FollowUpKind.CONTACT_LEAD: dt.date(2026, 3, 6),
    }


def test_r3_business_days_skip_the_weekend(alice, frozen):
    frozen.move_to(dt.datetime(2026, 3, 6, 10, 0, tzinfo=dt.UTC))  # a Friday
    lead = leads.add_lead(alice, f.contact(alice), f.lead()).lead
    contact_due = lead.followups.get(kind=FollowUpKind.CONTACT_LEAD).due_on
    assert contact_due == dt.date(2026, 3, 10)  # Tuesday


def test_r3_lead_thanked_during_the_call_gets_no_thank_you_followup(alice, frozen):
    lead = leads.add_lead(alice, f.contact(alice), f.lead(thanked=True)).lead
    assert lead.thanked_at is not None
    kinds = set(lead.followups.values_list("kind", flat=True))
    assert kinds == {FollowUpKind.CONTACT_LEAD}


def test_r3_marking_thanked_later_closes_the_thank_you(alice, frozen):
    lead = leads.add_lead(alice, f.contact(alice), f.lead()).lead
    leads.update_lead(alice, lead, thanked=True)
    assert not followups.open_for_lead(alice, lead, FollowUpKind.THANK_REFERRER).exists()


def test_r5_left_number_marks_contact_and_opens_check_back(alice, frozen):
    rita = f.contact(alice)
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.LEFT_NUMBER)
    rita.refresh_from_db()
    assert rita.holds_my_number
    check = FollowUp.objects.get(kind=FollowUpKind.CHECK_BACK)
    assert check.contact == rita and check.due_on == dt.date(2026, 3, 18)


def test_r5_later_lead_links_back_to_the_left_number_conversation(alice, frozen):
    rita = f.contact(alice)
    first = f.rejection(alice, rita)
    calls.record_ask(alice, first, None, Response.LEFT_NUMBER)
    frozen.shift(dt.timedelta(days=10))
    later = calls.log_conversation(alice, rita, Outcome.UNDECIDED, kind="follow_up")
    lead = leads.add_lead(alice, rita, f.lead(), conversation=later).lead
    assert lead.callback_of == first
    assert not FollowUp.objects.filter(kind=FollowUpKind.CHECK_BACK, status="open").exists()


@pytest.mark.parametrize("status", [LeadStatus.TALKED, LeadStatus.WON])
def test_r8_lead_that_pays_off_opens_close_the_loop(alice, frozen, status):
    lead = leads.add_lead(alice, f.contact(alice), f.lead()).lead
    leads.update_lead(alice, lead, status=status)
    loop = FollowUp.objects.get(kind=FollowUpKind.CLOSE_LOOP)
    assert loop.lead == lead and loop.contact == lead.referrer
    leads.update_lead(alice, lead, status=LeadStatus.WON)
    assert FollowUp.objects.filter(kind=FollowUpKind.CLOSE_LOOP).count() == 1


def test_r8_dead_lead_opens_nothing(alice, frozen):
    lead = leads.add_lead(alice, f.contact(alice), f.lead()).lead
    leads.update_lead(alice, lead, status=LeadStatus.DEAD)
    assert not FollowUp.objects.filter(kind=FollowUpKind.CLOSE_LOOP).exists()


def test_r9_other_users_rows_are_not_found(alice, bob, frozen):
    rita = f.contact(alice)
    with pytest.raises(NotFound):
        network.resolve_contact(bob, rita.pk)
    with pytest.raises(NotFound):
        network.resolve_contact(bob, "Rita Recruiter")
    with pytest.raises(NotFound):
        calls.log_conversation(bob, rita, Outcome.REJECTED)
    assert Contact.objects.for_user(bob).count() == 0


def test_ambiguous_contact_name_lists_candidates_with_companies(alice):
    f.contact(alice, "Pat Smith", "Acme")
    f.contact(alice, "Pat Smith", "Globex")
    with pytest.raises(Conflict) as err:
        network.resolve_contact(alice, "pat smith")
    assert "Acme" in err.value.message and "Globex" in err.value.message


def test_phone_is_stored_e164_with_profile_region(alice):
    c = network.create_contact(alice, "Phil", phone="(415) 555-0132 ext. 12")
    assert c.phone == "+14155550132" and c.phone_ext == "12"
    with pytest.raises(Invalid):
        network.create_contact(alice, "Bad", phone="5551234")


def test_snooze_refuses_zero_days(alice, frozen):
    lead = leads.add_lead(alice, f.contact(alice), f.lead()).lead
    item = lead.followups.first()
    with pytest.raises(Invalid):
        followups.snooze(alice, item, 0)
    followups.snooze(alice, item, 3)
    item.refresh_from_db()
    assert item.status == "snoozed"


def test_permission_defaults_to_not_asked(alice, frozen):
    lead = leads.add_lead(alice, f.contact(alice), f.lead()).lead
    assert lead.permission == Permission.NOT_ASKED


def test_lead_remembers_when_contacted_and_when_it_replied(alice, frozen):
    lead = leads.add_lead(alice, f.contact(alice), f.lead()).lead
    assert lead.contacted_at is None and lead.replied_at is None
    leads.update_lead(alice, lead, status=LeadStatus.CONTACTED)
    contacted = lead.contacted_at
    assert contacted is not None and lead.replied_at is None
    frozen.shift(dt.timedelta(days=2))
    leads.update_lead(alice, lead, status=LeadStatus.TALKED)
    assert lead.contacted_at == contacted
    assert lead.replied_at - contacted == dt.timedelta(days=2)
