"""`parting user delete EMAIL [--yes]`: asks first, and a no (or no answer) deletes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from parting.core.models import Activity, Company, Contact, Conversation, Lead, Opening
from tests import factories as f
from tests.cli.helpers import assert_one_line_error
from tests.test_delete_account import bobs_rows, rows_naming  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def test_the_cli_asks_first_and_a_no_deletes_nothing(run, alice, bob):
    f.rejection(alice)
    for answer in ("n\n", "", "maybe\n"):
        result = run("user", "delete", "alice@example.com", stdin=answer)
        assert result.code == 1, result
        assert "Delete the account alice@example.com" in result.out
        assert result.err == (
            "parting: nothing deleted: alice@example.com is still there (answer y, or pass --yes)\n"
        )
    assert Conversation.objects.filter(owner=alice).exists()


def test_the_cli_deletes_after_a_yes(run, alice, bob, bobs_rows):  # noqa: F811
    f.rejection(alice)
    result = run("user", "delete", "Alice@Example.com", stdin="y\n")
    assert result.code == 0, result
    assert "Deleted the account alice@example.com" in result.out
    assert rows_naming(alice.pk) == {}
    assert rows_naming(bob.pk) == bobs_rows


def test_with_yes_it_asks_nothing_and_says_what_went_in_json(run, alice, bob):
    f.rejection(alice)
    result = run("user", "delete", "alice@example.com", "--yes", "--json")
    assert result.code == 0, result
    data = result.json()
    assert data["email"] == "alice@example.com" and data["deleted"]["core.Conversation"] == 1
    for model in (Company, Contact, Opening, Lead, Activity):
        assert not model.objects.filter(owner_id=alice.pk).exists()


def test_an_unknown_account_is_named_in_one_line(run, alice):
    result = run("user", "delete", "nobody@example.com", "--yes")
    assert_one_line_error(result, 1)
    assert "no account 'nobody@example.com'" in result.err
    assert get_user_model().objects.filter(pk=alice.pk).exists()
