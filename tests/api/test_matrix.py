"""The authorization matrix: every route of the description, called by each kind of caller.

- alice's read-write token reads and changes her own rows (and, as bob's coach, leaves him a
  note); her read-only token reads them and is refused every change (403);
- her expired token, her revoked token and no token at all are refused everywhere (401);
- bob (another seeker, with rows of his own) and charlie (an outsider) with read-write tokens
  find none of her rows (404) and see nothing of hers in their lists.
Nobody but alice's read-write token changes anything of hers.

The routes are read from the API: a new write must get a body in WRITES below, or this
test fails until it has one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from parting.core.domain import sharing, tokens
from tests import factories as f
from tests.api.conftest import Api, api_for, problem
from tests.api.test_r9 import OPERATIONS, PREFIX, TARGETS, assert_nothing_shown, full_world  # noqa: F401
from tests.snapshots import snapshot
from tests.web.test_r9_every_url import world  # noqa: F401

pytestmark = pytest.mark.django_db

# A body each write accepts from alice, so her read-write token's answer is a success.
WRITES: dict[tuple[str, str], dict[str, Any]] = {
    ("/contacts", "post"): {"name": "Nadia New"},
    ("/contacts/{id}", "patch"): {"title": "Head recruiter"},
    ("/companies", "post"): {"name": "Newco"},
    ("/companies/{id}", "patch"): {"industry": "airships"},
    ("/openings", "post"): {"company_id": "{company}", "title": "Navigator"},
    ("/openings/{id}", "patch"): {"title": "Chief Navigator"},
    ("/conversations", "post"): {"contact_id": "{contact}", "outcome": "advanced"},
    ("/conversations/{id}", "patch"): {"note": "went well"},
    ("/conversations/{id}/asks", "post"): {"response": "declined"},
    ("/questions", "post"): {"text": "Who else is hiring?", "archetype": "same_company"},
    ("/questions/{id}", "patch"): {"text": "Who else here keeps a plover?"},
    ("/leads", "post"): {"referrer_id": "{contact}", "name": "Lara Later"},
    ("/leads/{id}", "patch"): {"status": "contacted"},
    ("/followups", "post"): {"title": "Call back"},
    ("/followups/{id}", "patch"): {"title": "Feed the walrus twice"},
    ("/followups/{id}/snooze", "post"): {"days": 2},
    ("/followups/{id}/done", "post"): {},
    ("/seekers/{seeker_id}/notes", "post"): {"text": "Good week"},
    ("/webhooks", "post"): {"url": "http://127.0.0.1:9/in", "events": ["lead.created"]},
    ("/webhooks/{id}", "patch"): {"enabled": False},
    ("/webhooks/{id}", "delete"): {},
    ("/captures", "post"): {
        "id": "5f0c2a7e-3a55-4d7e-9d0e-0c1a2b3c4d5e",
        "contact": "{contact}",
        "outcome": "advanced",
    },
    ("/captures/{id}/resolve", "post"): {"contact": "{contact}"},
    ("/captures/{id}", "delete"): {},
}
# Snooze before done, and a delete last, so each write finds its row as it needs it.
ORDER = {"get": 0, "patch": 1, "post": 2, "delete": 3}
OPERATIONS_IN_ORDER = sorted(OPERATIONS, key=lambda o: (ORDER[o[1]], o[0].endswith("/done"), o[0]))


@pytest.fixture
def rows(full_world, alice, bob, settings):  # noqa: F811
    """Her world; bob shares his with her in full (she is his coach), and has rows."""
    settings.PARTING_WEBHOOKS_PRIVATE = True
    sharing.open_share(bob, alice, "full", None)
    f.rejection(bob, f.contact(bob, "Bert Bobson", "Bob Co"))
    return {**full_world, "seeker": bob.pk}


def _url(path: str, rows: dict[str, Any]) -> str:
    mapping = {**TARGETS.get(path, {}), "seeker_id": "seeker"}
    return PREFIX + re.sub(r"\{(\w+)\}", lambda m: str(rows[mapping[m.group(1)]]), path)


def _body(path: str, method: str, rows: dict[str, Any]) -> Any:
    if method == "get":
        return None
    body = WRITES[(path, method)]
    return {
        k: rows[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v for k, v in body.items()
    }


def test_every_write_has_a_body():
    writes = {(p, m) for p, m in OPERATIONS if m != "get"}
    assert not writes - set(WRITES), f"add {sorted(writes - set(WRITES))} to WRITES"
    assert not set(WRITES) - writes, f"WRITES names gone routes: {set(WRITES) - writes}"


def _walk(api: Api, rows: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return [
        (method, _url(path, rows), api.call(method, _url(path, rows), _body(path, method, rows)))
        for path, method in OPERATIONS_IN_ORDER
    ]


def test_alice_with_a_read_write_token_reads_and_changes_her_rows(rows, alice):
    for method, url, r in _walk(api_for(alice), rows):
        assert 200 <= r.status_code < 300, (method, url, r.content)


def test_alice_with_a_read_only_token_reads_and_changes_nothing(rows, alice):
    before = snapshot(alice)
    for method, url, r in _walk(api_for(alice, read_only=True), rows):
        if method == "get":
            assert r.status_code == 200, (url, r.content)
        else:
            assert problem(r, 403, "read_only_token"), (method, url)
    assert snapshot(alice) == before


def _expired(alice: Any, time_machine: Any) -> Api:
    made = tokens.create_token(alice, "short", expires_days=1)
    time_machine.move_to(made.token.expires_at + dt.timedelta(seconds=1))
    return Api(made.secret)


def _revoked(alice: Any, time_machine: Any) -> Api:
    made = tokens.create_token(alice, "gone")
    tokens.revoke_token(alice, made.token.pk)
    return Api(made.secret)


@pytest.mark.parametrize(
    "make, code",
    [(_expired, "bad_token"), (_revoked, "bad_token"), (lambda *_: Api(None), "no_token")],
    ids=["expired", "revoked", "no token"],
)
def test_expired_revoked_and_missing_tokens_are_refused_everywhere(
    rows, alice, time_machine, make, code
):
    api = make(alice, time_machine)
    before = snapshot(alice)
    for method, url, r in _walk(api, rows):
        assert_nothing_shown(r, f"{method} {url}")
        assert problem(r, 401, code), (method, url)
    assert snapshot(alice) == before


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_bob_and_charlie_find_none_of_her_rows(rows, alice, who, request):
    outsider = request.getfixturevalue(who)
    api = api_for(outsider)
    before = snapshot(alice)
    for path, method in OPERATIONS_IN_ORDER:
        url = _url(path, rows)
        if "{" not in path:
            if method == "get":
                r = api.get(url)
                assert r.status_code == 200, (url, r.content)
                assert_nothing_shown(r, f"GET {url}")
            continue
        r = api.call(method, url, _body(path, method, rows))
        assert_nothing_shown(r, f"{method} {url}")
        problem(r, 404)
    assert snapshot(alice) == before
