"""Settings → Webhooks: add (the secret shown once), deliveries, a test event, disable and
enable, delete after asking; bad input gets one line; another seeker's endpoint is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.domain import webhooks
from parting.webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def test_the_settings_page_lists_endpoints_and_the_form(alice_client, endpoint):
    page = alice_client.get(reverse("settings_webhooks")).content.decode()
    assert endpoint.url in page and "Add an endpoint" in page
    assert "followup.due" in page
    assert endpoint.secret not in page  # shown once, when added


def test_adding_shows_the_secret_once(alice_client, alice, receiver, private_ok):
    answer = alice_client.post(
        reverse("settings_webhooks"),
        {"url": receiver.url, "events": ["lead.created", "followup.due"]},
    )
    assert answer.status_code == 200
    hook = Endpoint.objects.for_user(alice).get()
    assert hook.event_list == ["lead.created", "followup.due"]
    assert hook.secret in answer.content.decode()
    for name in ("settings_webhooks", "webhook_detail"):
        args = [hook.pk] if name == "webhook_detail" else []
        assert hook.secret not in alice_client.get(reverse(name, args=args)).content.decode()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"url": "ftp://example.com/", "events": ["lead.created"]}, "must start with https://"),
        ({"url": "https://example.com/", "events": []}, "Choose at least one event."),
        ({"url": "https://example.com/", "events": ["lead.deleted"]}, "not one of the available"),
    ],
)
def test_bad_input_is_refused_with_one_line(alice_client, private_ok, data, says):
    answer = alice_client.post(reverse("settings_webhooks"), data)
    assert answer.status_code == 400
    assert says in answer.content.decode()
    assert not Endpoint.objects.exists()


def test_a_hosted_install_refuses_a_loopback_url(alice_client, receiver, hosted):
    answer = alice_client.post(
        reverse("settings_webhooks"), {"url": receiver.url, "events": ["lead.created"]}
    )
    assert answer.status_code == 400
    assert "a loopback address" in answer.content.decode()
    assert not Endpoint.objects.exists()


def test_a_test_event_is_delivered_and_listed(
    alice_client, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("webhook_test", args=[endpoint.pk]))
    page = alice_client.get(reverse("webhook_detail", args=[endpoint.pk])).content.decode()
    assert len(receiver.received) == 1
    assert "webhook.test" in page and "Delivered" in page and ">200<" in page


def test_disable_then_enable(alice_client, endpoint):
    alice_client.post(reverse("webhook_enable", args=[endpoint.pk]), {"enabled": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.enabled and not endpoint.disabled_by_failure
    page = alice_client.get(reverse("webhook_detail", args=[endpoint.pk])).content.decode()
    assert ">Enable<" in page
    alice_client.post(reverse("webhook_enable", args=[endpoint.pk]), {"enabled": "1"})
    endpoint.refresh_from_db()
    assert endpoint.enabled


def test_delete_asks_first(alice_client, alice, endpoint):
    webhooks.send_test(alice, endpoint, wait=True)
    page = alice_client.get(reverse("webhook_delete", args=[endpoint.pk])).content.decode()
    assert "Delete this webhook endpoint?" in page and Endpoint.objects.exists()
    alice_client.post(reverse("webhook_delete", args=[endpoint.pk]))
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("webhook_detail", "get"),
        ("webhook_delete", "get"),
        ("webhook_delete", "post"),
        ("webhook_test", "post"),
        ("webhook_enable", "post"),
    ],
)
def test_r9_another_seekers_endpoint_is_not_found(charlie_client, endpoint, receiver, name, method):
    answer = getattr(charlie_client, method)(reverse(name, args=[endpoint.pk]), {"enabled": "0"})
    assert answer.status_code == 404
    assert endpoint.url not in answer.content.decode()
    assert Endpoint.objects.get().enabled and receiver.received == []
    assert not Delivery.objects.exists()


def test_r9_the_list_shows_only_ones_own(charlie_client, endpoint):
    page = charlie_client.get(reverse("settings_webhooks")).content.decode()
    assert endpoint.url not in page and "None yet" in page
