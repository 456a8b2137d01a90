"""Boards: leads by status and openings by stage. A card moves by drag and drop or by its
own move menu; either way one POST goes to the domain, which opens the follow-ups a status
change opens (R6, R8) and refuses a move made on a stale board."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from parting.core.domain import boards, leads
from parting.core.domain.errors import DomainError
from parting.core.domain.profiles import today_for
from parting.core.models import Opening
from parting.web.fragments import is_htmx
from parting.web.shortcuts import SeekerRequest, error_text, owned_or_404, post_only

BOARD = "parting/boards/_board.html"
STATUS = "parting/boards/_status.html"


class Kind:
    """What differs between the two boards."""

    def __init__(
        self,
        name: str,
        nav: str,
        title: str,
        build: Callable[..., boards.Board],
        sorts: dict[str, str],
        list_url: str,
        filter_name: str,
    ) -> None:
        self.name, self.nav, self.title, self.build = name, nav, title, build
        self.sorts, self.list_url, self.filter_name = sorts, list_url, filter_name


LEADS = Kind("lead", "leads", "Leads", boards.lead_board, boards.LEAD_SORTS, "lead_list", "status")
OPENINGS = Kind(
    "opening", "openings", "Openings", boards.opening_board, boards.OPENING_SORTS,
    "opening_list", "stage",
)  # fmt: skip


def _board(request: SeekerRequest, kind: Kind, params: QueryDict) -> tuple[boards.Board, str]:
    """The board for the search and sort in `params`; a refused search shows everything."""
    try:
        return kind.build(request.user, params.get("q"), params.get("sort")), ""
    except DomainError as exc:
        return kind.build(request.user, None, params.get("sort")), error_text(exc)


def _context(request: SeekerRequest, kind: Kind, board: boards.Board, **extra: Any) -> dict:
    return {
        "nav": kind.nav,
        "kind": kind.name,
        "title": kind.title,
        "board": board,
        "sorts": kind.sorts,
        "day": today_for(request.user),
        "list_url": reverse(kind.list_url),
        "filter_name": kind.filter_name,
        **extra,
    }


def _page(request: SeekerRequest, kind: Kind) -> HttpResponse:
    board, error = _board(request, kind, request.GET)
    context = _context(request, kind, board, error=error)
    return render(request, "parting/boards/page.html", context, status=400 if error else 200)


def _moved(request: SeekerRequest, kind: Kind, focus: str, said: str, error: str) -> HttpResponse:
    """After a move: the board again (htmx), else back to the page with a message."""
    if not is_htmx(request):
        (messages.error if error else messages.success)(request, error or said)
        query = {k: request.POST[k] for k in ("q", "sort") if request.POST.get(k)}
        url = reverse(f"{kind.name}_board") + (f"?{urlencode(query)}" if query else "")
        return redirect(url)
    board, _ = _board(request, kind, request.POST)
    context = _context(request, kind, board, focus=focus, said=said, error=error, oob=True)
    html = render_to_string(BOARD, context, request) + render_to_string(STATUS, context, request)
    return HttpResponse(html, status=400 if error else 200)


@login_required
@require_GET
def lead_board(request: SeekerRequest) -> HttpResponse:
    """Leads by status, each card with its referrer, permission and next follow-up."""
    return _page(request, LEADS)


def _move(
    request: SeekerRequest, kind: Kind, pk: int, name: str, move: Callable[[str, str], str]
) -> HttpResponse:
    """Run `move(to, was)`, which says what it did; a refusal says why, in one line."""
    said = error = ""
    try:
        said = move(request.POST.get("to", ""), request.POST.get("was", ""))
    except DomainError as exc:
        error = f"{name} was not moved: {error_text(exc)}"
    return _moved(request, kind, f"{kind.name}-card-{pk}", said, error)


@login_required
@post_only("lead_board")
def lead_move(request: SeekerRequest, pk: int) -> HttpResponse:
    lead = owned_or_404(leads.lead_list(request.user), request.user, pk)

    def move(to: str, was: str) -> str:
        moved = boards.move_lead(request.user, lead, to, was)
        said = f"Moved {lead.name} to {moved.lead.get_status_display()}."
        if moved.followups:
            said += " Follow-ups: " + "; ".join(f.title for f in moved.followups) + "."
        return said

    return _move(request, LEADS, lead.pk, lead.name, move)


@login_required
@require_GET
def opening_board(request: SeekerRequest) -> HttpResponse:
    """Openings by stage."""
    return _page(request, OPENINGS)


@login_required
@post_only("opening_board")
def opening_move(request: SeekerRequest, pk: int) -> HttpResponse:
    opening = owned_or_404(Opening.objects.select_related("company"), request.user, pk)

    def move(to: str, was: str) -> str:
        moved = boards.move_opening(request.user, opening, to, was)
        return f"Moved {moved.title} to {moved.get_stage_display()}."

    return _move(request, OPENINGS, opening.pk, opening.title, move)


urlpatterns = [
    path("leads/board/", lead_board, name="lead_board"),
    path("leads/<id:pk>/move/", lead_move, name="lead_move"),
    path("openings/board/", opening_board, name="opening_board"),
    path("openings/<id:pk>/move/", opening_move, name="opening_move"),
]
