"""Tokens at the API's door: shown once and kept as a hash, read-only or read-write,
expiring, revocable, in the Authorization header only, and counted against a rate limit."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import override_settings

from parting.core.choices import ActivityKind
from parting.core.domain import tokens
from parting.core.domain.errors import Invalid, NotFound
from parting.core.models import Activity, ApiToken
from tests.api.conftest import Api, problem

pytestmark = pytest.mark.django_db


def test_a_token_is_kept_as_its_hash_and_named_by_its_prefix(alice):
    made = tokens.create_token(alice, "phone shortcut")
    row = ApiToken.objects.get(pk=made.token.pk)
    assert made.secret.startswith(row.prefix + "_")
    assert row.token_hash == hashlib.sha256(made.secret.encode()).hexdigest()
    assert made.secret not in {getattr(row, f.attname) for f in ApiToken._meta.fields}
    kinds = list(Activity.objects.filter(owner=alice).values_list("kind", "detail"))
    assert (ActivityKind.TOKEN_CREATED, f"{row.prefix} phone shortcut") in kinds


def test_the_token_acts_as_its_owner(alice):
    api = Api(tokens.create_token(alice, "t").secret)
    data = api.get("me").json()
    assert data["email"] == "alice@example.com"
    assert data["token"]["read_only"] is False


def test_no_token_is_a_401_problem(anonymous_api):
    r = anonymous_api.get("contacts")
    problem(r, 401, "no_token")


def test_an_unknown_token_is_a_401(db):
    problem(Api("pt_abcdefgh_nonsense").get("contacts"), 401, "bad_token")
    problem(Api("not-even-a-token").get("contacts"), 401, "bad_token")


def test_a_token_in_the_query_string_is_refused(alice):
    secret = tokens.create_token(alice, "t").secret
    anonymous = Api(None)
    problem(anonymous.get("contacts", access_token=secret), 400, "token_in_query")
    problem(anonymous.get("contacts", search=secret), 400, "token_in_query")
    # Even beside a good header: the address has leaked it already.
    problem(Api(secret).get("contacts", token=secret), 400, "token_in_query")


def test_a_revoked_token_stops_at_once(alice):
    made = tokens.create_token(alice, "t")
    api = Api(made.secret)
    assert api.get("contacts").status_code == 200
    tokens.revoke_token(alice, made.token.pk)
    problem(api.get("contacts"), 401, "bad_token")
    assert Activity.objects.filter(owner=alice, kind=ActivityKind.TOKEN_REVOKED).exists()


def test_an_expired_token_is_refused(alice, time_machine):
    made = tokens.create_token(alice, "t", expires_days=1)
    api = Api(made.secret)
    assert api.get("contacts").status_code == 200
    time_machine.move_to(made.token.expires_at + dt.timedelta(seconds=1))
    problem(api.get("contacts"), 401, "bad_token")


def test_a_read_only_token_reads_but_does_not_write(alice_reader):
    assert alice_reader.get("contacts").status_code == 200
    problem(alice_reader.post("contacts", {"name": "Rita"}), 403, "read_only_token")
    from parting.core.models import Contact

    assert not Contact.objects.filter(owner=alice_reader.user).exists()


def test_a_token_of_a_deactivated_account_is_refused(alice):
    api = Api(tokens.create_token(alice, "t").secret)
    alice.is_active = False
    alice.save()
    problem(api.get("contacts"), 401, "bad_token")


def test_last_used_is_recorded(alice, time_machine):
    made = tokens.create_token(alice, "t")
    assert made.token.last_used_at is None
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC))
    Api(made.secret).get("contacts")
    made.token.refresh_from_db()
    assert made.token.last_used_at == dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC)


@override_settings(PARTING_API_RATE_LIMIT=3)
def test_the_rate_limit_answers_429_with_retry_after(alice, time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 30, 15, tzinfo=dt.UTC), tick=False)
    made = tokens.create_token(alice, "t")
    api = Api(made.secret)
    assert [api.get("contacts").status_code for _ in range(3)] == [200, 200, 200]
    r = api.get("contacts")
    problem(r, 429, "rate_limited")
    assert r["Retry-After"] == "45"
    # Another token of the same account has its own allowance.
    assert Api(tokens.create_token(alice, "other").secret).get("contacts").status_code == 200
    # The next minute starts afresh.
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 31, 0, tzinfo=dt.UTC), tick=False)
    assert api.get("contacts").status_code == 200


@override_settings(PARTING_API_RATE_LIMIT=2)
def test_the_rate_limit_is_counted_in_the_database_not_in_the_process(alice, time_machine):
    """Two clients (as two app processes would) share one count: it lives on the row."""
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 30, 0, tzinfo=dt.UTC), tick=False)
    made = tokens.create_token(alice, "t")
    first, second = Api(made.secret), Api(made.secret)
    assert first.get("contacts").status_code == 200
    assert second.get("contacts").status_code == 200
    problem(first.get("contacts"), 429)
    assert ApiToken.objects.get(pk=made.token.pk).window_hits == 2


def test_token_names_and_expiry_are_checked(alice):
    with pytest.raises(Invalid):
        tokens.create_token(alice, "   ")
    with pytest.raises(Invalid):
        tokens.create_token(alice, "x" * 101)
    with pytest.raises(Invalid):
        tokens.create_token(alice, "t", expires_days=0)
    with pytest.raises(Invalid):
        tokens.create_token(alice, "t", expires_days=100_000)
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_accounts_token(alice, bob):
    made = tokens.create_token(alice, "t")
    with pytest.raises(NotFound):
        tokens.revoke_token(bob, made.token.pk)
    with pytest.raises(NotFound):
        tokens.revoke_token(bob, made.token.prefix)
    assert ApiToken.objects.get(pk=made.token.pk).revoked_at is None


def test_openapi_is_public(anonymous_api):
    r = anonymous_api.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert r.json()["openapi"].startswith("3.1")


def test_last_used_is_written_once_a_minute(alice, time_machine):
    made = tokens.create_token(alice, "t")
    api = Api(made.secret)
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 30, 5, tzinfo=dt.UTC), tick=False)
    api.get("contacts")
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 30, 50, tzinfo=dt.UTC), tick=False)
    api.get("contacts")
    row = ApiToken.objects.get(pk=made.token.pk)
    assert row.last_used_at == dt.datetime(2026, 5, 1, 9, 30, 5, tzinfo=dt.UTC)
    assert row.window_hits == 2
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 31, 2, tzinfo=dt.UTC), tick=False)
    api.get("contacts")
    row.refresh_from_db()
    assert row.last_used_at == dt.datetime(2026, 5, 1, 9, 31, 2, tzinfo=dt.UTC)
