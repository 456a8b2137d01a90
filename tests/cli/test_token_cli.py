"""`parting token create|list|revoke`."""

from __future__ import annotations

import pytest

from parting.core.domain import tokens
from parting.core.models import ApiToken
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db

ALICE = ("--user", "alice@example.com")


def test_create_list_revoke(run, alice):
    made = run(
        *ALICE, "token", "create", "phone shortcut", "--read-only", "--expires", "30", "--json"
    )
    assert made.code == 0, made.err
    data = made.json()
    token = tokens.authenticate(data["token"])
    assert token is not None and token.read_only and data["scope"] == "read"
    assert data["prefix"] == token.prefix and data["expires_at"]
    text = run(*ALICE, "token", "create", "sync")
    assert text.code == 0 and "not shown again" in text.out
    listed = run(*ALICE, "token", "list", "--json").json()
    assert [t["name"] for t in listed] == ["sync", "phone shortcut"]
    assert "token" not in listed[0]  # the secret is never listed
    lines = run(*ALICE, "token", "list").out
    assert token.prefix in lines and data["token"] not in lines and "never used" in lines
    gone = run(*ALICE, "token", "revoke", token.prefix)
    assert gone.code == 0 and "stops working now" in gone.out
    assert tokens.authenticate(data["token"]) is None
    assert [t["name"] for t in run(*ALICE, "token", "list", "--json").json()] == ["sync"]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("token", "create", " "), 2, "needs a name"),
        (("token", "create", "x", "--expires", "0"), 2, "between 1 and"),
        (("token", "create", "x", "--expires", "soon"), 2, "--expires takes a whole number"),
        (("token", "revoke", "99"), 1, "no token"),
        (("token", "revoke", "pt_nothing"), 1, "no token"),
    ],
)
def test_bad_input(run, alice, args, code, message):
    result = run(*ALICE, *args)
    assert_one_line_error(result, code)
    assert message in result.err
    assert not ApiToken.objects.exists()


def test_nobody_revokes_or_lists_another_accounts_token(run, alice, charlie):
    made = tokens.create_token(alice, "Zanzibar")
    result = run("--user", "charlie@example.com", "token", "revoke", str(made.token.pk))
    assert_one_line_error(result, 1)
    listed = run("--user", "charlie@example.com", "token", "list")
    assert made.token.prefix not in listed.out and "Zanzibar" not in listed.out
    assert tokens.authenticate(made.secret) is not None
