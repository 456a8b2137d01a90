"""`parting stats` and `parting tree`: the same numbers and tree as the insights pages."""

from __future__ import annotations

import pytest

from parting.core.domain import funnel
from tests.cli.helpers import assert_one_line_error
from tests.insights_data import story

pytestmark = pytest.mark.django_db


def test_stats_prints_the_funnel_ask_rate_and_yield(run, alice, frozen):
    story(alice)
    result = run("stats")
    assert result.code == 0, result.err
    assert "week of 2026-03-02" in result.out
    assert "Rejections 4 2" in result.flat
    assert "Ask rate 3 of 4 (75%) 1 of 2 (50%)" in result.flat
    assert "1 ask — too few to rank" in result.out and "2 asks — too few to rank" in result.out
    assert result.fits(80)


def test_stats_json_matches_the_domain(run, alice, frozen):
    story(alice)
    data = run("stats", "--json").json()
    expected = funnel.stats(alice).as_dict()
    assert data == expected
    assert data["all_time"]["asks"] == 3 and data["all_time"]["ask_rate"] == 0.75
    assert data["week"]["rejections"] == 2
    niche = next(y for y in data["yield"]["archetypes"] if y["key"] == "niche_peer")
    assert niche == {
        "key": "niche_peer",
        "label": "Other companies in the niche",
        "asks": 1,
        "leads": 1,
        "yield": 1.0,
        "rank": None,
        "note": "1 ask — too few to rank",
    }


def test_stats_for_a_chosen_week(run, alice, frozen):
    story(alice)
    data = run("stats", "--week", "2026-02-11", "--json").json()
    assert data["week"]["since"].startswith("2026-02-09")
    week = data["week"]
    # Lena's no that week gave Nia, who was interviewed (the offer came from the week before).
    assert (week["rejections"], week["asks"], week["leads"], week["interviews"]) == (1, 1, 1, 1)
    assert week["offers"] == 0


def test_stats_refuses_a_bad_week(run, alice):
    result = run("stats", "--week", "soon")
    assert_one_line_error(result, 2)
    assert "not a date" in result.err


def test_tree_prints_the_whole_tree_with_the_path_back(run, alice, frozen):
    story(alice)
    result = run("tree")
    assert result.code == 0, result.err
    lines = result.lines
    assert lines[0].startswith("Rita Recruiter: Phone screen, Acme")
    assert any("lead #" in line and "Nia North" in line for line in lines)
    assert (
        "This interview came from a no two hops back (Rita Recruiter, 2 Feb 2026)." in result.flat
    )
    assert result.fits(80)


def test_tree_of_one_contact_and_as_json(run, alice, frozen):
    s = story(alice)
    text = run("tree", "Lena Lead").out
    assert "Nia North" in text and "Mo Moss" not in text
    nodes = run("tree", "Lena Lead", "--json").json()
    assert [n["kind"] for n in nodes] == ["conversation", "lead", "conversation"]
    assert nodes[1]["name"] == "Nia North" and nodes[1]["parent"] == nodes[0]["key"]
    assert nodes[2]["id"] == s.interview.pk and nodes[2]["came_from"].startswith("This interview")


def test_tree_of_an_unknown_contact_exits_1(run, alice):
    assert_one_line_error(run("tree", "Nobody"), 1)


def test_tree_and_stats_are_scoped_to_the_acting_user(run, alice, charlie, frozen):
    s = story(alice)
    mine = run("tree", "--user", "charlie@example.com")
    assert mine.code == 0 and "Rita" not in mine.out and "No referrals yet" in mine.out
    assert_one_line_error(run("tree", str(s.rita.pk), "--user", "charlie@example.com"), 1)
    data = run("stats", "--json", "--user", "charlie@example.com").json()
    assert data["all_time"]["conversations"] == 0


def test_stats_says_what_each_step_counts_as_the_web_does(run, alice):
    result = run("stats")
    assert result.code == 0, result.err
    assert "What each step counts" in result.out
    assert "Interviews: Leads that led to an interview" in result.out
    assert "is a rejection." in result.flat


def test_stats_counts_a_call_logged_since_the_last_run(run, alice, frozen):
    s = story(alice)
    assert "Conversations 6 2" in run("stats").flat
    assert run("log", str(s.rita.pk), "--outcome", "advanced").code == 0
    assert "Conversations 7 3" in run("stats").flat
