"""The first week's progress comes from what the seeker really did, one step at a time."""

from __future__ import annotations

import pytest

from parting.core.choices import Archetype, LeadStatus, Permission, Response
from parting.core.domain import calls, drill, first_week, leads, question_bank, questions, script
from parting.core.domain.errors import Invalid
from parting.core.models import Profile
from tests import factories as f

pytestmark = pytest.mark.django_db


def done(user) -> dict[str, bool]:
    return {step.key: is_done for step, is_done in first_week.progress(user).steps}


def rewrite_all(user) -> None:
    for question in questions.questions(user):
        question_bank.edit_question(user, question, f"In my words: {question.text[:40]}")


def test_a_new_seeker_has_six_steps_to_do(alice):
    progress = first_week.progress(alice)
    assert [s.key for s, _ in progress.steps] == first_week.STEP_KEYS
    assert progress.done == 0 and progress.shown and progress.next_step.key == "questions"


def test_step_1_wants_every_kind_in_the_seekers_own_words(alice):
    kinds = [Archetype.SAME_COMPANY, Archetype.SISTER_COMPANY, Archetype.NICHE_PEER]
    for question in questions.questions(alice).filter(archetype__in=kinds):
        question_bank.edit_question(alice, question, "Who else should I talk to, {name}?")
    assert not done(alice)["questions"]  # the community question is still the starting one
    community = questions.questions(alice).get(archetype=Archetype.COMMUNITY)
    question_bank.edit_question(alice, community, "Who in town should know my name?")
    assert done(alice)["questions"]


def test_step_2_wants_both_favourites_practised(alice):
    first, second = questions.favourites(alice)
    drill.grade(alice, first, "good")
    assert not done(alice)["practise"]
    drill.grade(alice, second, "hard")
    assert done(alice)["practise"]
    # Practising a question that is not a favourite does not count.
    questions.set_favourite(alice, second, False)
    assert not done(alice)["practise"]


def test_step_3_wants_the_script_in_own_words_with_both_lines(alice):
    script.get_script(alice)  # seeing the script makes it, with the starting wording
    assert not done(alice)["script"]
    script.update_script(alice, {"opening": "Hello {name}, it's {my_name} again."})
    assert done(alice)["script"]
    script.update_script(alice, {"number_line": ""})
    assert not done(alice)["script"]


def test_steps_4_and_5_want_an_ask_then_a_thank_you_and_a_contact(alice):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    ask = calls.record_ask(
        alice, f.rejection(alice, rita), None, Response.GAVE_LEAD, [f.lead("Lena Lead")]
    ).ask
    assert done(alice)["call"] and not done(alice)["thank"]
    lena = ask.leads.get()
    leads.update_lead(alice, lena, thanked=True)
    assert not done(alice)["thank"]  # permission not asked yet
    leads.update_lead(alice, lena, permission=Permission.GRANTED)
    assert not done(alice)["thank"]  # the lead not contacted yet
    leads.update_lead(alice, lena, status=LeadStatus.CONTACTED)
    assert done(alice)["thank"]


def test_step_6_wants_one_thing_to_change(alice, frozen):
    with pytest.raises(Invalid, match="write one thing to change next week"):
        first_week.note_week_change(alice, "   ")
    with pytest.raises(Invalid, match="longer than 500 characters"):
        first_week.note_week_change(alice, "x" * 501)
    assert not done(alice)["review"]
    assert Profile.objects.get(owner=alice).week_change == ""
    first_week.note_week_change(alice, "  Ask  before the goodbye  ")
    profile = Profile.objects.get(owner=alice)
    assert profile.week_change == "Ask before the goodbye"
    assert profile.week_change_on.isoformat() == "2026-03-04"
    assert done(alice)["review"]


def test_dismissed_hides_it_and_resume_brings_it_back(alice):
    first_week.dismiss(alice)
    assert not first_week.progress(alice).shown
    first_week.resume(alice)
    assert first_week.progress(alice).shown


def test_all_six_done_takes_it_off_today(alice, bob):
    rewrite_all(alice)
    for question in questions.favourites(alice):
        drill.grade(alice, question, "good")
    script.update_script(alice, {"pitch": "I build warehouse software."})
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    lead = calls.record_ask(
        alice,
        f.rejection(alice, rita),
        None,
        Response.GAVE_LEAD,
        [f.lead("Lena Lead", permission=Permission.GRANTED, thanked=True)],
    ).ask.leads.get()
    leads.update_lead(alice, lead, status=LeadStatus.CONTACTED)
    first_week.note_week_change(alice, "Call earlier in the day")
    progress = first_week.progress(alice)
    assert progress.complete and not progress.shown and progress.next_step is None
    # Another account's week is its own (R9).
    assert first_week.progress(bob).done == 0
