"""Boards: leads by status and openings by stage, as columns of cards, and moving a card.

A move is an ordinary change through `update_lead` / `update_opening`, so the follow-ups a
status change opens (R6, R8) and the day an opening became `applied` follow as from the
lists. A move names the column the card was seen in: a board that went stale (the card was
moved elsewhere meanwhile) is refused, so a drag never acts on what the seeker did not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet

from parting.core.choices import LeadStatus, Stage
from parting.core.domain import followups, leads, network_update
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.network import _check_choice
from parting.core.domain.types import User
from parting.core.models import Lead, Opening

# Cards a column shows; the rest are counted and left to the list.
PER_COLUMN = 100
MAX_QUERY = 200

LEAD_SORTS = {
    "followup": "next follow-up",
    "newest": "newest",
    "name": "name",
    "referrer": "referrer",
}
OPENING_SORTS = {"updated": "recently changed", "title": "title", "company": "company"}


@dataclass
class Column:
    key: str
    label: str
    cards: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.cards)


@dataclass
class Board:
    columns: list[Column]
    query: str
    sort: str

    @property
    def total(self) -> int:
        return sum(column.total for column in self.columns)


def _query(text: str | None) -> str:
    text = " ".join((text or "").split())
    if len(text) > MAX_QUERY:
        raise Invalid(f"the search is longer than {MAX_QUERY} characters", field="q")
    return text


def _columns(
    rows: QuerySet[Any],
    field: str,
    choices: list[tuple[str, str]],
    order: list[Any],
    counted: QuerySet[Any] | None = None,
) -> list[Column]:
    """One query for the counts (of `counted`, the rows before any annotation that joins),
    one per column for its first cards."""
    base = rows if counted is None else counted
    counts = dict(base.order_by().values_list(field).annotate(n=Count("pk")))
    columns = []
    for key, label in choices:
        total = counts.get(key, 0)
        cards = list(rows.filter(**{field: key}).order_by(*order)[:PER_COLUMN]) if total else []
        columns.append(Column(key, label, cards, total))
    return columns


def lead_board(user: User, query: str | None = None, sort: str | None = None) -> Board:
    """The seeker's leads by status, each with its next open follow-up's day (`next_due`).
    `query` matches the lead's name or company and the referrer's name."""
    text = _query(query)
    sort = sort if sort in LEAD_SORTS else "followup"
    rows = Lead.objects.for_user(user).select_related("contact", "company", "referrer")
    if text:
        rows = rows.filter(
            Q(contact__name__icontains=text)
            | Q(company__name__icontains=text)
            | Q(referrer__name__icontains=text)
        )
    counted = rows
    rows = rows.annotate(
        next_due=Min("followups__due_on", filter=Q(followups__status__in=followups.OPEN_STATES))
    )
    order: dict[str, list[Any]] = {
        "followup": [F("next_due").asc(nulls_last=True), "-created_at", "-id"],
        "newest": ["-created_at", "-id"],
        "name": ["contact__name", "company__name", "id"],
        "referrer": ["referrer__name", "-created_at", "id"],
    }
    columns = _columns(rows, "status", list(LeadStatus.choices), order[sort], counted)
    return Board(columns, text, sort)


def opening_board(user: User, query: str | None = None, sort: str | None = None) -> Board:
    """The seeker's openings by stage; `query` matches the title or the company."""
    text = _query(query)
    sort = sort if sort in OPENING_SORTS else "updated"
    rows = Opening.objects.for_user(user).select_related("company")
    if text:
        rows = rows.filter(Q(title__icontains=text) | Q(company__name__icontains=text))
    order: dict[str, list[Any]] = {
        "updated": ["-updated_at", "-id"],
        "title": ["title", "id"],
        "company": ["company__name", "title", "id"],
    }
    return Board(_columns(rows, "stage", list(Stage.choices), order[sort]), text, sort)


def _mine(user: User, row: Lead | Opening, what: str) -> None:
    if row.owner_id != user.pk:
        raise NotFound(f"no such {what}")  # R9, before anything about the row is said


def _check_seen(name: str, now: str, seen: str | None, label: str) -> None:
    if seen and seen != now:
        raise Conflict(
            f"{name} was moved to {label} meanwhile: the board has been reloaded", field="was"
        )


def move_lead(user: User, lead: Lead, status: str, seen: str | None = None) -> leads.Moved:
    """Move a lead to another status, as the lists do (R6, R8). `seen` is the status the
    board showed it in: when the lead has moved since, nothing changes."""
    _mine(user, lead, "lead")
    _check_choice(status, LeadStatus, "status")
    if seen:
        _check_choice(seen, LeadStatus, "status")
    _check_seen(lead.name, lead.status, seen, lead.get_status_display())
    return leads.update_lead(user, lead, status=status)


def move_opening(user: User, opening: Opening, stage: str, seen: str | None = None) -> Opening:
    """Move an opening to another stage through `update_opening` (applied day noted)."""
    _mine(user, opening, "opening")
    _check_choice(stage, Stage, "stage")
    if seen:
        _check_choice(seen, Stage, "stage")
    _check_seen(opening.title, opening.stage, seen, opening.get_stage_display())
    return network_update.update_opening(user, opening, stage=stage)
