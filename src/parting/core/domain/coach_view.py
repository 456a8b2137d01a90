"""A seeker's page as their coach sees it: today's due count, the funnel, the ask-rate
trend, the referral tree and the coach's notes; with a `full` share, the seeker's leads,
calls and follow-ups too (read-only). A `numbers` share gets no name of a contact, referrer
or lead and no note of the seeker's: the tree's people become "Person 1", "Person 2"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from parting.core.choices import LeadStatus
from parting.core.domain import caseload, coach_notes, followups, funnel, tree
from parting.core.domain.sharing import SharedView
from parting.core.models import CoachNote, Conversation, FollowUp, Lead

TREE_ROOTS = 20
LISTED = 50


@dataclass
class Records:
    """What only a `full` share shows: the seeker's own rows, newest first."""

    leads: list[Lead] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)


@dataclass
class SeekerPage:
    view: SharedView
    signals: caseload.Signals
    all_time: funnel.Funnel
    trend: list[funnel.Funnel]
    leads_by_status: list[tuple[str, str, int]]
    forest: tree.Forest
    notes: list[CoachNote]
    records: Records | None  # None for a numbers share

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "seeker_id": self.view.seeker.pk,
            "seeker": self.view.seeker_name,
            "scope": self.view.scope,
            **self.signals.as_dict(),
            "funnel": self.all_time.as_dict(),
            "ask_rate_trend": [
                {"week": w.since.date().isoformat() if w.since else None, "ask_rate": w.ask_rate}
                for w in self.trend
            ],
            "leads_by_status": {key: n for key, _, n in self.leads_by_status},
            "tree": tree.text_lines(self.forest, width=200),
            "notes": [{"at": n.created_at.isoformat(), "text": n.text} for n in self.notes],
        }
        if self.records is not None:
            data["leads"] = [_lead(x) for x in self.records.leads]
            data["conversations"] = [_conversation(c) for c in self.records.conversations]
            data["followups"] = [
                {"id": f.pk, "due_on": f.due_on.isoformat(), "title": f.title}
                for f in self.records.followups
            ]
        return data


def _lead(lead: Lead) -> dict[str, Any]:
    return {"id": lead.pk, "name": lead.name, "referrer": lead.referrer.name,
            "status": lead.status, "note": lead.note}  # fmt: skip


def _conversation(c: Conversation) -> dict[str, Any]:
    return {"id": c.pk, "at": c.at.isoformat(), "contact": c.contact.name, "kind": c.kind,
            "outcome": c.outcome, "note": c.note}  # fmt: skip


def redact(forest: tree.Forest) -> tree.Forest:
    """The tree without names: each person a stable alias, companies left out."""
    aliases: dict[int, str] = {}
    for node in forest.walk():
        if node.contact_id is None:
            node.name = "a company"
        else:
            node.name = aliases.setdefault(node.contact_id, f"Person {len(aliases) + 1}")
        # A conversation's detail is its kind, then its company: keep the kind only.
        node.detail = node.detail.split(", ", 1)[0] if node.kind == "conversation" else ""
    return forest


def seeker_page(view: SharedView) -> SeekerPage:
    """Everything the coach's page of one seeker shows, scoped by `view`."""
    seeker = view.seeker
    signals = caseload.signals([view])[seeker.pk]
    all_time, trend = funnel.weekly(seeker, today=view.today())
    counts = dict(
        Lead.objects.for_user(seeker).order_by().values_list("status").annotate(n=Count("pk"))
    )
    by_status = [(key, label, counts.get(key, 0)) for key, label in LeadStatus.choices]
    forest = tree.referral_forest(seeker, limit=TREE_ROOTS)
    records = _records(view) if view.names else None
    return SeekerPage(
        view=view,
        signals=signals,
        all_time=all_time,
        trend=trend,
        leads_by_status=by_status,
        forest=forest if view.names else redact(forest),
        notes=list(coach_notes.notes_written(view)),
        records=records,
    )


def _records(view: SharedView) -> Records:
    seeker = view.require_full()
    leads = Lead.objects.for_user(seeker).select_related("contact", "company", "referrer")
    talks = Conversation.objects.for_user(seeker).select_related("contact", "company")
    return Records(
        leads=list(leads.order_by("-created_at", "-id")[:LISTED]),
        conversations=list(talks.order_by("-at", "-id")[:LISTED]),
        followups=list(followups.due(seeker, view.today())[:LISTED]),
    )
