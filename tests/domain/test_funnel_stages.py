"""The funnel's stages are defined once and monotonic: from "lead" on, each count is part of
the one before; a rejected interview is a rejection, not an interview won."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import Kind, LeadStatus, Outcome, Response
from parting.core.domain import calls, funnel, leads, questions, stages, tree
from tests import factories as f

pytestmark = pytest.mark.django_db

FEB = dt.datetime(2026, 2, 2, 15, 0, tzinfo=dt.UTC)


def _lead_from_rita(user, *inputs):
    """Rita says no on 2 Feb and names `inputs`; the leads, in order."""
    convo = f.rejection(user, f.contact(user, "Rita Recruiter"), at=FEB)
    same = questions.resolve_question(user, "same_company")
    captured = calls.record_ask(user, convo, same, Response.GAVE_LEAD, list(inputs))
    return sorted(captured.leads, key=lambda lead: lead.pk)


def _later(days: int) -> dt.datetime:
    return FEB + dt.timedelta(days=days)


def _stages(user) -> list[int]:
    total = funnel.stats(user).all_time
    return [getattr(total, key) for key in funnel.LEAD_STAGES]


def test_a_rejected_interview_is_a_rejection_not_an_interview(alice, frozen):
    (nia,) = _lead_from_rita(alice, f.lead("Nia North", "Hooli"))
    calls.log_conversation(alice, nia.contact, Outcome.REJECTED, kind=Kind.INTERVIEW, at=_later(9))
    total = funnel.stats(alice).all_time
    assert (total.rejections, total.leads, total.talked, total.interviews) == (2, 1, 1, 0)
    assert tree.conversation_tone(Outcome.REJECTED, Kind.INTERVIEW, None) == "no"
    assert not stages.is_interview(Outcome.REJECTED, Kind.INTERVIEW, "interviewing")


def test_interviews_that_no_lead_led_to_are_not_in_the_funnel(alice, frozen):
    applied = f.contact(alice, "Hank Hiring", company="Initech")
    calls.log_conversation(alice, applied, Outcome.ADVANCED, kind=Kind.INTERVIEW, at=FEB)
    total = funnel.stats(alice).all_time
    assert (total.conversations, total.talked, total.interviews) == (1, 0, 0)


def test_each_stage_from_lead_on_is_part_of_the_one_before(alice, frozen):
    _new, contacted, dead, talked, interviewed, offered = _lead_from_rita(
        alice, *(f.lead(name, "Globex") for name in ("Ann", "Ben", "Cy", "Di", "Ed", "Flo"))
    )
    leads.update_lead(alice, contacted, status=LeadStatus.CONTACTED)
    leads.update_lead(alice, dead, status=LeadStatus.DEAD)
    leads.update_lead(alice, talked, status=LeadStatus.TALKED)
    # Ed and Flo were never marked: their conversations say how far they got.
    calls.log_conversation(alice, interviewed.contact, Outcome.UNDECIDED, kind=Kind.INTERVIEW)
    calls.log_conversation(alice, offered.contact, Outcome.OFFER, at=_later(20))
    assert _stages(alice) == [6, 5, 3, 2, 1]  # a dead lead answered: it was contacted


def test_only_conversations_since_the_referral_count(alice, frozen):
    nia = f.contact(alice, "Nia North", company="Hooli")
    calls.log_conversation(alice, nia, Outcome.ADVANCED, kind=Kind.INTERVIEW, at=_later(-30))
    _lead_from_rita(alice, f.lead("Nia North", "Hooli"))
    assert _stages(alice) == [1, 0, 0, 0, 0]


def test_a_voicemail_is_not_talking_with_the_lead(alice, frozen):
    (nia,) = _lead_from_rita(alice, f.lead("Nia North", "Hooli"))
    calls.log_conversation(alice, nia.contact, Outcome.VOICEMAIL, at=_later(3))
    assert _stages(alice)[2] == 0
    calls.log_conversation(alice, nia.contact, Outcome.UNDECIDED, at=_later(4))
    assert _stages(alice)[2] == 1


def test_a_lead_naming_only_a_company_counts_conversations_there(alice, frozen):
    (globex,) = _lead_from_rita(alice, f.lead("", "Globex"))
    assert globex.contact is None
    hank = f.contact(alice, "Hank Hiring", company="Globex")
    calls.log_conversation(alice, hank, Outcome.ADVANCED, kind=Kind.INTERVIEW, at=_later(5))
    assert _stages(alice) == [1, 1, 1, 1, 0]


def test_leads_count_in_the_week_of_the_call_they_came_from(alice, frozen):
    _lead_from_rita(alice, f.lead("Nia North", "Hooli"))
    by_week = {w.since.date(): w.leads for w in funnel.stats(alice).trend if w.since}
    assert by_week[dt.date(2026, 2, 2)] == 1 and by_week[dt.date(2026, 3, 2)] == 0


def test_every_stage_is_defined_once_with_its_meaning():
    assert [key for key, _ in funnel.STEPS] == [
        "conversations", "rejections", "asks", "leads",
        "contacted", "talked", "interviews", "offers",
    ]  # fmt: skip
    assert all(step.meaning for step in stages.STEPS)
