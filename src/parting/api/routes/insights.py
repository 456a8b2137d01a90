"""The funnel and yield (`/stats`), the referral tree (`/tree`), the Today list (`/today`),
the work-search log (`/worklog`), and, for a coach, what each share allows (`/seekers`):
read only through `domain.sharing.shared_view`, as the coach's pages and commands read it."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from parting.api import schemas
from parting.api.paging import check_date
from parting.api.problems import ERRORS, WRITE_ERRORS, ApiProblem
from parting.api.routes.common import Day, In, caller, owned
from parting.core.domain import (
    calls,
    clock,
    coach_notes,
    coach_view,
    freshness,
    funnel,
    sharing,
    today,
    tree,
    worklog,
)
from parting.core.domain.profiles import get_profile, today_for
from parting.core.domain.types import User
from parting.core.models import Contact, Conversation, FollowUp, Lead, Profile

router = Router(tags=["insights"])


class WeekQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    week: Day | None = Field(None, description="any day of the week (default: this week)")


class FunnelOut(Schema):
    since: str | None
    until: str | None
    conversations: int
    rejections: int
    asks: int
    leads: int
    contacted: int
    talked: int
    interviews: int
    offers: int
    ask_rate: float | None


class YieldOut(Schema):
    key: str
    label: str
    asks: int
    leads: int
    yield_: float | None = Field(..., alias="yield")
    rank: int | None
    note: str


class YieldsOut(Schema):
    questions: list[YieldOut]
    archetypes: list[YieldOut]


class StatsOut(Schema):
    all_time: FunnelOut
    week: FunnelOut
    trend: list[FunnelOut]
    yield_: YieldsOut = Field(..., alias="yield")


@router.get(
    "/stats", response={200: StatsOut, **ERRORS}, summary="The funnel and yield", by_alias=True
)
def get_stats(request: HttpRequest, q: Query[WeekQuery]) -> dict[str, Any]:
    user = caller(request)
    check_date(q.week, "week")
    return funnel.stats(user, week=q.week, today=today_for(user)).as_dict()


class NodeOut(Schema):
    key: str
    kind: str
    id: int
    name: str
    contact_id: int | None
    detail: str
    tone: str
    at: str | None
    depth: int
    parent: str | None
    came_from: str | None


class TreeOut(Schema):
    nodes: list[NodeOut]


class TreeQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    contact_id: int | None = Field(None, description="one contact's tree")


@router.get("/tree", response={200: TreeOut, **ERRORS}, summary="The referral tree")
def get_tree(request: HttpRequest, q: Query[TreeQuery]) -> dict[str, Any]:
    contact = None
    if q.contact_id is not None:
        try:
            contact = owned(Contact.objects, request, q.contact_id, "contact")
        except ApiProblem as exc:
            exc.field = "contact_id"
            raise
    forest = tree.referral_forest(caller(request), contact)
    return {"nodes": [tree.node_dict(n) for n in forest.walk()]}


class DueGroup(Schema):
    kind: str
    label: str
    items: list[schemas.FollowUpOut]
    more: int


class CountsOut(Schema):
    week: str
    last_day: str
    activities: int
    employer_contacts: int
    required: int
    employer_required: int
    short: bool


class TodayOut(Schema):
    day: str
    due_count: int
    due: list[DueGroup]
    unasked: list[schemas.ConversationOut]
    rejections_this_week: int
    asked_this_week: int
    ask_rate: float | None
    new_leads: list[schemas.LeadOut]
    worklog: CountsOut | None


@router.get("/today", response={200: TodayOut, **ERRORS}, summary="The Today list")
def get_today(request: HttpRequest) -> HttpResponse:
    """What is due and overdue by kind (5 of each, and how many more), this week's
    rejections without a parting question, and new leads, as the home page shows them.
    Remembered, as the page is, until the seeker's data or profile changes."""
    user = caller(request)
    profile = get_profile(user)
    day = clock.local_today(profile.timezone)
    body = freshness.remembered(
        user.pk,
        "api-today",
        (day.isoformat(), today.shaped_by(profile)),
        lambda: orjson.dumps(_today_answer(user, profile)),
    )
    return HttpResponse(body, content_type="application/json")


def _today_answer(user: User, profile: Profile) -> dict[str, Any]:
    page = today.today(user, profile=profile)
    # Today reads only the columns its page shows: the API reads the rows it lists whole.
    due_ids = [f.pk for _, _, items, _ in page.groups for f in items]
    due = (
        FollowUp.objects.for_user(user)
        .select_related("contact", "lead__contact", "lead__company")
        .in_bulk(due_ids)
    )
    unasked = calls.with_ask_flags(
        user, Conversation.objects.for_user(user).select_related("contact", "company", "opening")
    ).in_bulk([c.pk for c in page.unasked])
    leads = Lead.objects.for_user(user).select_related("contact", "company", "referrer")
    new = leads.in_bulk([x.pk for x in page.new_leads])
    return {
        "day": page.day.isoformat(),
        "due_count": page.due_count,
        "due": [
            {
                "kind": kind,
                "label": label,
                "more": more,
                "items": [schemas.followup_out(due[f.pk]) for f in items if f.pk in due],
            }
            for kind, label, items, more in page.groups
        ],
        "unasked": [
            schemas.conversation_out(unasked[c.pk]) for c in page.unasked if c.pk in unasked
        ],
        "rejections_this_week": page.rejections_this_week,
        "asked_this_week": page.asked_this_week,
        "ask_rate": page.ask_rate,
        "new_leads": [schemas.lead_out(new[x.pk]) for x in page.new_leads if x.pk in new],
        "worklog": page.worklog_week.as_dict() if page.worklog_week else None,
    }


class EntryOut(Schema):
    date: str
    employer: str
    website: str
    contact: str
    title: str
    method: str
    kind: str
    position: str
    result: str
    employer_contact: bool
    conversation_id: int | None
    opening_id: int | None


class WorklogOut(CountsOut):
    entries: list[EntryOut] | None = Field(None, description="absent on a numbers share")


@router.get(
    "/worklog",
    response={200: WorklogOut, **ERRORS},
    summary="The work-search log",
    exclude_unset=True,
)
def get_worklog(request: HttpRequest, q: Query[WeekQuery]) -> dict[str, Any]:
    check_date(q.week, "week")
    return worklog.week(caller(request), q.week).as_dict()


# -- a coach's view -----------------------------------------------------------------------


class SeekerOut(Schema):
    seeker_id: int
    seeker: str
    scope: str
    since: str
    until: str | None


@router.get(
    "/seekers",
    response={200: list[SeekerOut], **ERRORS},
    summary="Seekers who share with you",
    tags=["coach"],
)
def list_seekers(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "seeker_id": v.seeker.pk,
            "seeker": v.seeker_name,
            "scope": v.scope,
            "since": v.since.isoformat(),
            "until": v.until.isoformat() if v.until else None,
        }
        for v in sharing.shared_views(caller(request))
    ]


@router.get(
    "/seekers/{seeker_id}",
    response={200: dict[str, Any], **ERRORS},
    summary="What one seeker's share lets you read",
    tags=["coach"],
)
def get_seeker(request: HttpRequest, seeker_id: int) -> dict[str, Any]:
    """With a `numbers` share: counts, rates and the tree with people as "Person 1…", no
    names and no notes. With `full`: also the seeker's leads, calls and follow-ups."""
    view = sharing.shared_view(caller(request), seeker_id)
    return coach_view.seeker_page(view).as_dict()


@router.get(
    "/seekers/{seeker_id}/worklog",
    response={200: WorklogOut, **ERRORS},
    summary="A seeker's work-search log, as their share allows",
    tags=["coach"],
    exclude_unset=True,
)
def get_seeker_worklog(request: HttpRequest, seeker_id: int, q: Query[WeekQuery]) -> Any:
    check_date(q.week, "week")
    view = sharing.shared_view(caller(request), seeker_id)
    return worklog.shared(view, q.week).as_dict()


class NoteIn(In):
    text: str = Field(..., min_length=1, max_length=coach_notes.MAX_NOTE)


class NoteOut(Schema):
    id: int
    seeker_id: int
    text: str
    created_at: str


@router.post(
    "/seekers/{seeker_id}/notes",
    response={201: NoteOut, **WRITE_ERRORS},
    summary="Leave a note for a seeker (all a coach may write)",
    tags=["coach"],
)
def add_note(request: HttpRequest, seeker_id: int, data: NoteIn) -> Status:
    view = sharing.shared_view(caller(request), seeker_id)
    note = coach_notes.leave_note(view, data.text)
    out = {
        "id": note.pk,
        "seeker_id": note.seeker_id,
        "text": note.text,
        "created_at": note.created_at.isoformat(),
    }
    return Status(201, out)
