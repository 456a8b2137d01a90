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


def _check_move(
    user: User, row: Lead | Opening, field: str, choices: Any, to: str, seen: str | None
) -> str:
    """Refuse a move of another account's row (R9, before anything about it is said), to an
    unknown column, or from a column the row has left since the board was drawn."""
    if row.owner_id != user.pk:
        raise NotFound(f"no such {row._meta.verbose_name}")
    _check_choice(to, choices, field)
    if seen:
        _check_choice(seen, choices, field)
        if seen != getattr(row, field):
            name = row.name if isinstance(row, Lead) else row.title
            label = getattr(row, f"get_{field}_display")()
            raise Conflict(
                f"{name} was moved to {label} meanwhile: the board has been reloaded", field="was"
            )
    return to


def move_lead(user: User, lead: Lead, status: str, seen: str | None = None) -> leads.Moved:
    """Move a lead to another status, as the lists do (R6, R8). `seen` is the status the
    board showed it in: when the lead has moved since, nothing changes."""
    _check_move(user, lead, "status", LeadStatus, status, seen)
    return leads.update_lead(user, lead, status=status)


def move_opening(user: User, opening: Opening, stage: str, seen: str | None = None) -> Opening:
    """Move an opening to another stage through `update_opening` (applied day noted)."""
    _check_move(user, opening, "stage", Stage, stage, seen)
    return network_update.update_opening(user, opening, stage=stage)
