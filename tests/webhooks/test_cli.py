"""`parting webhook add/list/deliveries/test/enable/disable/remove`."""

from __future__ import annotations

import json

import pytest
from standardwebhooks.webhooks import Webhook

from parting.core.domain import webhooks
from parting.webhooks.models import Endpoint

pytestmark = pytest.mark.django_db


def test_add_prints_the_secret_once(run, alice, receiver, private_ok):
    added = run("--json", "webhook", "add", receiver.url, "--events", "lead.created,followup.due")
    assert added.code == 0, added.err
    data = json.loads(added.out)
    hook = Endpoint.objects.get(pk=data["id"])
    assert data["secret"] == hook.secret and data["events"] == ["lead.created", "followup.due"]
    listed = run("webhook", "list")
    assert listed.code == 0 and receiver.url in listed.out and hook.secret not in listed.out


def test_test_sends_now_and_deliveries_lists_it(run, alice, endpoint, receiver):
    sent = run("webhook", "test", str(endpoint.pk))
    assert sent.code == 0 and "delivered, answered 200" in sent.out
    Webhook(endpoint.secret).verify(receiver.received[0].body, receiver.received[0].headers)
    shown = run("--json", "webhook", "deliveries", str(endpoint.pk))
    [row] = json.loads(shown.out)
    assert (row["event"], row["status"], row["response_code"]) == ("webhook.test", "delivered", 200)
    assert "webhook.test" in run("webhook", "deliveries", str(endpoint.pk)).out


def test_disable_and_enable(run, alice, endpoint):
    assert "disabled" in run("webhook", "disable", str(endpoint.pk)).out
    assert not Endpoint.objects.get().enabled
    assert "enabled" in run("webhook", "enable", str(endpoint.pk)).out
    assert Endpoint.objects.get().enabled


def test_remove_asks_unless_yes(run, alice, endpoint):
    kept = run("webhook", "remove", str(endpoint.pk), stdin="n\n")
    assert kept.code == 1 and "nothing deleted" in kept.err and Endpoint.objects.exists()
    gone = run("webhook", "remove", str(endpoint.pk), "--yes")
    assert gone.code == 0 and not Endpoint.objects.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--events", "lead.deleted"), "unknown event 'lead.deleted'"),
        (("--events", ""), "choose at least one event"),
    ],
)
def test_bad_events_are_one_line_and_exit_2(run, alice, receiver, private_ok, args, says):
    result = run("webhook", "add", receiver.url, *args)
    assert result.code == 2 and says in result.err
    assert len(result.err.strip().splitlines()) == 1 and not Endpoint.objects.exists()


def test_a_hosted_install_refuses_loopback(run, alice, receiver, hosted):
    result = run("webhook", "add", receiver.url, "--events", "all")
    assert result.code == 2 and "a loopback address" in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("action", ["deliveries", "test", "enable", "disable", "remove"])
def test_r9_another_seekers_endpoint_does_not_exist(
    run, alice, charlie, endpoint, receiver, action
):
    result = run(
        "--user",
        "charlie@example.com",
        "webhook",
        action,
        str(endpoint.pk),
        "--yes" if action == "remove" else "--json",
    )
    assert result.code == 1 and f"no webhook endpoint #{endpoint.pk}" in result.err
    assert endpoint.url not in result.out + result.err
    assert Endpoint.objects.get().enabled and receiver.received == []
    assert list(webhooks.endpoints(charlie)) == []
