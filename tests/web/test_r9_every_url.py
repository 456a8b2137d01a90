"""R9 across the whole web app: walk every URL the app has, and make sure charlie, signed in,
can neither see nor change any of alice's rows through any of them, and that an anonymous
visitor is sent to sign in everywhere but the few public pages.

The URL list is read from Django's resolver, not written out by hand, so a new URL is
checked as soon as it exists: one with an id in it must be added to TARGETS below (the test
fails loudly until it is), naming which of alice's rows that id points at.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from parting.core.choices import Archetype, Outcome, Response
from parting.core.domain import (
    calendar,
    calls,
    coach_notes,
    followups,
    invitations,
    merge,
    network,
    question_bank,
    sharing,
    tokens,
)
from parting.core.domain.leads import LeadInput
from parting.core.models import (
    Capture,
    Contact,
    ImportRun,
    Invitation,
    Job,
    Lead,
    ReviewPair,
    UnmatchedSender,
)
from parting.data import exports
from parting.data.imports.service import run_import
from parting.web.converters import IdConverter
from parting.webhooks.models import Endpoint
from tests import factories as f
from tests.snapshots import snapshot

pytestmark = pytest.mark.django_db

# Words that appear in alice's rows and nowhere else: charlie's pages must never show one.
SECRETS = (
    "Zanzibar",  # her companies
    "Quentin Quibble",  # the contact she talked to
    "Lemuel Lemonade",  # the lead he gave her
    "Zeppelin",  # the opening
    "xyzzy-note",  # a conversation note
    "walrus",  # a custom follow-up
    "plover",  # her own parting question
    "Jonathan Smithson",  # a contact waiting in the review queue
)

# Which of alice's rows each id in a URL names: {url name: {kwarg: key in `world`}}.
TARGETS: dict[str, dict[str, str]] = {
    "followup_done": {"pk": "followup"},
    "followup_reopen": {"pk": "done_followup"},
    "followup_snooze": {"pk": "followup"},
    "followup_message": {"pk": "followup"},
    "followup_edit": {"pk": "followup"},
    "followup_menu": {"pk": "followup"},
    "call_summary": {"pk": "conversation"},
    "call_ask": {"pk": "open_conversation"},
    "lead_detail": {"pk": "lead"},
    "lead_update": {"pk": "lead"},
    "lead_move": {"pk": "lead"},
    "company_detail": {"pk": "company"},
    "company_edit": {"pk": "company"},
    "company_delete": {"pk": "company"},
    "contact_detail": {"pk": "contact"},
    "contact_edit": {"pk": "contact"},
    "contact_delete": {"pk": "contact"},
    "opening_detail": {"pk": "opening"},
    "opening_edit": {"pk": "opening"},
    "opening_delete": {"pk": "opening"},
    "opening_move": {"pk": "opening"},
    "conversation_detail": {"pk": "conversation"},
    "conversation_edit": {"pk": "conversation"},
    "conversation_delete": {"pk": "conversation"},
    "question_edit": {"pk": "question"},
    "question_move": {"pk": "question"},
    "question_delete": {"pk": "question"},
    "question_undo": {"pk": "deleted_question"},
    "question_favourite": {"pk": "question"},
    "question_swap": {"pk": "question"},
    "review_merge": {"pk": "review_pair"},
    "review_keep": {"pk": "review_pair"},
    "review_merge_all": {"pk": "review_import"},
    "review_keep_all": {"pk": "review_import"},
    "merge_undo": {"pk": "merge"},
    "data_job": {"pk": "job"},
    "insights_contact_tree": {"pk": "contact"},
    "coach_worklog": {"seeker_id": "owner"},
    "share_revoke": {"pk": "share"},
    "invitation_cancel": {"pk": "invitation"},
    "share_offer": {"pk": "offer"},
    "coach_note_dismiss": {"pk": "coach_note"},
    "token_revoke": {"pk": "api_token"},
    "mail_sender": {"pk": "unmatched_sender"},
    "webhook_detail": {"pk": "webhook"},
    "webhook_test": {"pk": "webhook"},
    "webhook_enable": {"pk": "webhook"},
    "webhook_delete": {"pk": "webhook"},
    # A coach's pages of alice: charlie has no share of hers.
    "coach_seeker": {"seeker_id": "owner"},
    "coach_note_add": {"seeker_id": "owner"},
    # The feed is public, keyed by its secret: alice's id with a wrong (well-formed) secret.
    "calendar_feed": {"user_id": "owner", "token": "wrong_token"},
}

# URLs with a text key that names one of alice's rows: the same checks apply.
TOKEN_TARGETS: dict[str, dict[str, str]] = {
    "data_import_apply": {"token": "import_token"},
    "data_restore_apply": {"token": "restore_token"},
    "invite": {"token": "invitation_token"},
    "capture_resolve": {"client_id": "kept_capture"},
    "capture_discard": {"client_id": "kept_capture"},
}

# Open to anyone: signing in, first-run setup, the health check, the token-keyed feed, an
# invitation link (it may make the account).
PUBLIC = {"login", "setup", "healthz", "calendar_feed", "invite", "service_worker"}

# Doors the offline call page's script calls: signed out, a one-line JSON error (401), not a
# sign-in page the script cannot read.
JSON_DOORS = {"call_offline_data", "capture_sync"}

# What charlie posts everywhere: enough for any form to save, were his post ever accepted.
POST_DATA = {
    "status": "dead",
    "permission": "granted",
    "thanked": "on",
    "direction": "up",
    "favourite": "1",
    "days": "3",
    "preset": "",
    "action": "sent",
    "to": "charlie@example.com",
    "subject": "Hijacked",
    "body": "Hijacked",
    "text": "Hijacked, {company}?",
    "archetype": "custom",
    "name": "Hijacked",
    "title": "Hijacked",
    "outcome": "rejected",
    "kind": "phone_screen",
    "channel": "phone",
    "at": "2026-03-04T09:00",
    "response": "declined",
    "stage": "applied",
    "due_on": "2026-03-09",
}


def _post_data(world: dict[str, Any]) -> dict[str, Any]:
    """POST_DATA, with alice's ids wherever a form takes one."""
    return {
        **POST_DATA,
        "contact": str(world["contact"]),
        "referrer": str(world["contact"]),
        "conversation": str(world["conversation"]),
        "question": str(world["question"]),
        "replace": str(world["question"]),
        "company": str(world["company"]),
        "parent": str(world["company"]),
        "ids": [str(world["followup"])],
    }


@dataclass(frozen=True)
class Route:
    name: str
    pattern: URLPattern

    @property
    def int_kwargs(self) -> list[str]:
        return [k for k, c in self.converters.items() if isinstance(c, IdConverter)]

    @property
    def converters(self) -> dict[str, Any]:
        return dict(getattr(self.pattern.pattern, "converters", {}))


def _walk(patterns: list[Any]) -> Iterator[URLPattern]:
    for item in patterns:
        if isinstance(item, URLResolver):
            yield from _walk(item.url_patterns)
        elif isinstance(item, URLPattern):
            yield item


def web_routes() -> list[Route]:
    """Every named URL whose view lives in parting.web (the admin is Django's own)."""
    found: dict[str, Route] = {}
    for pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "") or ""
        if pattern.name and module.startswith("parting.web"):
            found.setdefault(pattern.name, Route(pattern.name, pattern))
    return sorted(found.values(), key=lambda r: r.name)


ROUTES = web_routes()
ID_ROUTES = [r for r in ROUTES if r.int_kwargs]
TOKEN_ROUTES = [r for r in ROUTES if r.name in TOKEN_TARGETS]
PLAIN_ROUTES = [r for r in ROUTES if not r.int_kwargs and not r.converters]


def _reverse(route: Route, kwargs: dict[str, Any]) -> str:
    from django.urls import reverse

    return reverse(route.name, kwargs=kwargs)


# -- alice's account, with a row of every kind ------------------------------------------


@pytest.fixture
def world(alice, coach, frozen) -> dict[str, Any]:
    parent = network.create_company(alice, "Zanzibar Holdings", industry="zeppelin parts")
    company = network.create_company(alice, "Zanzibar Widgets", parent=parent)
    quentin = f.contact(
        alice, "Quentin Quibble", company.name, email="quentin@zanzibar.example", title="Recruiter"
    )
    opening = network.create_opening(alice, company, "Chief Zeppelin Officer")
    question = question_bank.add_question(
        alice, "Who else here keeps a plover, {company}?", Archetype.CUSTOM
    )
    gone = question_bank.add_question(alice, "A plover question I deleted?", Archetype.CUSTOM)
    question_bank.delete_question(alice, gone)
    conversation = calls.log_conversation(
        alice, quentin, Outcome.REJECTED, company=company, opening=opening.title, note="xyzzy-note"
    )
    ask = calls.record_ask(
        alice,
        conversation,
        question,
        Response.GAVE_LEAD,
        [LeadInput(name="Lemuel Lemonade", company="Zanzibar Widgets", note="xyzzy-note")],
    ).ask
    lead = Lead.objects.for_user(alice).get(ask=ask)
    open_conversation = calls.log_conversation(alice, quentin, Outcome.REJECTED)
    followup = followups.add_followup(alice, "Feed the walrus", contact=quentin)
    done = followups.add_followup(alice, "Water the walrus", contact=quentin)
    followups.mark_done(alice, done)
    # A merge to undo, and a pair waiting in the review queue.
    twin = f.contact(alice, "Quentin Q. Twin", company.name)
    record = merge.merge(alice, quentin, twin)
    f.contact(alice, "Jonathan Smithson", company="Globex")
    borderline = b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
    borderline += b"Jonathon,Smithsen,,Globex,Engineer,05 Mar 2024\n"
    imported = run_import(alice, "linkedin", borderline, "c.csv")
    pair = ReviewPair.objects.for_user(alice).get()
    import_run = ImportRun.objects.create(
        owner=alice, kind="linkedin", filename="zanzibar.csv", token="alice-import-token-0123456"
    )
    restore_run = ImportRun.objects.create(
        owner=alice, kind="restore", filename="zanzibar.json", token="alice-restore-token-012345"
    )
    job = Job.objects.create(
        owner=alice, kind="import", run=import_run, filename="zanzibar.csv", result=imported
    )
    token = calendar.feed_token(alice)
    api_token = tokens.create_token(alice, "Zanzibar script").token
    hook = Endpoint.objects.create(
        owner=alice, url="https://hooks.zanzibar.example/in", events="lead.created", secret="x"
    )
    # Her sharing: a coach reading her numbers, who left a note; a coach invited; an
    # account invitation she accepted and may answer.
    share = sharing.open_share(alice, coach, "numbers", None)
    note = coach_notes.leave_note(sharing.shared_view(coach, alice.pk), "Try the niche question")
    invited = invitations.invite_coach(alice, "zanzibar-coach@example.com")
    offer = Invitation.objects.create(
        kind="account", email=alice.username, invited_by=coach, token_hash="0" * 64,
        used_at=timezone.now(),
    )  # fmt: skip
    return {
        "owner": alice.pk,
        "company": company.pk,
        "contact": quentin.pk,
        "opening": opening.pk,
        "question": question.pk,
        "deleted_question": gone.pk,
        "conversation": conversation.pk,
        "open_conversation": open_conversation.pk,
        "lead": lead.pk,
        "followup": followup.pk,
        "done_followup": done.pk,
        "merge": record.pk,
        "job": job.pk,
        "review_pair": pair.pk,
        "review_import": imported["import_id"],
        "import_token": import_run.token,
        "restore_token": restore_run.token,
        "wrong_token": ("x" if token[0] != "x" else "y") + token[1:],
        "share": share.pk,
        "coach_note": note.pk,
        "unmatched_sender": UnmatchedSender.objects.create(
            owner=alice, address="zanzibar@unknown.example", last_seen_at=timezone.now()
        ).pk,
        "invitation": invited.invitation.pk,
        "invitation_token": invited.token,
        "offer": offer.pk,
        "api_token": api_token.pk,
        "webhook": hook.pk,
        # A call her script sent for a contact since deleted: kept for her to resolve.
        "kept_capture": str(
            Capture.objects.create(
                owner=alice,
                client_id=uuid.uuid4(),
                state="conflict",
                payload={"id": "x", "contact": 0, "outcome": "rejected"},
                error="Zanzibar Quibble is no longer among your contacts",
                code="contact_missing",
            ).client_id
        ),
    }


def assert_nothing_shown(response: Any, where: str) -> None:
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    shown = [s for s in SECRETS if s.lower() in text.lower()]
    assert not shown, f"{where} shows alice's {shown}"


# -- the mapping covers every URL -------------------------------------------------------


def test_the_resolver_walk_finds_the_app():
    names = {r.name for r in ROUTES}
    assert {"today", "lead_detail", "contact_edit", "calendar_feed", "login"} <= names
    assert "admin:index" not in names and len(ID_ROUTES) >= 25


def test_every_url_with_an_id_names_one_of_alices_rows():
    """A new URL with an id must be added to TARGETS, or R9 is not checked for it."""
    missing = [r.name for r in ID_ROUTES if r.name not in TARGETS]
    assert not missing, (
        f"URL(s) {missing} take an id but tests/web/test_r9_every_url.py TARGETS does not say "
        "which of alice's rows it names: add them, so charlie is checked against them."
    )
    for route in ID_ROUTES:
        unmapped = set(route.converters) - set(TARGETS[route.name])
        assert not unmapped, f"{route.name}: TARGETS gives no value for {sorted(unmapped)}"
    stale = set(TARGETS) - {r.name for r in ID_ROUTES}
    assert not stale, f"TARGETS names URL(s) that no longer exist or take no id: {stale}"


def test_every_url_with_a_text_key_is_known():
    """Text keys are either a row's token (checked like ids) or a fixed choice (export)."""
    texts = {r.name for r in ROUTES if r.converters and not r.int_kwargs}
    assert texts == set(TOKEN_TARGETS) | {"data_export"}, texts


# -- charlie, signed in, gets nothing of alice's ----------------------------------------


def _try(client: Client, route: Route, url: str, data: dict[str, Any]) -> tuple[int, int]:
    got = client.get(url)
    assert_nothing_shown(got, f"GET {url} ({route.name})")
    if got.status_code == 302:  # a post-only address: GET goes to the page of its form
        followed = client.get(got["Location"])
        assert followed.status_code in (200, 404), f"GET {url} ({route.name}) led to {followed}"
        assert_nothing_shown(followed, f"GET {url} ({route.name}) → {got['Location']}")
    hx = client.get(url, HTTP_HX_REQUEST="true")
    assert_nothing_shown(hx, f"htmx GET {url} ({route.name})")
    posted = client.post(url, data)
    assert_nothing_shown(posted, f"POST {url} ({route.name})")
    return got.status_code, posted.status_code


@pytest.mark.parametrize("route", ID_ROUTES + TOKEN_ROUTES, ids=lambda r: r.name)
def test_charlie_gets_404_for_alices_rows(route, world, alice, charlie_client):
    before = snapshot(alice)
    mapping = {**TARGETS, **TOKEN_TARGETS}[route.name]
    url = _reverse(route, {k: world[key] for k, key in mapping.items()})
    got, posted = _try(charlie_client, route, url, _post_data(world))
    assert got in (302, 404, 405), f"GET {url} ({route.name}) answered {got}"
    assert posted in (404, 405), f"POST {url} ({route.name}) answered {posted}"
    assert 404 in (got, posted), f"{url} ({route.name}) never looked the row up: {got}/{posted}"
    assert snapshot(alice) == before, f"{route.name} changed alice's account"


def _query_strings(world: dict[str, Any]) -> list[str]:
    """Query strings that name alice's rows, as prefilled forms and panels read them."""
    return [
        "",
        f"?contact={world['contact']}",
        f"?conversation={world['conversation']}",
        f"?referrer={world['contact']}",
        f"?company={world['company']}&parent={world['company']}",
        f"?deleted={world['deleted_question']}",
        "?q=Zanzib&all=1&view=week",  # a prefix: the echoed query is no secret
        "?q=Quent",
        "?text=Hi+{company}",
    ]


@pytest.mark.parametrize("route", PLAIN_ROUTES, ids=lambda r: r.name)
def test_charlies_pages_never_show_alices_rows(route, world, alice, charlie_client):
    before = snapshot(alice)
    url = _reverse(route, {})
    for query in _query_strings(world):
        response = charlie_client.get(url + query)
        assert_nothing_shown(response, f"GET {url}{query}")
        response = charlie_client.get(url + query, HTTP_HX_REQUEST="true")
        assert_nothing_shown(response, f"htmx GET {url}{query}")
    if route.name != "logout":
        # Posting alice's ids into charlie's forms is refused or shows nothing of hers.
        response = charlie_client.post(url, _post_data(world))
        assert_nothing_shown(response, f"POST {url}")
    assert snapshot(alice) == before, f"{route.name} changed alice's account"


@pytest.mark.parametrize("fmt", sorted(exports.FORMATS))
def test_charlies_exports_hold_nothing_of_alices(fmt, world, charlie_client):
    from django.urls import reverse

    response = charlie_client.get(reverse("data_export", args=[fmt]))
    assert response.status_code == 200
    assert_nothing_shown(response, f"export {fmt}")


def test_charlie_cannot_use_alices_pair_or_followups_through_forms(world, alice, charlie_client):
    """Ids posted in a form body (not the URL) are looked up in charlie's rows only."""
    from django.urls import reverse

    before = snapshot(alice)
    posts = [
        ("followup_bulk", {"ids": [str(world["followup"])], "preset": "tomorrow"}),
        ("followup_bulk", {"ids": [str(world["followup"])]}),
        ("drill_check", {"question": str(world["question"]), "typed": "x"}),
        ("drill_grade", {"question": str(world["question"]), "rating": "good"}),
        ("call_log", {"contact": str(world["contact"]), "outcome": "rejected"}),
        ("lead_add", {"referrer": str(world["contact"]), "name": "Hijacked"}),
        ("conversation_create", {"contact": str(world["contact"]), "outcome": "rejected"}),
    ]
    for name, data in posts:
        response = charlie_client.post(reverse(name), data)
        assert response.status_code in (302, 400, 404), (name, response.status_code)
        assert_nothing_shown(response, f"POST {name}")
    assert snapshot(alice) == before
    assert not Contact.objects.for_user(alice).filter(name="Hijacked").exists()


# -- anonymous visitors sign in first ---------------------------------------------------


def _any_kwargs(route: Route) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, converter in route.converters.items():
        if isinstance(converter, IdConverter):
            values[name] = 1
        elif name == "fmt":
            values[name] = "csv"
        else:
            values[name] = "a" * 32
    return values


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_anonymous_visitors_are_sent_to_sign_in(route, world, alice, client):
    url = _reverse(route, _any_kwargs(route))
    if route.name in PUBLIC:
        response = client.get(url)
        assert response.status_code in (200, 404), (route.name, response.status_code)
        assert_nothing_shown(response, f"anonymous GET {url}")
        return
    before = snapshot(alice)
    login = resolve_url(settings.LOGIN_URL)
    for method in (client.get, client.post):
        response = method(url)
        if route.name in JSON_DOORS:
            assert response.status_code == 401, (route.name, method.__name__)
            assert "Sign in" in response.json()["error"]
            continue
        assert response.status_code == 302, (route.name, method.__name__, response.status_code)
        assert response["Location"].startswith(f"{login}?next="), response["Location"]
    assert snapshot(alice) == before
