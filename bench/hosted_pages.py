"""The main pages of one account, as the hosted benchmarks request them."""

from __future__ import annotations

from typing import Any


def busiest_contact(user: Any) -> int:
    """The contact with the most conversations: the heaviest contact page."""
    from django.db.models import Count

    from parting.core.models import Conversation

    row = (
        Conversation.objects.for_user(user)
        .values("contact_id")
        .annotate(n=Count("id"))
        .order_by("-n", "contact_id")
        .first()
    )
    return int(row["contact_id"]) if row else 0


def paths(user: Any, hub: int | None = None) -> dict[str, str]:
    """Page name → path: Today, contacts, leads, conversations, insights, the call page."""
    hub = busiest_contact(user) if hub is None else hub
    pages = {
        "today": "/",
        "contacts": "/contacts/",
        "contact search": "/contacts/?q=an",
        "leads": "/leads/",
        "conversations": "/conversations/",
        "insights": "/insights/",
        "insights tree": "/insights/tree/",
        "insights funnel": "/insights/funnel/",
        "insights yield": "/insights/yield/",
        "people who help": "/insights/people/",
        "call page": "/call/",
    }
    if hub:
        pages["busiest contact"] = f"/contacts/{hub}/"
        pages["call with a contact"] = f"/call/?contact={hub}"
    return pages
