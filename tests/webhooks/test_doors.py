"""Events come from the domain, so every door announces them: the CLI and the web alike."""

from __future__ import annotations

import pytest
from django.urls import reverse
from standardwebhooks.webhooks import Webhook

from parting.core.domain import followups
from tests import factories as f

pytestmark = pytest.mark.django_db


def _types(receiver, secret):
    return [Webhook(secret).verify(r.body, r.headers)["type"] for r in receiver.received]


def test_the_cli_announces(run, alice, endpoint, receiver, django_capture_on_commit_callbacks):
    f.contact(alice, "Rita Recruiter")
    with django_capture_on_commit_callbacks(execute=True):
        logged = run("log", "Rita Recruiter", "--outcome", "rejected")
    assert logged.code == 0, logged.err
    assert _types(receiver, endpoint.secret) == ["conversation.logged"]


def test_the_web_announces(
    alice, alice_client, endpoint, receiver, django_capture_on_commit_callbacks
):
    item = followups.add_followup(alice, "Call Rita back")
    with django_capture_on_commit_callbacks(execute=True):
        answer = alice_client.post(reverse("followup_done", args=[item.pk]))
    assert answer.status_code in (200, 302)
    assert _types(receiver, endpoint.secret) == ["followup.done"]
