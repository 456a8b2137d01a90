"""An import parses and matches before it takes the write lock (issue 9, item 12)."""

from __future__ import annotations

import pytest
from django.db import connection

from parting.core.models import Contact
from parting.data.imports import service
from tests.imports.helpers import fixture

pytestmark = pytest.mark.django_db


def test_it_parses_and_plans_outside_the_write_transaction(alice, monkeypatch):
    outside = len(connection.atomic_blocks)  # the test's own transaction
    depths = []
    real = service.preview

    def preview(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "preview", preview)
    summary = service.run_import(alice, "google", fixture("google_current.csv"), "g.csv")
    assert depths == [outside]
    assert summary["counts"]["new"] == Contact.objects.for_user(alice).count() > 0


def test_it_plans_again_when_the_account_changed_meanwhile(alice, bob, monkeypatch):
    """The same file imported while this one was parsed: matched, not imported twice."""
    data = fixture("google_current.csv")
    service.run_import(bob, "google", data, "g.csv")
    real, calls = service.preview, []

    def preview(user, *args, **kwargs):
        calls.append(1)
        plan = real(user, *args, **kwargs)
        if len(calls) == 1:
            service.applying.apply(user, real(user, "google", data, "meanwhile.csv"))
        return plan

    monkeypatch.setattr(service, "preview", preview)
    service.run_import(alice, "google", data, "g.csv")
    assert len(calls) == 2
    assert Contact.objects.for_user(alice).count() == Contact.objects.for_user(bob).count()
