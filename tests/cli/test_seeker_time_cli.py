"""The CLI works in the seeker's zone too: times it prints, zones it is told by city."""

from __future__ import annotations

import pytest
from django.utils import timezone

from parting.core.domain.profile_update import update_profile
from parting.core.domain.profiles import get_profile
from tests.insights_data import story

pytestmark = pytest.mark.django_db


def test_the_tree_dates_conversations_by_the_seekers_day(run, alice, frozen):
    update_profile(alice, timezone="Pacific/Kiritimati")  # UTC+14: Rita's no is on 3 Feb there
    story(alice)
    result = run("tree")
    assert result.code == 0, result.err
    assert "Rita Recruiter: Phone screen, Acme 2026-02-03 [no]" in result.out
    assert "one hop back (Rita Recruiter, 3 Feb 2026)" in result.out


def test_a_command_leaves_the_process_zone_as_it_found_it(run, alice):
    update_profile(alice, timezone="America/Chicago")
    assert run("due").code == 0
    assert timezone.get_current_timezone_name() == "UTC"


def test_profile_timezone_takes_a_city_name(run, alice):
    result = run("profile", "--timezone", "chicago", "--json")
    assert result.code == 0, result.err
    assert get_profile(alice).timezone == "America/Chicago"


def test_profile_timezone_names_the_candidates_when_unclear(run, alice):
    result = run("profile", "--timezone", "Indiana")
    assert result.code == 2
    assert "did you mean America/Indiana/Indianapolis" in result.err
    assert get_profile(alice).timezone == "UTC"


def test_times_printed_by_the_call_log_are_local(run, alice, frozen):
    update_profile(alice, timezone="America/Chicago")
    run("contact", "add", "Rita Recruiter")
    result = run("log", "Rita Recruiter", "--outcome", "advanced", "--at", "2026-03-04 06:03")
    assert result.code == 0, result.err
    assert "06:03" in result.out and "12:03" not in result.out
