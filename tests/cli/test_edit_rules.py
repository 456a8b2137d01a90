"""The CLI's edits go through the domain: `conversation edit`, `contact edit`, `company edit`,
`lead set` and `followup edit` keep the rules as logging and adding do."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import FollowUpKind, LeadStatus, Outcome, Response, Stage
from parting.core.domain import calls, followups
from parting.core.models import Company, Contact, Conversation, FollowUp, Lead, Opening
from tests import factories as f
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


@pytest.fixture
def sam(alice):
    return f.contact(alice, "Sam Sender", "Hooli")


def gave_lead(user, who, name="Lena Lead"):
    convo = f.rejection(user, who)
    calls.record_ask(user, convo, None, Response.GAVE_LEAD, [f.lead(name)])
    return convo


# -- conversation edit -------------------------------------------------------------------


def test_r2_editing_contact_repoints_referrer(run, alice, frozen, rita, sam):
    convo = gave_lead(alice, rita)
    result = run("conversation", "edit", str(convo.pk), "--contact", "Sam Sender")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Saved #{convo.pk}: Phone screen with Sam Sender (Acme)")
    assert Lead.objects.get().referrer_id == sam.pk
    assert FollowUp.objects.get(kind=FollowUpKind.THANK_REFERRER).contact_id == sam.pk


def test_r2_editing_contact_to_its_own_lead_is_refused(run, alice, frozen, rita):
    convo = gave_lead(alice, rita)
    result = run("conversation", "edit", str(convo.pk), "--contact", "Lena Lead", "--note", "x")
    assert_one_line_error(result, 2)
    assert "cannot refer themselves" in result.err
    assert Conversation.objects.get().contact_id == rita.pk


def test_r1_editing_outcome_to_rejected_prompts_for_the_parting_question(run, alice, frozen, rita):
    convo = calls.log_conversation(alice, rita, Outcome.ADVANCED)
    result = run("conversation", "edit", str(convo.pk), "--outcome", "rejected")
    assert result.code == 0, result.err
    assert f"parting ask {convo.pk} --question" in result.out
    data = run("conversation", "edit", str(convo.pk), "--note", "x", "--json").json()
    assert data["needs_ask"] is True


def test_r5_editing_contact_moves_the_number_left(run, alice, frozen, rita, sam):
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.LEFT_NUMBER)
    run("conversation", "edit", str(convo.pk), "--contact", str(sam.pk))
    assert list(Contact.objects.filter(holds_my_number=True)) == [sam]
    assert FollowUp.objects.get(kind=FollowUpKind.CHECK_BACK).contact_id == sam.pk


def test_editing_outcome_to_offer_moves_the_opening_like_logging(run, alice, frozen, rita):
    convo = calls.log_conversation(alice, rita, Outcome.ADVANCED, opening="Analyst")
    result = run("conversation", "edit", str(convo.pk), "--outcome", "offer", "--json")
    assert result.json()["outcome"] == "offer"
    assert Opening.objects.get().stage == Stage.OFFER


def test_conversation_edit_without_changes_is_bad_usage(run, alice, frozen, rita):
    convo = f.rejection(alice, rita)
    assert_one_line_error(run("conversation", "edit", str(convo.pk)), 2)


def test_conversation_edit_of_a_missing_one_is_not_found(run, alice, frozen):
    assert_one_line_error(run("conversation", "edit", "999", "--note", "x"), 1)


# -- contact and company edit ---------------------------------------------------------


def test_contact_edit_checks_like_add_and_renames_in_follow_ups(run, alice, frozen, rita):
    gave_lead(alice, rita)
    bad = run("contact", "edit", "Rita Recruiter", "--name", "Rita R", "--phone", "nope")
    assert_one_line_error(bad, 2)
    assert Contact.objects.get(pk=rita.pk).name == "Rita Recruiter"
    result = run("contact", "edit", "Rita Recruiter", "--name", "Rita Rivera", "--company", "")
    assert result.lines == [f"Saved contact #{rita.pk}: Rita Rivera."]
    assert "Rita Rivera" in FollowUp.objects.get(kind=FollowUpKind.THANK_REFERRER).title


def test_company_edit_refuses_a_taken_name(run, alice, rita, sam):
    result = run("company", "edit", "Hooli", "--name", "acme")
    assert_one_line_error(result, 1)
    assert Company.objects.filter(name="Hooli").exists()
    assert run("company", "edit", "Hooli", "--parent", "Acme").code == 0
    assert Company.objects.get(name="Hooli").parent.name == "Acme"


# -- lead set and followup edit ----------------------------------------------------------


def test_r8_lead_set_to_talked_opens_the_close_the_loop(run, alice, frozen, rita):
    gave_lead(alice, rita)
    result = run("lead", "set", "Lena Lead", "--status", LeadStatus.TALKED)
    assert result.code == 0, result.err
    assert FollowUp.objects.filter(kind=FollowUpKind.CLOSE_LOOP, contact=rita).exists()


def test_lead_set_keeps_a_note_through_the_domain(run, alice, frozen, rita):
    gave_lead(alice, rita)
    data = run("lead", "set", "Lena Lead", "--note", "Call after 3pm", "--json").json()
    assert data["id"] == Lead.objects.get(note="Call after 3pm").pk


def test_followup_edit_changes_title_and_day_and_raises_the_sequence(run, alice, frozen):
    item = followups.add_followup(alice, "Write to Rita")
    result = run("followup", "edit", str(item.pk), "--title", "Call Rita", "--on", "2026-03-09")
    assert result.lines == [f"Changed follow-up #{item.pk}, due Mon 2026-03-09: Call Rita"]
    item.refresh_from_db()
    assert (item.title, item.due_on, item.sequence) == ("Call Rita", dt.date(2026, 3, 9), 1)
    data = run("followup", "edit", str(item.pk), "--on", "tomorrow", "--json").json()
    assert (data["title"], data["due_on"]) == ("Call Rita", "2026-03-05")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 2),
        (["--title", "  "], 2),
        (["--on", "someday"], 2),
    ],
)
def test_a_bad_followup_edit_changes_nothing(run, alice, frozen, args, code):
    item = followups.add_followup(alice, "Write to Rita")
    assert_one_line_error(run("followup", "edit", str(item.pk), *args), code)
    item.refresh_from_db()
    assert (item.title, item.due_on, item.sequence) == ("Write to Rita", dt.date(2026, 3, 4), 0)


def test_r9_followup_edit_cannot_reach_another_users_follow_up(run, alice, bob, frozen):
    item = followups.add_followup(bob, "Bob's own")
    result = run("followup", "edit", str(item.pk), "--title", "Hijacked", "--user", alice.email)
    assert_one_line_error(result, 1)
    assert FollowUp.objects.get().title == "Bob's own"
