"""The process's cache keeps what freshness remembers as objects, and forgets as Django's does."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from parting.core.domain import first_week, freshness
from parting.core.objectcache import ObjectCache


def test_it_hands_back_the_object_it_was_given_not_a_copy():
    value = {"rows": [object()]}
    cache.set("k", value)
    assert cache.get("k") is value
    assert cache.add("k", "other") is False and cache.get("k") is value
    assert cache.add("new", value) is True and cache.get("new") is value
    cache.set("n", 1)
    assert cache.incr("n", 2) == 3 and cache.get("n") == 3
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    cache.clear()
    assert cache.get("k", "gone") == "gone"


def test_it_expires_and_culls_like_locmem():
    small = ObjectCache("test-small", {"OPTIONS": {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2}})
    small.set("old", 1, timeout=-1)
    assert small.get("old", "expired") == "expired"
    for i in range(10):
        small.set(f"k{i}", i)
    assert sum(small.get(f"k{i}") is not None for i in range(10)) <= 4
    assert small.get("k9") == 9


@pytest.mark.django_db
def test_a_remembered_result_is_shared_until_the_data_changes(alice):
    made = []
    first = freshness.remembered(alice.pk, "t", ("a",), lambda: made.append(1) or ["r"])
    again = freshness.remembered(alice.pk, "t", ("a",), lambda: made.append(1) or ["r"])
    assert again is first and made == [1]
    freshness.changed([alice.pk])
    fresh = freshness.remembered(alice.pk, "t", ("a",), lambda: made.append(1) or ["r"])
    assert fresh is not first and made == [1, 1]


@pytest.mark.django_db
def test_a_put_away_checklist_costs_today_no_queries(alice, django_assert_num_queries):
    from parting.core.domain.profiles import get_profile
    from parting.web.views.first_week import today_card

    first_week.dismiss(alice)
    profile = get_profile(alice)
    with django_assert_num_queries(0):
        card = today_card(alice, profile)
    assert card["first_week"].dismissed and card["first_week_steps"] == []


@pytest.mark.django_db
def test_one_request_reads_the_stamp_once_and_sees_its_own_writes(alice, django_assert_num_queries):
    freshness.changed([alice.pk])
    with freshness.one_look():
        with django_assert_num_queries(1):
            first = freshness.stamp(alice.pk)
            assert freshness.stamp(alice.pk) == first
        freshness.changed([alice.pk])
        with django_assert_num_queries(0):
            mine = freshness.stamp(alice.pk)
        assert mine != first
    with django_assert_num_queries(1):
        assert freshness.stamp(alice.pk) == mine  # what this thread wrote is what was stored


@pytest.mark.django_db
def test_a_page_reads_the_stamp_once(alice_client, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    freshness.changed([alice.pk])
    alice_client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert alice_client.get("/").status_code == 200
    stamps = [q["sql"] for q in ctx.captured_queries if "core_datastamp" in q["sql"]]
    assert len(stamps) == 1, stamps
