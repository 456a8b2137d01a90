"""Everything an account holds and shares, to show that a refused action changed nothing."""

from __future__ import annotations

from typing import Any

from parting.core.models import CoachNote, Invitation, Share
from parting.data import backup as backups
from parting.webhooks.models import Delivery, Endpoint


def snapshot(user: Any) -> dict[str, Any]:
    """The account's backup, and its shares, invitations, coach notes and webhooks (kept
    apart)."""
    data = backups.backup(user)
    shared = [
        list(Share.objects.filter(seeker=user).order_by("pk").values()),
        list(Invitation.objects.filter(invited_by=user).order_by("pk").values()),
        list(CoachNote.objects.filter(seeker=user).order_by("pk").values()),
        list(Endpoint.objects.filter(owner=user).order_by("pk").values()),
        list(Delivery.objects.filter(owner=user).order_by("pk").values()),
    ]
    return {"profile": data["profile"], "models": data["models"], "shared": shared}
