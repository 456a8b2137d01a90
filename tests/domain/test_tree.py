"""The referral tree: built from a hand-built story, safe on cycles and very deep chains."""

from __future__ import annotations

import pytest

from parting.core.choices import Response
from parting.core.domain import calls, tree
from parting.core.models import Lead
from parting.web import charts
from tests import factories as f
from tests.insights_data import at, chain, story

pytestmark = pytest.mark.django_db


def test_tree_runs_from_the_no_through_leads_to_interviews_and_offers(alice, frozen):
    s = story(alice)
    forest = tree.referral_forest(alice)
    assert [r.pk for r in forest.roots] == [s.root.pk]
    assert forest.size == 7
    root = forest.roots[0]
    assert root.tone == "no" and root.name == "Rita Recruiter"
    assert [c.name for c in root.children] == ["Lena Lead", "Mo Moss"]
    lena, mo = root.children
    assert [c.tone for c in mo.children] == ["offer"]
    (second,) = lena.children
    assert second.tone == "no" and [c.name for c in second.children] == ["Nia North"]
    (interview,) = second.children[0].children
    assert interview.pk == s.interview.pk and interview.tone == "interview"
    assert interview.hops() == 2 and mo.children[0].hops() == 1


def test_a_door_shows_its_path_back_to_the_no(alice, frozen):
    story(alice)
    doors = tree.referral_forest(alice).doors()
    assert [d.tone for d in doors] == ["interview", "offer"]  # most recent first
    assert tree.door_sentence(doors[0]) == (
        "This interview came from a no two hops back (Rita Recruiter, 2 Feb 2026)."
    )
    assert tree.door_sentence(doors[1]).startswith("This offer came from a no one hop back")
    assert [n.name for n in doors[0].path()] == [
        "Rita Recruiter", "Lena Lead", "Lena Lead", "Nia North", "Nia North",
    ]  # fmt: skip


def test_one_contacts_tree_starts_at_their_conversations(alice, frozen):
    s = story(alice)
    assert s.lena.contact
    forest = tree.referral_forest(alice, s.lena.contact)
    assert [r.name for r in forest.roots] == ["Lena Lead"]
    assert forest.size == 3  # Lena's no, the lead Nia, Nia's interview
    assert {n.tone for n in forest.walk()} == {"no", "new", "interview"}


def test_a_referral_cycle_is_drawn_once(alice, frozen):
    """A referred B, then B referred A: every conversation and lead appears once."""
    a = f.contact(alice, "Ann Able", "Acme")
    first = f.rejection(alice, a)
    calls.record_ask(alice, first, None, Response.GAVE_LEAD, [f.lead("Ben Bold", "Globex")])
    ben = Lead.objects.get(conversation=first).contact
    assert ben is not None
    back = f.rejection(alice, ben)
    calls.record_ask(alice, back, None, Response.GAVE_LEAD, [f.lead("Ann Able", "Acme")])
    assert Lead.objects.filter(contact=a).exists()  # the cycle is real
    forest = tree.referral_forest(alice)
    keys = [n.key for n in forest.walk()]
    assert len(keys) == len(set(keys)) == forest.size == 4
    assert len(forest.roots) == 1
    # From Ben: his "no" and the lead Ann; Ann's call came before Ben named her, so it is
    # not under him: the tree only runs forward in time, and so cannot loop.
    bens = tree.referral_forest(alice, ben)
    assert [n.name for n in bens.walk()] == ["Ben Bold", "Ann Able"]


def test_a_very_deep_chain_needs_no_recursion(alice, frozen, django_assert_max_num_queries):
    chain(alice, 3000)
    with django_assert_max_num_queries(4):
        forest = tree.referral_forest(alice)
    # 3000 "no"s and 3000 leads: the last person's "no" gave nothing, so it is not drawn.
    assert len(forest.roots) == 1 and forest.size == 6000
    deepest = forest.walk()[-1]
    assert deepest.kind == "lead" and deepest.name == "Person 3000"
    assert deepest.depth == 5999 and deepest.hops() == 3000
    lines = tree.text_lines(forest)
    assert len(lines) == 6000 and all(len(line) <= 80 for line in lines)
    assert "[5999]" in lines[-1]
    svg = charts.tree_svg(forest, "deep")
    assert svg.count("<a ") == charts.MAX_NODES and "+1 more" in svg


def test_doors_of_a_week_with_their_path_back(alice, frozen, django_assert_max_num_queries):
    s = story(alice)
    with django_assert_max_num_queries(6):
        (interview,) = tree.doors_between(alice, at(16), at(23))
    assert interview.pk == s.interview.pk
    assert interview.path_names() == ["Rita Recruiter", "Lena Lead", "Nia North"]
    assert tree.door_sentence(interview).startswith("This interview came from a no two hops")
    (offer,) = tree.doors_between(alice, at(9), at(16))
    assert offer.tone == "offer" and offer.hops() == 1
    assert tree.doors_between(alice, at(26), at(4, 3)) == []


def test_the_tree_is_scoped_to_its_owner(alice, bob, frozen):
    story(alice)
    assert tree.referral_forest(bob).roots == []
    assert tree.referral_forest(bob).size == 0


def test_the_lines_leave_from_the_end_of_each_label_not_from_under_it(alice, frozen):
    import re

    story(alice)
    svg = str(charts.tree_svg(tree.referral_forest(alice), "story"))
    number = r"([\d.]+)"
    labels = [  # (row, where the label starts, where it ends)
        (float(y) - 4, float(x), float(x) + charts._label_width(name))
        for x, y, name in re.findall(f'<text x="{number}" y="{number}"[^>]*>([^<]+)</text>', svg)
    ]
    starts = re.findall(f'<path class="edge" d="M{number},{number} H', svg)
    assert starts
    for x, y in map(lambda p: (float(p[0]), float(p[1])), starts):
        parent = max((label for label in labels if label[0] == y and label[1] < x), default=None)
        assert parent is not None and x >= parent[2] - 15, (x, y, parent)
