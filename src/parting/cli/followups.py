"""`parting due`, `parting followup add|edit`, `parting done` and `parting snooze`."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.db import transaction

from parting.cli import output
from parting.cli.context import Context
from parting.core.domain import followups, leads, network
from parting.core.domain.errors import Invalid
from parting.data import serialize

# What `parting due` lists before "and N more": a screenful, the oldest first.
DUE_LISTED = 30


def register(sub: Any, common: Any) -> None:
    due = sub.add_parser("due", parents=[common])
    due.add_argument("--on", default="", metavar="DATE", help="YYYY-MM-DD, today or tomorrow")
    due.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help=f"list the first N (default {DUE_LISTED}; with --json all); 0 lists all",
    )
    due.set_defaults(handler=due_list)

    followup = sub.add_parser("followup", parents=[common])
    actions = followup.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a custom follow-up", parents=[common])
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--contact", default="", metavar="C", help="id or name")
    add.add_argument("--lead", default="", metavar="L", help="id or name")
    add.add_argument("--on", default="", metavar="DATE", help="due date (default today)")
    add.add_argument(
        "--after-last-contact",
        type=int,
        metavar="N",
        help="due N days after the last conversation with the contact; moves with a new one",
    )
    add.set_defaults(handler=followup_add)
    edit = actions.add_parser("edit", help="change a follow-up's title or day", parents=[common])
    edit.add_argument("followup", metavar="FOLLOWUP", help="follow-up id")
    edit.add_argument("--title", default=None, metavar="T", help="what to do")
    edit.add_argument("--on", default="", metavar="DATE", help="the new due date")
    edit.set_defaults(handler=followup_edit)

    done = sub.add_parser("done", parents=[common])
    done.add_argument("followup", metavar="FOLLOWUP", help="follow-up id")
    done.set_defaults(handler=mark_done)

    snooze = sub.add_parser("snooze", parents=[common])
    snooze.add_argument("followup", metavar="FOLLOWUP", help="follow-up id")
    snooze.add_argument("days", metavar="DAYS", type=int)
    snooze.set_defaults(handler=snooze_followup)


def due_list(ctx: Context) -> None:
    """Grouped by due date, oldest first; dates before today are marked overdue. A long list
    stops at --limit and says how many more are due."""
    today = ctx.today()
    on = ctx.day(ctx.args.on) or today
    limit = ctx.args.limit
    if limit is None:
        limit = 0 if ctx.json else DUE_LISTED
    if limit < 0:
        raise Invalid(f"--limit must be 0 (all) or more, not {limit}", field="limit")
    due = followups.due(ctx.user, on)
    items = list(due[:limit] if limit else due)
    more = due.count() - limit if limit and len(items) == limit else 0
    lines = []
    for day, group in groupby(items, key=lambda f: f.due_on):
        mark = " · overdue" if day < today else " · today" if day == today else ""
        lines.append(f"{output.day(day)}{mark}")
        lines += output.table(
            [[f"#{f.pk}", f.get_kind_display(), f.title] for f in group], wrap=True
        )
    if more:
        lines.append(f"… and {more} more due by {output.day(on)} (--limit 0 lists all)")
    ctx.emit(
        [serialize.followup(f, today) for f in items],
        lines or [f"Nothing due by {output.day(on)}."],
    )


@transaction.atomic
def followup_add(ctx: Context) -> None:
    a = ctx.args
    on = ctx.day(a.on)
    contact = network.resolve_contact(ctx.user, a.contact) if a.contact else None
    lead = leads.resolve_lead(ctx.user, a.lead) if a.lead else None
    if a.after_last_contact is not None and on is not None:
        raise Invalid("give --on or --after-last-contact, not both")
    item = followups.add_followup(
        ctx.user,
        a.title,
        contact=contact,
        lead=lead,
        on=on,
        after_last_contact=a.after_last_contact,
    )
    ctx.emit(
        serialize.followup(item, ctx.today()),
        [f"Added follow-up #{item.pk}, due {output.day(item.due_on)}: {item.title}"],
    )


@transaction.atomic
def followup_edit(ctx: Context) -> None:
    """A new title or day; subscribed calendars see the change (its SEQUENCE rises)."""
    a = ctx.args
    if a.title is None and not a.on:
        raise Invalid("nothing to change: give --title or --on")
    item = followups.resolve_followup(ctx.user, a.followup)
    item = followups.update_followup(ctx.user, item, title=a.title, due_on=ctx.day(a.on))
    ctx.emit(
        serialize.followup(item, ctx.today()),
        [f"Changed follow-up #{item.pk}, due {output.day(item.due_on)}: {item.title}"],
    )


@transaction.atomic
def mark_done(ctx: Context) -> None:
    item = followups.mark_done(ctx.user, followups.resolve_followup(ctx.user, ctx.args.followup))
    ctx.emit(serialize.followup(item), [f"Done #{item.pk}: {item.title}"])


@transaction.atomic
def snooze_followup(ctx: Context) -> None:
    item = followups.resolve_followup(ctx.user, ctx.args.followup)
    item = followups.snooze(ctx.user, item, ctx.args.days)
    ctx.emit(
        serialize.followup(item, ctx.today()),
        [f"Snoozed #{item.pk} to {output.day(item.due_on)}: {item.title}"],
    )
