"""`parting call`: the live-call flow in the terminal, driven end to end through stdin."""

from __future__ import annotations

import pytest

from parting.core.choices import FollowUpKind, Permission, Response
from parting.core.models import Ask, Contact, Conversation, FollowUp, Lead
from tests import factories as f
from tests.cli.helpers import assert_one_line_error, counts

pytestmark = pytest.mark.django_db


def test_r1_rejection_goes_to_the_ask_and_prints_the_followups(run, alice, frozen):
    f.contact(alice, "Rita Recruiter", "Acme")
    # outcome 1 (rejected), question 1 (a favourite), response 1 (gave_lead), two leads,
    # each with permission granted, not thanked yet.
    stdin = "1\n1\n1\nLena Lead\ng\nMax Mole\ng\n\nn\n"
    result = run("call", "Rita Recruiter", stdin=stdin)
    assert result.code == 0, result.err
    out = result.flat
    assert "CALL WITH Rita Recruiter (Acme)" in out
    assert "PARTING QUESTIONS" in out and "here at Acme" in out  # the script, slots filled
    assert "One more question before you hang up:" in out
    convo = Conversation.objects.get()
    assert convo.outcome == "rejected"
    ask = Ask.objects.get()
    assert ask.response == Response.GAVE_LEAD and ask.question.favourite
    leads = Lead.objects.order_by("id")
    assert [lead.name for lead in leads] == ["Lena Lead", "Max Mole"]
    assert {lead.permission for lead in leads} == {Permission.GRANTED}
    assert "Follow-ups:" in out
    # R3: one thank-you for the call, naming both leads.
    assert "Thank Rita Recruiter for suggesting Lena Lead and Max Mole" in out
    assert FollowUp.objects.filter(kind=FollowUpKind.THANK_REFERRER).count() == 1
    # Piped input is not echoed, so prompts share lines; the script itself fits 80 columns.
    script = result.out.split("How did it end?")[0].splitlines()
    assert script and all(len(line) <= 80 for line in script)


def test_left_number_opens_a_check_back(run, alice, frozen):
    f.contact(alice, "Rita Recruiter", "Acme")
    result = run("call", "Rita Recruiter", stdin="rejected\n2\n2\n")
    assert result.code == 0, result.err
    assert "Rita Recruiter now has your number." in result.out
    assert FollowUp.objects.get().kind == FollowUpKind.CHECK_BACK
    assert Contact.objects.get().holds_my_number


def test_a_new_contact_is_asked_for_and_saved_with_the_call(run, alice, frozen):
    result = run("call", stdin="Nina New\nInitech\nadvanced\n")
    assert result.code == 0, result.err
    assert "CALL WITH Nina New (Initech)" in result.out
    convo = Conversation.objects.get()
    assert (convo.contact.name, convo.company.name, convo.outcome) == (
        "Nina New",
        "Initech",
        "advanced",
    )
    assert "One more question" not in result.out


def test_end_of_input_before_the_outcome_saves_nothing(run, alice, frozen):
    before = counts()
    result = run("call", stdin="Nina New\nInitech\n")
    assert_one_line_error_after_prompts(result)
    assert counts() == before


def assert_one_line_error_after_prompts(result):
    assert result.code == 2
    assert result.err == "parting: the call ended without an outcome; nothing was logged\n"


def test_unknown_contact_id_exits_1(run, alice):
    assert_one_line_error(run("call", "999"), 1)
