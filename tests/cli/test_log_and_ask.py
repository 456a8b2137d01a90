"""`parting log` and `parting ask`: R1 (the parting question right away), R2, R3, R5."""

from __future__ import annotations

import datetime as dt
from shlex import split

import pytest

from parting.core.choices import FollowUpKind
from parting.core.domain.profiles import get_profile
from parting.core.models import Ask, Contact, Conversation, FollowUp, Lead, Question
from tests import factories as f
from tests.cli.helpers import assert_one_line_error, counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


@pytest.fixture
def convo(alice, rita, frozen):
    return f.rejection(alice, rita)


def test_log_prints_the_conversation(run, alice, rita, frozen):
    result = run(*split("log 'Rita Recruiter' --outcome advanced --kind interview --channel video"))
    assert result.code == 0, result.err
    convo = Conversation.objects.get()
    assert result.out == (
        f"Logged #{convo.pk}: Interview with Rita Recruiter (Acme), 2026-03-04 10:00: advanced.\n"
    )
    assert (convo.kind, convo.channel, convo.contact_id) == ("interview", "video", rita.pk)


def test_log_json_shape(run, alice, rita, frozen):
    result = run(
        *split(
            f"log {rita.pk} --outcome rejected --opening "
            f"'Data engineer' --note 'went well until salary' --json"
        )
    )
    assert result.code == 0, result.err
    data = result.json()
    convo = Conversation.objects.get()
    assert data == {
        "id": convo.pk,
        "contact_id": rita.pk,
        "contact": "Rita Recruiter",
        "company_id": rita.company_id,
        "company": "Acme",
        "opening_id": convo.opening_id,
        "opening": "Data engineer",
        "kind": "phone_screen",
        "channel": "phone",
        "at": "2026-03-04T10:00:00+00:00",
        "outcome": "rejected",
        "note": "went well until salary",
        "needs_ask": True,
    }


def test_r1_log_rejected_when_not_interactive_prints_one_hint(run, alice, rita, frozen):
    result = run("log", "Rita Recruiter", "--outcome", "rejected")
    convo = Conversation.objects.get()
    assert result.code == 0
    assert result.lines[1] == (
        f"Rejected: ask your parting question → parting ask {convo.pk} "
        "--question same_company --response …"
    )
    assert len(result.lines) == 2
    assert not Ask.objects.exists()


def test_log_at_is_read_in_the_profile_time_zone(run, alice, rita, frozen):
    profile = get_profile(alice)
    profile.timezone = "America/New_York"
    profile.save()
    for when in ("2026-03-03 14:30", "2026-03-03T14:30"):
        assert run("log", "Rita Recruiter", "--outcome", "advanced", "--at", when).code == 0
    assert run("log", "Rita Recruiter", "--outcome", "advanced", "--at", "2026-03-02").code == 0
    assert run("log", "Rita Recruiter", "--outcome", "advanced", "--at", "now").code == 0
    times = sorted(c.at for c in Conversation.objects.all())
    assert times == [
        dt.datetime(2026, 3, 2, 5, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 3, 19, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 3, 19, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC),
    ]


def test_r1_interactive_log_prompts_and_records_the_leads(run, alice, rita, frozen):
    answers = "1\n1\nLena Lead\ng\nMax Mole\nd\n\ny\n"
    result = run("log", "Rita Recruiter", "--outcome", "rejected", stdin=answers, interactive=True)
    assert result.code == 0, result.err
    assert "One more question before you hang up:" in result.out
    assert "here at Acme who is hiring" in result.flat  # the slot is filled
    assert "Question [1-4, Enter to skip]: " in result.out
    ask = Ask.objects.get()
    assert ask.response == "gave_lead"
    assert ask.question.archetype == "same_company"
    leads = Lead.objects.order_by("id")
    assert [lead.name for lead in leads] == ["Lena Lead", "Max Mole"]
    assert [(lead.permission, lead.thanked_at is not None) for lead in leads] == [
        ("granted", True),
        ("declined", True),
    ]
    assert "May you use Rita Recruiter's name with Max Mole?" in result.out
    assert {lead.referrer_id for lead in leads} == {rita.pk}
    # Thanked on the call: only the contact-lead follow-ups, Wednesday + 2 business days.
    assert "Contact the lead Fri 2026-03-06 Contact Lena Lead" in result.flat
    assert "Thank the referrer" not in result.out


def test_r1_interactive_favourites_are_listed_first(run, alice, rita, frozen):
    Question.objects.filter(owner=alice, archetype="niche_peer").update(favourite=False)
    Question.objects.filter(owner=alice, archetype="community").update(favourite=True)
    result = run("log", "Rita Recruiter", "--outcome", "rejected", stdin="2\n3\n", interactive=True)
    options = [line for line in result.lines if line.startswith("  ") and ". " in line[:6]]
    assert options[0].startswith("  1.  ★") and options[1].startswith("  2.  ★")
    assert "business community" in options[1]
    ask = Ask.objects.get()
    assert (ask.question.archetype, ask.response) == ("community", "declined")


def test_r1_interactive_enter_skips_and_saves_no_ask(run, alice, rita, frozen):
    result = run("log", "Rita Recruiter", "--outcome", "rejected", stdin="\n", interactive=True)
    assert result.code == 0
    assert Conversation.objects.count() == 1
    assert not Ask.objects.exists()
    assert "Skipped. Rejected: ask your parting question" in result.out


def test_r1_interactive_left_number_opens_a_check_back(run, alice, rita, frozen):
    result = run(
        *split("log 'Rita Recruiter' --outcome rejected"),
        stdin="1\nleft_number\n",
        interactive=True,
    )
    assert result.code == 0
    assert "Check back Wed 2026-03-18" in result.flat
    assert Contact.objects.get(pk=rita.pk).holds_my_number


def test_r2_interactive_gave_lead_needs_a_name(run, alice, rita, frozen):
    result = run(
        *split("log 'Rita Recruiter' --outcome rejected"), stdin="1\n1\n\n3\n", interactive=True
    )
    assert "needs at least one name (R2)" in result.out
    assert Ask.objects.get().response == "declined"
    assert not Lead.objects.exists()


def test_interactive_prompts_are_not_shown_with_json(run, alice, rita, frozen):
    result = run("log", "Rita Recruiter", "--outcome", "rejected", "--json", interactive=True)
    assert result.json()["needs_ask"] is True


def test_r3_ask_gave_lead_prints_follow_ups_with_exact_dates(run, alice, rita, convo):
    result = run(
        *split(f"ask {convo.pk} --question same_company --response gave_lead --lead 'Lena Lead'")
    )
    assert result.code == 0, result.err
    lead = Lead.objects.get()
    first, second = FollowUp.objects.order_by("due_on")
    assert result.lines[:3] == [
        f"Recorded the ask on #{convo.pk}: gave_lead (same_company question "
        f"#{convo.asks.get().question_id}).",
        f"Lead #{lead.pk} Lena Lead from Rita Recruiter: permission not_asked, new",
        "Follow-ups:",
    ]
    assert result.flat.endswith(
        f"Follow-ups: #{first.pk} Thank the referrer Thu 2026-03-05 "
        "Thank Rita Recruiter for suggesting Lena Lead "
        f"#{second.pk} Contact the lead Fri 2026-03-06 "
        "Contact Lena Lead (suggested by Rita Recruiter)"
    )
    assert result.fits()


def test_ask_with_several_leads_applies_permission_and_thanks_to_each(run, alice, convo):
    result = run(
        *split(
            f"ask {convo.pk} --question niche_peer --response gave_lead "
            f"--lead 'Lena Lead' --lead 'Max Mole' --permission granted --thanked --json"
        )
    )
    assert result.code == 0, result.err
    data = result.json()
    ask = Ask.objects.get()
    assert data["id"] == ask.pk
    assert data["conversation_id"] == convo.pk
    assert (data["contact_id"], data["contact"]) == (convo.contact_id, "Rita Recruiter")
    assert (data["archetype"], data["response"]) == ("niche_peer", "gave_lead")
    assert [(lead["name"], lead["permission"], lead["thanked"]) for lead in data["leads"]] == [
        ("Lena Lead", "granted", True),
        ("Max Mole", "granted", True),
    ]
    assert {lead["referrer"] for lead in data["leads"]} == {"Rita Recruiter"}
    assert [(fu["kind"], fu["due_on"]) for fu in data["followups"]] == [
        ("contact_lead", "2026-03-06"),
        ("contact_lead", "2026-03-06"),
    ]


def test_ask_by_question_id(run, alice, convo):
    question = Question.objects.get(owner=alice, archetype="community")
    result = run("ask", str(convo.pk), "--question", str(question.pk), "--response", "declined")
    assert result.code == 0
    assert Ask.objects.get().question == question


def test_r2_gave_lead_without_a_lead_is_refused_and_saves_nothing(run, alice, convo):
    before = counts()
    result = run("ask", str(convo.pk), "--question", "same_company", "--response", "gave_lead")
    assert_one_line_error(result, 2)
    assert "at least one lead" in result.err
    assert counts() == before


def test_ask_declined_with_a_lead_is_refused(run, alice, convo):
    before = counts()
    result = run(*split(f"ask {convo.pk} --question same_company --response declined --lead Lena"))
    assert_one_line_error(result, 2)
    assert counts() == before


def test_permission_without_a_lead_is_refused(run, alice, convo):
    result = run(*split(f"ask {convo.pk} --question same_company --response declined --thanked"))
    assert_one_line_error(result, 2)
    assert not Ask.objects.exists()


def test_r5_left_number_then_a_later_lead_links_back(run, alice, rita, convo):
    result = run("ask", str(convo.pk), "--question", "same_company", "--response", "left_number")
    assert result.code == 0, result.err
    check_back = FollowUp.objects.get(kind=FollowUpKind.CHECK_BACK)
    assert check_back.due_on == dt.date(2026, 3, 18)
    assert f"#{check_back.pk} Check back Wed 2026-03-18" in result.flat
    assert "Rita Recruiter now has your number." in result.out
    assert Contact.objects.get(pk=rita.pk).holds_my_number

    later = run("lead", "add", "Lena Lead", "--from", "Rita Recruiter", "--json")
    assert later.code == 0, later.err
    assert later.json()["callback_of_id"] == convo.pk
    check_back.refresh_from_db()
    assert check_back.status == "done"


def test_ask_on_an_unknown_conversation_is_not_found(run, alice, frozen):
    result = run("ask", "999", "--question", "same_company", "--response", "declined")
    assert_one_line_error(result, 1)


def test_ask_with_an_unknown_archetype_is_bad_input(run, alice, convo):
    result = run("ask", str(convo.pk), "--question", "best_one", "--response", "declined")
    assert_one_line_error(result, 2)
    assert not Ask.objects.exists()


def test_r3_ask_with_two_leads_makes_one_thank_you_naming_both(run, alice, convo):
    result = run(
        *split(
            f"ask {convo.pk} --question same_company --response gave_lead "
            "--lead 'Lena Lead' --lead 'Max Mole' --json"
        )
    )
    assert result.code == 0, result.err
    thanks = [fu for fu in result.json()["followups"] if fu["kind"] == "thank_referrer"]
    assert [(fu["title"], fu["due_on"]) for fu in thanks] == [
        ("Thank Rita Recruiter for suggesting Lena Lead and Max Mole", "2026-03-05")
    ]
    assert FollowUp.objects.filter(kind=FollowUpKind.THANK_REFERRER).count() == 1


def test_r3_ask_recognises_a_person_the_contact_suggested_before(run, alice, rita, convo):
    run(*split("lead add 'Lena Lead' --from 'Rita Recruiter'"))
    result = run(
        *split(
            f"ask {convo.pk} --question same_company --response gave_lead "
            "--lead 'LENA LEAD' --lead 'Max Mole'"
        )
    )
    assert result.code == 0, result.err
    lena = Lead.objects.get(contact__name="Lena Lead")
    assert f"Rita Recruiter already suggested Lena Lead: lead #{lena.pk}, not added again." in (
        result.lines
    )
    assert Lead.objects.count() == 2 and lena.followups.count() == 2


def test_r3_ask_naming_only_known_people_records_nothing(run, alice, rita, convo):
    run(*split("lead add 'Lena Lead' --from 'Rita Recruiter'"))
    before = counts()
    result = run(
        *split(f"ask {convo.pk} --question same_company --response gave_lead --lead 'Lena Lead'")
    )
    assert_one_line_error(result, 1)
    assert "Rita Recruiter already suggested Lena Lead" in result.err
    assert counts() == before


def test_r3_interactive_call_recognises_a_known_name(run, alice, rita, frozen):
    run(*split("lead add 'Lena Lead' --from 'Rita Recruiter'"))
    answers = "1\n1\nLena Lead\ng\nMax Mole\ng\n\nn\n"
    result = run("log", "Rita Recruiter", "--outcome", "rejected", stdin=answers, interactive=True)
    assert result.code == 0, result.err
    assert "Rita Recruiter already suggested Lena Lead" in result.out
    assert sorted(lead.name for lead in Lead.objects.all()) == ["Lena Lead", "Max Mole"]


def test_interactive_questions_fill_company_from_the_conversation(run, alice, rita, frozen):
    answers = "\n"
    result = run(
        "log", "Rita Recruiter", "--outcome", "rejected", "--company", "Initech",
        stdin=answers, interactive=True,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "here at Initech" in result.flat and "here at Acme" not in result.flat
