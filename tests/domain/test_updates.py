"""Edits go through the domain's update_* functions, so the rules hold on edits as on creation."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import FollowUpKind, Kind, Outcome, Response, Stage
from parting.core.domain import calendar, calls, followups, leads, network
from parting.core.domain.conversation_update import update_conversation
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.network_update import update_company, update_contact, update_opening
from parting.core.models import Contact, Conversation, FollowUp, Lead, Opening
from tests import factories as f
from tests.ical_helpers import parse_with_icalendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


@pytest.fixture
def sam(alice):
    return f.contact(alice, "Sam Sender", "Hooli")


def gave_lead(user, who, *names):
    convo = f.rejection(user, who)
    calls.record_ask(user, convo, None, Response.GAVE_LEAD, [f.lead(n) for n in names])
    return convo


# -- conversations: R1, R2, R5 and the opening's stage ---------------------------------


def test_r2_editing_contact_repoints_referrer(alice, frozen, rita, sam):
    convo = gave_lead(alice, rita, "Lena Lead", "Max Mole")
    update_conversation(alice, convo, contact=sam)
    assert {lead.referrer_id for lead in Lead.objects.all()} == {sam.pk}
    thanks = FollowUp.objects.filter(kind=FollowUpKind.THANK_REFERRER)
    assert {fu.contact_id for fu in thanks} == {sam.pk}
    assert all("Sam Sender" in fu.title and "Rita" not in fu.title for fu in thanks)
    assert all(fu.sequence == 1 for fu in thanks)  # calendars replace the event


def test_r2_editing_contact_to_one_of_its_leads_is_refused_and_changes_nothing(alice, frozen, rita):
    convo = gave_lead(alice, rita, "Lena Lead")
    lena = Contact.objects.get(name="Lena Lead")
    with pytest.raises(Invalid, match="cannot refer themselves") as caught:
        update_conversation(alice, convo, contact=lena, note="changed")
    assert caught.value.field == "contact"
    convo.refresh_from_db()
    assert convo.contact_id == rita.pk and convo.note == ""
    assert Lead.objects.get().referrer_id == rita.pk


def test_r2_leads_of_other_conversations_keep_their_referrer(alice, frozen, rita, sam):
    moved = gave_lead(alice, rita, "Lena Lead")
    gave_lead(alice, rita, "Other Person")
    update_conversation(alice, moved, contact=sam)
    assert Lead.objects.get(contact__name="Other Person").referrer_id == rita.pk


def test_r1_editing_outcome_to_rejected_wants_the_parting_question(alice, frozen, rita):
    convo = calls.log_conversation(alice, rita, Outcome.ADVANCED)
    assert not calls.needs_ask(convo)
    update_conversation(alice, convo, outcome=Outcome.REJECTED)
    assert calls.needs_ask(Conversation.objects.get(pk=convo.pk))


def test_r1_a_rejection_already_asked_does_not_ask_again(alice, frozen, rita):
    convo = gave_lead(alice, rita, "Lena Lead")
    update_conversation(alice, convo, outcome=Outcome.ADVANCED)
    update_conversation(alice, convo, outcome=Outcome.REJECTED)
    assert not calls.needs_ask(convo)


def test_r5_editing_contact_moves_the_number_and_the_check_back(alice, frozen, rita, sam):
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.LEFT_NUMBER)
    update_conversation(alice, convo, contact=sam)
    rita.refresh_from_db()
    sam.refresh_from_db()
    assert sam.holds_my_number and not rita.holds_my_number
    check_back = FollowUp.objects.get(kind=FollowUpKind.CHECK_BACK)
    assert check_back.contact_id == sam.pk and "Sam Sender" in check_back.title


def test_r5_the_old_contact_keeps_a_number_left_in_another_conversation(alice, frozen, rita, sam):
    for _ in range(2):
        calls.record_ask(alice, f.rejection(alice, rita), None, Response.LEFT_NUMBER)
    update_conversation(alice, Conversation.objects.first(), contact=sam)
    rita.refresh_from_db()
    assert rita.holds_my_number


def test_r5_a_later_lead_stops_linking_to_a_conversation_no_longer_with_its_referrer(
    alice, frozen, rita, sam
):
    left = f.rejection(alice, rita)
    calls.record_ask(alice, left, None, Response.LEFT_NUMBER)
    later = leads.add_lead(alice, rita, f.lead("Lena Lead")).lead
    assert later.callback_of_id == left.pk
    update_conversation(alice, left, contact=sam)
    later.refresh_from_db()
    assert later.callback_of_id is None


def test_r5_leads_moved_to_a_contact_holding_the_number_link_back(alice, frozen, rita, sam):
    left = f.rejection(alice, sam)
    calls.record_ask(alice, left, None, Response.LEFT_NUMBER)
    convo = gave_lead(alice, rita, "Lena Lead")
    update_conversation(alice, convo, contact=sam)
    assert Lead.objects.get().callback_of_id == left.pk


@pytest.mark.parametrize("outcome", [o for o in Outcome.values if o != Outcome.UNDECIDED])
def test_editing_outcome_moves_the_opening_as_logging_does(alice, frozen, rita, outcome):
    convo = calls.log_conversation(alice, rita, Outcome.UNDECIDED, opening="Analyst")
    update_conversation(alice, convo, outcome=outcome)
    logged = calls.log_conversation(alice, rita, outcome, opening="Engineer")
    edited_stage = Opening.objects.get(title="Analyst").stage
    assert edited_stage == Opening.objects.get(pk=logged.opening_id).stage


def test_editing_outcome_to_offer_moves_the_opening_to_offer(alice, frozen, rita):
    convo = calls.log_conversation(alice, rita, Outcome.ADVANCED, opening="Analyst")
    update_conversation(alice, convo, outcome=Outcome.OFFER)
    assert Opening.objects.get().stage == Stage.OFFER


def test_editing_only_the_note_leaves_a_stage_set_by_hand(alice, frozen, rita):
    convo = calls.log_conversation(alice, rita, Outcome.OFFER, opening="Analyst")
    update_opening(alice, convo.opening, stage=Stage.ACCEPTED)
    update_conversation(alice, convo, note="Signed!")
    assert Opening.objects.get().stage == Stage.ACCEPTED


def test_editing_the_opening_moves_the_new_one(alice, frozen, rita):
    convo = calls.log_conversation(alice, rita, Outcome.OFFER, opening="Analyst")
    update_conversation(alice, convo, opening="Lead Analyst")
    assert Opening.objects.get(title="Lead Analyst").stage == Stage.OFFER
    update_conversation(alice, convo, opening="")
    assert Conversation.objects.get().opening is None


def test_editing_kind_to_interview_schedules_the_thank_you_like_logging(alice, frozen, rita):
    convo = calls.log_conversation(alice, rita, Outcome.ADVANCED)
    update_conversation(alice, convo, kind=Kind.INTERVIEW)
    assert FollowUp.objects.filter(conversation=convo, title__startswith="Thank Rita").exists()


def test_an_empty_company_means_the_contacts(alice, frozen, rita, sam):
    convo = calls.log_conversation(alice, rita, Outcome.ADVANCED)
    update_conversation(alice, convo, contact=sam, company="")
    assert convo.company == sam.company


def test_r9_a_conversation_cannot_be_moved_to_another_users_contact(alice, bob, frozen, rita):
    convo = f.rejection(alice, rita)
    with pytest.raises(NotFound):
        update_conversation(alice, convo, contact=f.contact(bob, "Bob's Friend"))
    with pytest.raises(NotFound):
        update_conversation(bob, convo, note="mine now")


def test_a_bad_outcome_changes_nothing(alice, frozen, rita):
    convo = f.rejection(alice, rita)
    with pytest.raises(Invalid, match="outcome"):
        update_conversation(alice, convo, outcome="maybe", note="x")
    assert Conversation.objects.get().note == ""


# -- contacts, companies, openings -------------------------------------------------------


def test_update_contact_checks_like_create_and_changes_nothing_on_bad_input(alice, rita):
    with pytest.raises(Invalid, match="phone"):
        update_contact(alice, rita, name="Rita R.", phone="not a number")
    rita.refresh_from_db()
    assert rita.name == "Rita Recruiter"


def test_update_contact_stores_phone_e164_and_clears_or_adds_the_company(alice, rita):
    update_contact(alice, rita, phone="(312) 555-0199 ext. 12", company="Initech")
    assert (rita.phone, rita.phone_ext, rita.company.name) == ("+13125550199", "12", "Initech")
    update_contact(alice, rita, company="")
    assert Contact.objects.get(pk=rita.pk).company is None


def test_renaming_a_contact_renames_them_in_open_follow_ups(alice, frozen, rita):
    gave_lead(alice, rita, "Lena Lead")
    update_contact(alice, rita, name="Rita Rivera")
    titles = list(FollowUp.objects.values_list("title", flat=True))
    assert all("Recruiter" not in t for t in titles)
    assert any("Rita Rivera" in t for t in titles)


def test_r9_update_contact_refuses_another_users_contact_or_company(alice, bob, rita):
    with pytest.raises(NotFound):
        update_contact(bob, rita, name="Stolen")
    with pytest.raises(NotFound):
        update_contact(alice, rita, company=network.create_company(bob, "Bob Co"))


def test_update_company_refuses_a_taken_name_and_a_parent_cycle(alice):
    acme = network.create_company(alice, "Acme")
    labs = network.create_company(alice, "Acme Labs", parent=acme)
    with pytest.raises(Conflict):
        update_company(alice, labs, name="ACME")
    with pytest.raises(Invalid, match="ancestor"):
        update_company(alice, acme, parent=labs)
    update_company(alice, labs, parent="", website="https://acme.example")
    labs.refresh_from_db()
    assert labs.parent is None and labs.website == "https://acme.example"


def test_update_opening_checks_its_stage(alice, rita):
    opening = network.create_opening(alice, rita.company, "Analyst")
    with pytest.raises(Invalid, match="stage"):
        update_opening(alice, opening, stage="hired")
    update_opening(alice, opening, stage=Stage.APPLIED, title="  Senior  Analyst ")
    assert (opening.stage, opening.title) == (Stage.APPLIED, "Senior Analyst")


def test_update_lead_keeps_its_note(alice, frozen, rita):
    gave_lead(alice, rita, "Lena Lead")
    lead = leads.update_lead(alice, Lead.objects.get(), note="Call after 3pm").lead
    assert Lead.objects.get(pk=lead.pk).note == "Call after 3pm"


# -- follow-ups ----------------------------------------------------------------------


def test_editing_a_follow_up_raises_its_calendar_sequence(alice, frozen):
    item = followups.add_followup(alice, "Write to Rita", on=dt.date(2026, 3, 5))
    followups.update_followup(alice, item, title="Call Rita", due_on=dt.date(2026, 3, 9))
    item.refresh_from_db()
    assert (item.title, item.due_on, item.sequence) == ("Call Rita", dt.date(2026, 3, 9), 1)
    event = next(iter(parse_with_icalendar(calendar.calendar_for(alice)).walk("VEVENT")))
    assert str(event["summary"]) == "Call Rita" and int(event["sequence"]) == 1
    assert event.decoded("dtstart") == dt.date(2026, 3, 9)


def test_a_follow_up_edit_that_changes_nothing_keeps_its_sequence(alice, frozen):
    item = followups.add_followup(alice, "Write to Rita", on=dt.date(2026, 3, 5))
    followups.update_followup(alice, item, title=" Write  to Rita ", due_on=dt.date(2026, 3, 5))
    assert FollowUp.objects.get().sequence == 0


def test_a_follow_up_title_must_not_be_empty(alice, frozen):
    item = followups.add_followup(alice, "Write to Rita")
    with pytest.raises(Invalid, match="empty"):
        followups.update_followup(alice, item, title="   ", due_on=dt.date(2026, 3, 9))
    assert FollowUp.objects.get().due_on == dt.date(2026, 3, 4)


def test_r9_another_users_follow_up_cannot_be_edited(alice, bob, frozen):
    item = followups.add_followup(alice, "Write to Rita")
    with pytest.raises(NotFound):
        followups.update_followup(bob, item, title="Mine")
