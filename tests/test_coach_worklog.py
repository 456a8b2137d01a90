"""A coach reads a shared seeker's work-search log through the share's scope (R9): with a
`numbers` share only the weekly counts, with `full` every activity; without a live share,
nothing (404 on the web, exit 1 in the terminal). By the web and by the CLI."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from parting.cli.env import Environment
from parting.cli.main import main
from parting.core.choices import Kind, Outcome
from parting.core.domain import calls, network, sharing, worklog
from tests import factories as f
from tests.cli.helpers import Result, assert_one_line_error

pytestmark = pytest.mark.django_db

# Names in the seekers' logs: none of alice's may reach a coach with her numbers share.
ALICE_NAMES = ("Quentin Quibble", "Zanzibar Freight", "Zeppelin Pilot", "zanzibar.example")


@pytest.fixture
def logs(alice, bob, frozen):
    zanzibar = network.create_company(alice, "Zanzibar Freight", website="https://zanzibar.example")
    quentin = f.contact(alice, "Quentin Quibble", zanzibar.name, title="Recruiter")
    calls.log_conversation(alice, quentin, Outcome.REJECTED, opening="Zeppelin Pilot")
    calls.log_conversation(alice, quentin, Outcome.UNDECIDED, kind=Kind.INFORMATIONAL)
    calls.log_conversation(bob, f.contact(bob, "Bertha Bell", "Bell Corp"), Outcome.ADVANCED)


def url(user) -> str:
    return reverse("coach_worklog", kwargs={"seeker_id": user.pk})


def test_a_numbers_share_gives_the_weekly_counts_and_no_name(coach_client, alice, shared, logs):
    response = coach_client.get(url(alice))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Work-search log of Alice Archer" in page
    assert '<span class="stat">2</span> activities logged, 3 required' in page
    assert '<span class="stat">1</span> with an employer' in page
    assert "shares numbers only" in page
    assert not [name for name in ALICE_NAMES if name in page]


def test_a_full_share_gives_every_activity(coach_client, bob, shared, logs):
    page = coach_client.get(url(bob), {"week": "2026-03-06"}).content.decode()
    assert "Bertha Bell" in page and "Bell Corp" in page and "Advanced" in page


def test_the_domain_applies_the_scope(coach, alice, bob, shared, logs):
    numbers = worklog.shared(sharing.shared_view(coach, alice.pk))
    assert (numbers.names, numbers.entries, numbers.counts.activities) == (False, [], 2)
    assert "entries" not in numbers.as_dict()
    full = worklog.shared(sharing.shared_view(coach, bob.pk))
    assert full.names and [e.contact for e in full.entries] == ["Bertha Bell"]


def test_no_share_no_log(charlie_client, alice, shared, logs):
    for method in ("get", "post"):
        response = getattr(charlie_client, method)(url(alice))
        assert response.status_code == 404
        assert b"Quentin" not in response.content


def test_revoking_turns_the_coachs_reads_into_404_at_once(coach_client, alice, shared, logs):
    assert coach_client.get(url(alice)).status_code == 200
    sharing.revoke(alice, "coach@example.com")
    assert coach_client.get(url(alice)).status_code == 404


def test_a_coach_writes_nothing_here(coach_client, alice, shared, logs):
    assert coach_client.post(url(alice), {"week": "2026-03-04"}).status_code == 405


def test_a_week_that_is_not_a_date_is_one_clear_error(coach_client, alice, shared, logs):
    response = coach_client.get(url(alice), {"week": "soon"})
    assert response.status_code == 400 and b'class="error"' in response.content


# -- the terminal: parting worklog --seeker SEEKER --------------------------------------


def run(*args: str) -> Result:
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())
    code = main(["--user", "coach@example.com", "worklog", *args], env)
    return Result(code, env.stdout.getvalue(), env.stderr.getvalue())


def test_the_cli_gives_a_numbers_share_its_counts_only(alice, shared, logs):
    result = run("--seeker", "alice@example.com")
    assert result.code == 0, result
    assert "2 activities (3 required), 1 employer contact (1 required)" in result.out
    assert "shares numbers only" in result.out
    assert not [name for name in ALICE_NAMES if name in result.out]
    data = run("--seeker", str(alice.pk), "--json").json()
    assert (data["scope"], data["activities"], data["employer_contacts"]) == ("numbers", 2, 1)
    assert "entries" not in data and not [n for n in ALICE_NAMES if n in str(data)]


def test_the_cli_gives_a_full_share_every_activity(bob, shared, logs):
    data = run("--seeker", "bob@example.com", "--week", "2026-03-02", "--json").json()
    assert [e["contact"] for e in data["entries"]] == ["Bertha Bell"]


@pytest.mark.parametrize("seeker", ["charlie@example.com", "nobody@example.com", "99999"])
def test_the_cli_refuses_a_seeker_who_does_not_share(charlie, shared, logs, seeker):
    result = run("--seeker", seeker)
    assert_one_line_error(result, 1)
    assert "does not share with you" in result.err


def test_the_cli_refuses_once_the_share_is_revoked(alice, shared, logs):
    sharing.revoke(alice, "coach@example.com")
    assert_one_line_error(run("--seeker", "alice@example.com"), 1)


@pytest.mark.parametrize(
    "args", [("--format", "csv"), ("--format", "pdf", "-o", "x.pdf"), ("--week", "soon")]
)
def test_the_cli_refuses_bad_input_in_one_line(alice, shared, logs, args):
    assert_one_line_error(run("--seeker", "alice@example.com", *args), 2)
