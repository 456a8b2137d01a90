"""domain.captures: a capture is recorded once per seeker, even when two sends of it race."""

from __future__ import annotations

import uuid

import pytest

from parting.core.domain import captures
from parting.core.models import Capture, Conversation
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_send_that_loses_the_race_returns_the_winners_record(alice, monkeypatch):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    data = captures.parse({"id": str(uuid.uuid4()), "contact": rita.pk, "outcome": "rejected"})
    first = captures.record(alice, data)
    # The second send looked before the first one's row was there, as a concurrent one would.
    monkeypatch.setattr(captures, "_found", _missing_once(captures._found))
    second = captures.record(alice, data)
    assert second.pk == first.pk
    assert Conversation.objects.for_user(alice).count() == 1
    assert Capture.objects.for_user(alice).count() == 1


def _missing_once(lookup):
    calls = []

    def looked_up(user, client_id):
        calls.append(client_id)
        return None if len(calls) == 1 else lookup(user, client_id)

    return looked_up


def test_a_send_that_fails_for_another_reason_is_not_hidden(alice, monkeypatch):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    data = captures.parse({"id": str(uuid.uuid4()), "contact": rita.pk, "outcome": "advanced"})
    from django.db import IntegrityError

    def broken(user, data, kept):
        raise IntegrityError("something else")

    monkeypatch.setattr(captures, "_record", broken)
    with pytest.raises(IntegrityError):
        captures.record(alice, data)
    assert not Capture.objects.exists()
