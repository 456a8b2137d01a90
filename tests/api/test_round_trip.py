"""A real client round trip over HTTP, with httpx only, gives what the CLI gives for the
same steps."""

from __future__ import annotations

import pytest

from parting.core.domain import questions, tokens
from tests import factories as f
from tests.api.round_trip import round_trip


def _followups(items):
    """What both doors must agree on: each follow-up's kind, title, due day and state."""
    return sorted((x["kind"], x["title"], x["due_on"], x["status"]) for x in items)


@pytest.mark.django_db(transaction=True)
def test_an_httpx_client_and_the_cli_agree(live_server, alice, bob, run_cli):
    for user in (alice, bob):
        f.contact(user, "Rita Recruiter", "Acme")
        questions.ensure_defaults(user)
    secret = tokens.create_token(alice, "round trip").secret
    via_api = round_trip(live_server.url, secret, "Rita Recruiter")

    bob_flags = ("--user", "bob@example.com", "--json")
    logged = run_cli(*bob_flags, "log", "Rita Recruiter", "--outcome", "rejected").json()
    assert logged["needs_ask"] is True
    asked = run_cli(
        *bob_flags,
        "ask",
        str(logged["id"]),
        "--question",
        "same_company",
        "--response",
        "gave_lead",
        "--lead",
        "Lena Lead",
        "--lead",
        "Max Miller",
        "--permission",
        "granted",
    ).json()
    lead_names = [x["name"] for x in asked["leads"]]
    thanks = next(x for x in asked["followups"] if x["kind"] == "thank_referrer")
    run_cli(*bob_flags, "done", str(thanks["id"]))
    via_cli = run_cli(*bob_flags, "due", "--on", "2200-01-01").json()

    assert via_api["conversation"]["needs_ask"] is True
    assert [x["name"] for x in via_api["ask"]["leads"]] == lead_names
    assert [x["permission"] for x in via_api["ask"]["leads"]] == ["granted", "granted"]
    assert [x["permission"] for x in asked["leads"]] == ["granted", "granted"]
    assert _followups(via_api["ask"]["followups"]) == _followups(asked["followups"])
    assert via_api["done"]["status"] == "done"
    open_api = [x for x in via_api["followups"] if x["status"] == "open"]
    assert _followups(open_api) == _followups(via_cli)
