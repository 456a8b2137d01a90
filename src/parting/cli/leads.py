"""`parting lead add|list|set`."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from parting.cli import output
from parting.cli.context import Context
from parting.core.choices import LeadStatus, Permission
from parting.core.domain import calls, leads, network, questions
from parting.core.domain.errors import Invalid
from parting.core.domain.leads import LeadInput
from parting.core.models import FollowUp, Lead
from parting.data import serialize


def register(sub: Any, common: Any) -> None:
    lead = sub.add_parser("lead", parents=[common])
    actions = lead.add_subparsers(dest="action", required=True)

    add = actions.add_parser("add", help="capture a lead", parents=[common])
    add.add_argument("name", metavar="NAME", help="the person (or company) suggested")
    add.add_argument("--from", dest="referrer", required=True, metavar="REFERRER")
    add.add_argument("--conversation", default="", metavar="ID", help="where it came up")
    add.add_argument("--question", default="", metavar="Q", help="id or archetype")
    add.add_argument("--company", default="", metavar="C", help="the lead's company")
    add.add_argument(
        "--permission", default=Permission.NOT_ASKED, metavar="P", help=_one_of(Permission)
    )
    add.add_argument("--thanked", action="store_true", help="you already thanked the referrer")
    add.add_argument("--note", default="", metavar="TEXT", help="what the referrer said")
    add.set_defaults(handler=lead_add)

    listing = actions.add_parser("list", help="list leads", parents=[common])
    listing.add_argument("--status", default="", metavar="S", help=_one_of(LeadStatus))
    listing.set_defaults(handler=lead_list)

    change = actions.add_parser("set", help="change a lead", parents=[common])
    change.add_argument("lead", metavar="LEAD", help="id or name")
    change.add_argument("--status", default="", metavar="S", help=_one_of(LeadStatus))
    change.add_argument("--permission", default="", metavar="P", help=_one_of(Permission))
    change.add_argument("--thanked", action="store_true", help="you thanked the referrer")
    change.add_argument("--note", default=None, metavar="TEXT", help="what the referrer said")
    change.set_defaults(handler=lead_set)


def _one_of(choices: Any) -> str:
    return "one of " + ", ".join(choices.values)


@transaction.atomic
def lead_add(ctx: Context) -> None:
    """One lead; with --conversation its ask is recorded too (R2), then the follow-ups (R3)."""
    a = ctx.args
    if a.question and not a.conversation:
        raise Invalid("--question goes with --conversation ID")
    referrer = network.resolve_contact(ctx.user, a.referrer)
    convo = calls.resolve_conversation(ctx.user, a.conversation) if a.conversation else None
    question = questions.resolve_question(ctx.user, a.question)
    data = LeadInput(
        name=a.name, company=a.company, note=a.note, permission=a.permission, thanked=a.thanked
    )
    captured = leads.add_lead(ctx.user, referrer, data, conversation=convo, question=question)
    if captured.known:
        lead = captured.lead
        ctx.emit(
            {**serialize.lead(lead), "known": True, "followups": []},
            [output.already_suggested(lead)],
        )
        return
    _show(ctx, captured.lead, captured.followups, "Added", known=False)


def lead_list(ctx: Context) -> None:
    items = list(leads.lead_list(ctx.user, ctx.args.status or None))
    lines = output.table(output.lead_rows(items), indent="") or ["No leads."]
    ctx.emit([serialize.lead(lead) for lead in items], lines)


@transaction.atomic
def lead_set(ctx: Context) -> None:
    """Status, permission, thanks, note; a lead that pays off opens a close-the-loop (R8)."""
    a = ctx.args
    if not (a.status or a.permission or a.thanked or a.note is not None):
        raise Invalid("nothing to change: give --status, --permission, --thanked or --note")
    lead = leads.resolve_lead(ctx.user, a.lead)
    moved = leads.update_lead(
        ctx.user,
        lead,
        status=a.status or None,
        permission=a.permission or None,
        thanked=True if a.thanked else None,
        note=a.note,
    )
    _show(ctx, moved.lead, moved.followups, "Updated")


def _show(ctx: Context, lead: Lead, opened: list[FollowUp], verb: str, **extra: bool) -> None:
    """The lead and the follow-ups the command opened (R3, R6, R8)."""
    opened = sorted(opened, key=lambda f: (f.due_on, f.pk))
    lines = [f"{verb} {output.lead_summary(lead)}.", *output.followups_block(opened)]
    data = {**serialize.lead(lead), **extra, "followups": [serialize.followup(f) for f in opened]}
    ctx.emit(data, lines)
