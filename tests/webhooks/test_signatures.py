"""Every delivery is signed as Standard Webhooks says: a receiver using that project's own
library (and a reference computation) accepts it, and rejects it with another secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from parting.core.domain import webhooks
from parting.webhooks import signing

pytestmark = pytest.mark.django_db


def test_the_signature_matches_the_published_example():
    """The example in the Standard Webhooks specification, computed here."""
    got = signing.signature(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        b'{"test": 2432232314}',
    )
    assert got == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_a_new_secret_is_whsec_and_32_random_bytes():
    first, second = signing.new_secret(), signing.new_secret()
    assert first.startswith("whsec_") and first != second
    assert len(base64.b64decode(first.removeprefix("whsec_"))) == 32


def test_the_receiver_verifies_a_test_event_with_the_library(alice, endpoint, receiver):
    delivery = webhooks.send_test(alice, endpoint, wait=True)
    assert delivery.status == "delivered" and delivery.response_code == 200
    [got] = receiver.received
    assert got.path == "/hooks/parting"
    assert got.headers["content-type"] == "application/json"
    payload = Webhook(endpoint.secret).verify(got.body, got.headers)
    assert payload["type"] == "webhook.test"
    assert payload["data"]["endpoint"] == endpoint.pk
    assert got.headers["webhook-id"] == delivery.message_id


def test_a_reference_computation_agrees(alice, endpoint, receiver):
    webhooks.send_test(alice, endpoint, wait=True)
    [got] = receiver.received
    key = base64.b64decode(endpoint.secret.split("_", 1)[1])
    signed = f"{got.headers['webhook-id']}.{got.headers['webhook-timestamp']}.".encode() + got.body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert got.headers["webhook-signature"] == f"v1,{expected}"
    assert json.loads(got.body)["timestamp"].endswith("Z")


def test_another_secret_does_not_verify(alice, endpoint, receiver):
    webhooks.send_test(alice, endpoint, wait=True)
    [got] = receiver.received
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(got.body, got.headers)
    tampered = got.body.replace(b"a test", b"a fake")
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(tampered, got.headers)


def test_each_endpoint_has_its_own_secret(alice, receiver, private_ok):
    one = webhooks.add_endpoint(alice, receiver.url, "lead.created")
    two = webhooks.add_endpoint(alice, receiver.url, "lead.created")
    assert one.secret != two.secret
