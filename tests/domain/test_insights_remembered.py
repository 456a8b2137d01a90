"""What the insights remember is what they compute: on a varied account (the bench builder's),
the funnel, the tree and the people who help read back from the cache equal a fresh count."""

from __future__ import annotations

import datetime as dt

import pytest
from benchdata import load_bench_account
from django.core.cache import cache
from django.db.models import Count

from parting.core.domain import funnel, people, tree
from parting.core.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench(db):
    return load_bench_account("bench@example.com", contacts=300, conversations=1200, leads=260)


def shape(forest: tree.Forest) -> list:
    rows = [
        (n.kind, n.pk, n.name, n.detail, n.tone, n.at, n.contact_id, n.source, n.depth,
         n.parent.key if n.parent else None, [c.key for c in n.children])
        for n in forest.walk()
    ]  # fmt: skip
    doors = [(n.key, tree.door_sentence(n)) for n in forest.doors()]
    return [rows, [r.key for r in forest.roots], forest.size, forest.total_roots, doors]


def twice(compute):
    """The first call computes and remembers, the second reads back."""
    cache.clear()
    return compute(), compute()


def test_the_remembered_funnel_is_the_funnel(bench):
    weeks = [None, dt.date.today() - dt.timedelta(weeks=9)]
    for week in weeks:
        first, again = twice(lambda week=week: funnel.weekly(bench, week))
        total, trend = first
        assert total.conversations == 1200 and any(w.leads for w in trend)
        for remembered in (first, again):
            assert remembered[0].as_dict() == total.as_dict()
            assert [w.as_dict() for w in remembered[1]] == [w.as_dict() for w in trend]
        cache.clear()
        fresh_total, fresh_trend = funnel.weekly(bench, week)
        assert again[0].as_dict() == fresh_total.as_dict()
        assert [w.as_dict() for w in again[1]] == [w.as_dict() for w in fresh_trend]


def test_the_remembered_tree_is_the_tree(bench):
    busiest = (
        Contact.objects.for_user(bench).annotate(n=Count("conversations")).order_by("-n").first()
    )
    for contact, limit in [(None, 10), (None, 40), (None, 1000), (busiest, 10)]:
        computed = tree._referral_forest(bench, contact, limit)  # as before it was remembered
        first, again = twice(lambda c=contact, n=limit: tree.referral_forest(bench, c, n))
        assert computed.size > (20 if contact is None else 0)
        assert shape(first) == shape(again) == shape(computed)


def test_the_remembered_people_are_the_people(bench):
    today = dt.date.today()
    grouped = people.repliers(bench, today)
    expected = [
        (kind, len(grouped[kind]), grouped[kind][: people.LIMIT]) for kind, _, _ in people.CLASSES
    ]
    assert sum(total for _, total, _ in expected) > people.LIMIT
    first, again = twice(lambda: people.replier_classes(bench, today))
    for classes in (first, again):
        assert [(c.kind, c.total, c.first) for c in classes] == expected
    assert any(c.more for c in again)
    for by in ("given", "paid_off"):
        first_ranked, again_ranked = twice(lambda by=by: people.top_referrers(bench, by))
        assert first_ranked and again_ranked == first_ranked
