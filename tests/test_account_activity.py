"""Account activity: sign-ins, exports and restores are recorded, shown to the seeker (web
and CLI) and kept for 180 days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from parting.core.choices import ActivityKind
from parting.core.domain import activity
from parting.core.domain.errors import Invalid
from parting.core.models import Activity
from parting.data import backup as backups
from parting.data import exports
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return list(activity.recent(user).values_list("kind", flat=True))


def test_signing_in_is_recorded_with_the_address(client, alice):
    response = client.post(
        reverse("login"),
        {"username": "alice@example.com", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    (event,) = activity.recent(alice)
    assert (event.kind, event.detail) == (ActivityKind.SIGN_IN, "from 203.0.113.7")


def test_a_failed_sign_in_records_nothing(client, alice):
    client.post(reverse("login"), {"username": "alice@example.com", "password": "wrong"})
    assert kinds(alice) == []


def test_exports_backups_and_restores_are_recorded(alice, bob, tmp_path):
    exports.export(alice, "vcard")
    text = backups.download(alice)
    backups.rolling_backup(alice, tmp_path)
    backups.restore(bob, backups.loads(text), replace=True)
    details = [(e.kind, e.detail) for e in activity.recent(alice)]
    assert details == [("export", "backup"), ("export", "vcard export")]  # no rolling backup
    (restored,) = activity.recent(bob)
    assert restored.kind == "restore" and restored.detail.endswith("records")


def test_a_restore_keeps_the_accounts_activity(alice):
    activity.record(alice, ActivityKind.SIGN_IN, "from 192.0.2.1")
    text = backups.download(alice)
    assert "core.Activity" not in backups.loads(text)["models"]
    backups.restore(alice, backups.loads(text), replace=True)
    assert kinds(alice) == ["restore", "export", "sign_in"]


def test_events_older_than_180_days_go_when_a_new_one_is_recorded(alice, frozen):
    old = activity.record(alice, ActivityKind.EXPORT, "json export")
    frozen.shift(dt.timedelta(days=179))
    assert kinds(alice) == ["export"]
    frozen.shift(dt.timedelta(days=2))
    assert kinds(alice) == []  # hidden at once
    assert Activity.objects.filter(pk=old.pk).exists()  # removed on the next write
    activity.record(alice, ActivityKind.SIGN_IN)
    assert not Activity.objects.filter(pk=old.pk).exists()
    assert kinds(alice) == ["sign_in"]


def test_pruning_touches_only_the_accounts_own_events(alice, bob, frozen):
    activity.record(bob, ActivityKind.SIGN_IN)
    frozen.shift(dt.timedelta(days=200))
    activity.record(alice, ActivityKind.SIGN_IN)
    assert Activity.objects.filter(owner=bob).count() == 1


def test_every_kind_the_account_page_promises_can_be_recorded(alice):
    for kind in ActivityKind.values:
        activity.record(alice, kind, "x")
    assert set(kinds(alice)) == {
        "sign_in", "share_granted", "share_revoked", "token_created", "token_revoked",
        "export", "restore",
    }  # fmt: skip
    with pytest.raises(Invalid):
        activity.record(alice, "launched_rockets")


def test_a_long_or_odd_detail_is_kept_as_one_short_line(alice):
    event = activity.record(alice, ActivityKind.EXPORT, "a\x00b\n" + "x" * 400)
    assert event.detail.startswith("ab x") and len(event.detail) == 300


# -- shown to the seeker, and only to them -----------------------------------------------


def test_the_account_page_lists_the_seekers_own_events(client, alice, bob):
    activity.record(alice, ActivityKind.EXPORT, "alice-export-marker")
    activity.record(bob, ActivityKind.EXPORT, "bob-export-marker")
    client.force_login(alice)
    page = client.get(reverse("settings_account")).content.decode()
    assert "alice-export-marker" in page and "Signed in" in page
    assert "bob-export-marker" not in page
    assert "Delete my account" in page


def test_the_account_page_pages_through_many_events(client, alice):
    for n in range(60):
        activity.record(alice, ActivityKind.EXPORT, f"export number {n}")
    client.force_login(alice)
    first = client.get(reverse("settings_account")).content.decode()
    assert "export number 59" in first and "export number 5<" not in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("settings_account"), {"page": "2"}).content.decode()
    assert "export number 0<" in second


def test_shares_granted_and_revoked_are_in_the_seekers_activity(alice, bob, coach):
    from parting.core.domain import invitations, sharing

    issued = invitations.invite_coach(alice, "coach@example.com", "full", dt.date(2099, 1, 1))
    invitations.accept(coach, issued.token)
    sharing.revoke(alice, "coach@example.com")
    share = sharing.open_share(bob, coach, "numbers", None)
    sharing.revoke_share(bob, share.pk)
    assert [(e.kind, e.detail) for e in activity.recent(alice)] == [
        ("share_revoked", "full with coach@example.com until 2099-01-01"),
        ("share_granted", "full with coach@example.com until 2099-01-01"),
    ]
    assert kinds(bob) == ["share_revoked", "share_granted"]
    assert kinds(coach) == []
