"""`parting lead add|list|set`: R2 through --conversation, R3 follow-ups, R8 close the loop."""

from __future__ import annotations

from shlex import split

import pytest

from parting.core.models import Ask, FollowUp, Lead
from tests import factories as f
from tests.cli.helpers import assert_one_line_error, counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


def test_lead_add_prints_the_lead_and_its_follow_ups(run, alice, rita, frozen):
    result = run(
        *split(
            "lead add 'Lena Lead' --from 'Rita Recruiter' "
            "--company Globex --permission granted --note 'runs the data team'"
        )
    )
    assert result.code == 0, result.err
    lead = Lead.objects.get()
    assert lead.company.name == "Globex"
    assert lead.note == "runs the data team"
    assert result.lines[0] == (
        f"Added Lead #{lead.pk} Lena Lead (Globex) from Rita Recruiter: permission granted, new."
    )
    assert result.lines[1] == "Follow-ups:"
    assert "Thank the referrer Thu 2026-03-05 Thank Rita Recruiter for suggesting" in result.flat
    assert "Contact the lead Fri 2026-03-06 Contact Lena Lead" in result.flat
    assert result.fits()


def test_lead_add_json_shape(run, alice, rita, frozen):
    result = run("lead", "add", "Lena Lead", "--from", str(rita.pk), "--thanked", "--json")
    assert result.code == 0, result.err
    data = result.json()
    lead = Lead.objects.get()
    assert data["id"] == lead.pk
    assert (data["referrer_id"], data["referrer"]) == (rita.pk, "Rita Recruiter")
    assert (data["contact_id"], data["contact"]) == (lead.contact_id, "Lena Lead")
    assert (data["permission"], data["status"], data["thanked"]) == ("not_asked", "new", True)
    assert data["thanked_at"] == "2026-03-04T10:00:00+00:00"
    assert [(fu["kind"], fu["due_on"], fu["contact"]) for fu in data["followups"]] == [
        ("contact_lead", "2026-03-06", "Lena Lead")
    ]


def test_r2_lead_add_with_a_conversation_records_the_ask(run, alice, rita, frozen):
    convo = f.rejection(alice, rita)
    first = run(
        *split(
            f"lead add 'Lena Lead' --from 'Rita Recruiter' "
            f"--conversation {convo.pk} --question niche_peer"
        )
    )
    assert first.code == 0, first.err
    ask = Ask.objects.get()
    assert (ask.response, ask.question.archetype) == ("gave_lead", "niche_peer")
    second = run(*split(f"lead add 'Max Mole' --from 'Rita Recruiter' --conversation {convo.pk}"))
    assert second.code == 0
    assert Ask.objects.count() == 1
    assert set(Lead.objects.values_list("ask_id", flat=True)) == {ask.pk}


def test_r2_lead_from_someone_else_on_the_conversation_is_refused(run, alice, rita, frozen):
    convo = f.rejection(alice, rita)
    f.contact(alice, "Sam Li", "Globex")
    before = counts()
    result = run("lead", "add", "Lena", "--from", "Sam Li", "--conversation", str(convo.pk))
    assert_one_line_error(result, 1)
    assert counts() == before


def test_lead_add_question_without_conversation_is_bad_usage(run, alice, rita):
    result = run("lead", "add", "Lena", "--from", "Rita Recruiter", "--question", "niche_peer")
    assert_one_line_error(result, 2)
    assert not Lead.objects.exists()


def test_lead_list_and_filter_by_status(run, alice, rita, frozen):
    run("lead", "add", "Lena Lead", "--from", "Rita Recruiter")
    run("lead", "add", "Max Mole", "--from", "Rita Recruiter")
    run("lead", "set", "Max Mole", "--status", "contacted")
    listing = run("lead", "list")
    assert listing.code == 0
    assert [line.split("  ")[1].strip() for line in listing.lines] == ["Max Mole", "Lena Lead"]
    assert all(line.endswith("from Rita Recruiter") for line in listing.lines)
    contacted = run("lead", "list", "--status", "contacted", "--json").json()
    assert [lead["name"] for lead in contacted] == ["Max Mole"]
    assert run("lead", "list", "--status", "won").out == "No leads.\n"


def test_r8_lead_set_talked_opens_close_the_loop_today(run, alice, rita, frozen):
    run("lead", "add", "Lena Lead", "--from", "Rita Recruiter")
    result = run("lead", "set", "Lena Lead", "--status", "talked")
    assert result.code == 0, result.err
    loop = FollowUp.objects.get(kind="close_loop")
    assert result.lines[0].startswith("Updated Lead #")
    assert result.lines[0].endswith("permission not_asked, talked.")
    assert (
        f"Follow-ups: #{loop.pk} Close the loop Wed 2026-03-04 "
        "Tell Rita Recruiter how it went with Lena Lead, and thank them"
    ) in result.flat
    assert result.fits()
    again = run("lead", "set", "Lena Lead", "--status", "won", "--json")
    assert again.json()["followups"] == []
    assert FollowUp.objects.filter(kind="close_loop").count() == 1


def test_lead_set_permission_and_thanked(run, alice, rita, frozen):
    run("lead", "add", "Lena Lead", "--from", "Rita Recruiter")
    lead = Lead.objects.get()
    result = run("lead", "set", str(lead.pk), "--permission", "granted", "--thanked", "--json")
    assert result.code == 0, result.err
    assert (result.json()["permission"], result.json()["thanked"]) == ("granted", True)
    assert FollowUp.objects.get(kind="thank_referrer").status == "done"


def test_lead_set_without_changes_is_bad_usage(run, alice, rita, frozen):
    run("lead", "add", "Lena Lead", "--from", "Rita Recruiter")
    assert_one_line_error(run("lead", "set", "Lena Lead"), 2)


def test_lead_set_bad_status_changes_nothing(run, alice, rita, frozen):
    run("lead", "add", "Lena Lead", "--from", "Rita Recruiter")
    result = run("lead", "set", "Lena Lead", "--status", "hired", "--permission", "granted")
    assert_one_line_error(result, 2)
    assert "unknown status 'hired'" in result.err
    lead = Lead.objects.get()
    assert (lead.status, lead.permission) == ("new", "not_asked")


def test_ambiguous_lead_name_lists_candidates(run, alice, rita, frozen):
    sam = f.contact(alice, "Sam Li", "Globex")
    run("lead", "add", "Lena Lead", "--from", "Rita Recruiter", "--company", "Initech")
    run("lead", "add", "Lena Lead", "--from", str(sam.pk), "--company", "Hooli")
    result = run("lead", "set", "Lena Lead", "--status", "contacted")
    assert_one_line_error(result, 1)
    assert "(from Rita Recruiter)" in result.err and "(from Sam Li)" in result.err


def test_r3_the_same_person_again_is_recognised_not_added(run, alice, rita, frozen):
    first = run(*split("lead add 'Zoë Lead' --from 'Rita Recruiter'"))
    assert first.code == 0, first.err
    before = counts()
    again = run(*split("lead add 'zoe lead' --from 'Rita Recruiter' --json"))
    assert again.code == 0, again.err
    data = again.json()
    lead = Lead.objects.get()
    assert data["id"] == lead.pk and data["known"] is True and data["followups"] == []
    assert counts() == before
    plain = run(*split("lead add 'ZOË LEAD' --from 'Rita Recruiter'"))
    assert plain.lines == [
        f"Rita Recruiter already suggested Zoë Lead: lead #{lead.pk}, not added again."
    ]


def test_r3_lead_add_to_a_conversation_joins_its_thank_you(run, alice, rita, frozen):
    convo = f.rejection(alice, rita)
    run(*split(f"ask {convo.pk} --question same_company --response gave_lead --lead 'Ann Lee'"))
    result = run(*split(f"lead add 'Bo Chan' --from 'Rita Recruiter' --conversation {convo.pk}"))
    assert result.code == 0, result.err
    assert "Thank Rita Recruiter for suggesting Ann Lee and Bo Chan" in result.flat
    [thank] = FollowUp.objects.filter(kind="thank_referrer")
    assert thank.title == "Thank Rita Recruiter for suggesting Ann Lee and Bo Chan"


def test_r6_lead_set_prints_the_follow_ups_it_opened(run, alice, rita, frozen):
    run(*split("lead add 'Ann Lee' --from 'Rita Recruiter' --company Globex"))
    result = run(*split("lead set 'Ann Lee' --status contacted --json"))
    assert result.code == 0, result.err
    assert {fu["kind"] for fu in result.json()["followups"]} == {"second_contact", "follow_up"}
