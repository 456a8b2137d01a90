"""Webhook endpoints through the API: added with the secret answered once, listed, shown,
disabled and enabled, deleted, and their deliveries listed, through the same domain the CLI
and Settings → Webhooks use; only one's own (R9), and only with a read-write token."""

from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook

from parting.core.domain import webhooks
from parting.webhooks.models import EVENTS, Delivery, Endpoint
from tests import factories as f
from tests.api.conftest import api_for, problem
from tests.snapshots import snapshot

pytestmark = pytest.mark.django_db


def test_add_answers_the_secret_once(alice, receiver, private_ok):
    api = api_for(alice)
    r = api.post("webhooks", {"url": receiver.url, "events": ["lead.created", "followup.due"]})
    assert r.status_code == 201, r.content
    added = r.json()
    hook = Endpoint.objects.get(pk=added["id"])
    assert added["secret"] == hook.secret and added["secret"].startswith("whsec_")
    assert added["events"] == ["lead.created", "followup.due"] and added["enabled"] is True
    listed = api.get("webhooks")
    shown = api.get(f"webhooks/{hook.pk}")
    assert [e["id"] for e in listed.json()["items"]] == [hook.pk]
    assert shown.json()["url"] == receiver.url and shown["ETag"]
    for answer in (listed, shown):
        assert hook.secret not in answer.content.decode()


def test_the_cli_sees_what_the_api_added(alice, receiver, private_ok, run):
    added = api_for(alice).post("webhooks", {"url": receiver.url, "events": list(EVENTS)}).json()
    out = run("webhook", "list").out
    assert f"#{added['id']}" in out and receiver.url in out


def test_a_delivery_is_signed_with_that_secret_and_listed(
    alice, receiver, private_ok, django_capture_on_commit_callbacks
):
    api = api_for(alice)
    added = api.post("webhooks", {"url": receiver.url, "events": ["conversation.logged"]}).json()
    rita = f.contact(alice)
    with django_capture_on_commit_callbacks(execute=True):
        logged = api.post("conversations", {"contact_id": rita.pk, "outcome": "rejected"})
    assert logged.status_code == 201
    [sent] = receiver.received
    payload = Webhook(added["secret"]).verify(sent.body, sent.headers)
    assert payload["type"] == "conversation.logged" and payload["data"]["id"] == logged.json()["id"]
    [row] = api.get(f"webhooks/{added['id']}/deliveries").json()["items"]
    assert (row["event"], row["status"], row["response_code"]) == (
        "conversation.logged",
        "delivered",
        200,
    )
    assert row["message_id"] == sent.headers["webhook-id"]


def test_disable_and_enable(alice, endpoint):
    api = api_for(alice)
    r = api.patch(f"webhooks/{endpoint.pk}", {"enabled": False})
    assert r.status_code == 200 and r.json()["enabled"] is False and r.json()["disabled_at"]
    assert api.get("webhooks", enabled="false").json()["items"][0]["id"] == endpoint.pk
    assert api.get("webhooks", enabled="true").json()["items"] == []
    etag = api.get(f"webhooks/{endpoint.pk}")["ETag"]
    r = api.patch(f"webhooks/{endpoint.pk}", {"enabled": True}, headers={"If-Match": etag})
    assert r.json()["enabled"] is True and r.json()["disabled_by_failure"] is False
    problem(
        api.patch(f"webhooks/{endpoint.pk}", {"enabled": False}, headers={"If-Match": etag}), 412
    )
    assert Endpoint.objects.get(pk=endpoint.pk).enabled is True


def test_delete_removes_it_and_its_deliveries(alice, endpoint):
    webhooks.send_test(alice, endpoint)
    api = api_for(alice)
    r = api.call("delete", f"webhooks/{endpoint.pk}")
    assert r.status_code == 204 and r.content == b""
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()
    problem(api.get(f"webhooks/{endpoint.pk}"), 404)
    problem(api.call("delete", f"webhooks/{endpoint.pk}"), 404)


def test_a_read_only_token_reads_but_changes_nothing(alice, endpoint, receiver):
    reader = api_for(alice, read_only=True)
    assert reader.get("webhooks").status_code == 200
    assert reader.get(f"webhooks/{endpoint.pk}/deliveries").status_code == 200
    before = snapshot(alice), Endpoint.objects.count()
    problem(reader.post("webhooks", {"url": receiver.url, "events": ["lead.created"]}), 403)
    problem(reader.patch(f"webhooks/{endpoint.pk}", {"enabled": False}), 403)
    problem(reader.call("delete", f"webhooks/{endpoint.pk}"), 403)
    assert (snapshot(alice), Endpoint.objects.count()) == before
    assert Endpoint.objects.get(pk=endpoint.pk).enabled is True


def test_r9_anothers_endpoint_is_not_found(alice, charlie, endpoint):
    spy = api_for(charlie)
    assert spy.get("webhooks").json()["items"] == []
    for method, path, body in [
        ("get", f"webhooks/{endpoint.pk}", None),
        ("get", f"webhooks/{endpoint.pk}/deliveries", None),
        ("patch", f"webhooks/{endpoint.pk}", {"enabled": False}),
        ("delete", f"webhooks/{endpoint.pk}", None),
    ]:
        r = spy.call(method, path, body)
        problem(r, 404)
        assert endpoint.url not in r.content.decode()
    assert Endpoint.objects.get(pk=endpoint.pk).enabled is True


@pytest.mark.parametrize(
    "body, status, code, field",
    [
        ({"url": "https://x.example/in", "events": ["lead.created"], "secret": "mine"}, 422,
         "unknown_field", "secret"),
        ({"url": "https://x.example/in", "events": ["lead.sold"]}, 422, "literal_error",
         "events.0"),
        ({"url": "https://x.example/in", "events": []}, 422, "too_short", "events"),
        ({"url": "https://x.example/in", "events": "lead.created"}, 422, "list_type", "events"),
        ({"url": "https://x.example/" + "a" * 2000, "events": ["lead.created"]}, 422,
         "string_too_long", "url"),
        ({"url": "ftp://x.example/in", "events": ["lead.created"]}, 422, "invalid", "url"),
        ({"url": "https://x.example/\u0000", "events": ["lead.created"]}, 422,
         "nul_character", "url"),
        ({"events": ["lead.created"]}, 422, "missing", "url"),
    ],
)  # fmt: skip
def test_bad_endpoints_are_refused_and_nothing_is_added(alice, body, status, code, field):
    data = problem(api_for(alice).post("webhooks", body), status, code)
    assert data["field"] == field and "\n" not in data["detail"]
    assert not Endpoint.objects.exists()


def test_a_hosted_install_refuses_loopback(alice, receiver, hosted):
    r = api_for(alice).post("webhooks", {"url": receiver.url, "events": ["lead.created"]})
    assert "a loopback address" in problem(r, 422)["detail"]
    assert not Endpoint.objects.exists()


def test_the_twenty_first_endpoint_is_a_conflict(alice, receiver, private_ok):
    api = api_for(alice)
    for _ in range(webhooks.MAX_ENDPOINTS):
        assert (
            api.post("webhooks", {"url": receiver.url, "events": ["lead.created"]}).status_code
            == 201
        )
    r = api.post("webhooks", {"url": receiver.url, "events": ["lead.created"]})
    problem(r, 409)
    assert Endpoint.objects.count() == webhooks.MAX_ENDPOINTS


def test_bad_patches_and_queries(alice, endpoint):
    api = api_for(alice)
    problem(api.patch(f"webhooks/{endpoint.pk}", {"enabled": False, "url": "x"}), 422)
    problem(api.patch(f"webhooks/{endpoint.pk}", {"enabled": "maybe"}), 422)
    problem(api.patch(f"webhooks/{endpoint.pk}", raw="{"), 400, "malformed_json")
    problem(api.get(f"webhooks/{endpoint.pk}/deliveries", limit=0), 422)
    problem(api.get(f"webhooks/{endpoint.pk}/deliveries", limit=101), 422)
    problem(api.get("webhooks", cursor="forged"), 400, "bad_cursor")
    problem(api.get(f"webhooks/{2**64}"), 404)
    assert Endpoint.objects.get(pk=endpoint.pk).enabled is True
