"""`parting log` (a conversation), `parting conversation edit` (correcting one) and
`parting ask` (the parting question at its end)."""

from __future__ import annotations

import argparse
from typing import Any

from django.db import transaction

from parting.cli import output
from parting.cli.context import Context
from parting.core.choices import Channel, Kind, Outcome, Permission, Response
from parting.core.domain import calls, network, questions
from parting.core.domain.conversation_update import update_conversation
from parting.core.domain.errors import Invalid
from parting.core.domain.leads import Captured, LeadInput
from parting.core.models import Conversation
from parting.data import serialize


def register(sub: Any, common: Any) -> None:
    log = sub.add_parser("log", parents=[common])
    log.add_argument("contact", metavar="CONTACT", help="id or name")
    log.add_argument("--outcome", required=True, metavar="O", help=_one_of(Outcome))
    log.add_argument("--kind", default="", metavar="K", help=_one_of(Kind, "phone_screen"))
    log.add_argument("--channel", default="", metavar="C", help=_one_of(Channel, "phone"))
    log.add_argument("--company", default="", metavar="C", help="default: the contact's")
    log.add_argument("--opening", default="", metavar="TITLE", help="the job it was about")
    log.add_argument("--at", default="", metavar="WHEN", help="YYYY-MM-DD[ HH:MM] or now")
    log.add_argument("--note", default="", metavar="TEXT")
    log.set_defaults(handler=log_conversation)

    convo = sub.add_parser("conversation", parents=[common])
    convo_actions = convo.add_subparsers(dest="action", required=True)
    edit = convo_actions.add_parser("edit", help="change a conversation", parents=[common])
    edit.add_argument("conversation", metavar="CONVERSATION", help="conversation id")
    edit.add_argument("--contact", default=None, metavar="C", help="id or name")
    edit.add_argument("--outcome", default=None, metavar="O", help=_one_of(Outcome))
    edit.add_argument("--kind", default=None, metavar="K", help=_one_of(Kind))
    edit.add_argument("--channel", default=None, metavar="C", help=_one_of(Channel))
    edit.add_argument("--company", default=None, metavar="C", help='"" for the contact\'s')
    edit.add_argument("--opening", default=None, metavar="TITLE", help='"" for none')
    edit.add_argument("--at", default=None, metavar="WHEN", help="YYYY-MM-DD[ HH:MM] or now")
    edit.add_argument("--note", default=None, metavar="TEXT")
    edit.set_defaults(handler=edit_conversation)

    ask = sub.add_parser("ask", parents=[common])
    ask.add_argument("conversation", metavar="CONVERSATION", help="conversation id")
    ask.add_argument("--question", required=True, metavar="Q", help="id or archetype")
    ask.add_argument("--response", required=True, metavar="R", help=_one_of(Response))
    ask.add_argument(
        "--lead", action=InOrder, default=[], metavar="NAME", help="a person suggested (repeatable)"
    )
    ask.add_argument(
        "--permission",
        action=InOrder,
        default=[],
        metavar="P",
        help="may the lead hear the referrer's name? "
        + _one_of(Permission, Permission.NOT_ASKED)
        + "; for the --lead before it (given once after every --lead: for them all)",
    )
    ask.add_argument("--thanked", action="store_true", help="you thanked them on the call")
    ask.set_defaults(handler=record_ask, lead_order=[])


class InOrder(argparse.Action):
    """--lead and --permission as given, in order: a permission goes with the lead before it."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        getattr(namespace, self.dest).append(values)
        namespace.lead_order = [*namespace.lead_order, (self.dest, values)]


def _one_of(choices: Any, default: str = "") -> str:
    text = "one of " + ", ".join(choices.values)
    return f"{text} (default {default})" if default else text


def log_conversation(ctx: Context) -> None:
    """Log it; a rejection then leads straight to the parting question (R1)."""
    a = ctx.args
    at = ctx.when(a.at)
    with transaction.atomic():
        contact = network.resolve_contact(ctx.user, a.contact)
        convo = calls.log_conversation(
            ctx.user,
            contact,
            a.outcome,
            kind=a.kind,
            channel=a.channel,
            at=at,
            company=a.company,
            opening=a.opening,
            note=a.note,
        )
    pending = calls.needs_ask(convo)
    ctx.emit({**serialize.conversation(convo), "needs_ask": pending}, [_logged_line(ctx, convo)])
    if pending and not ctx.json:
        if ctx.env.interactive:
            from parting.cli.prompt import parting_question

            parting_question(ctx, convo)
        else:
            ctx.env.write(ask_hint(ctx, convo))


def edit_conversation(ctx: Context) -> None:
    """Correct it; the domain keeps R1, R2 and R5 and moves the opening as logging does."""
    a = ctx.args
    changes = [a.contact, a.outcome, a.kind, a.channel, a.company, a.opening, a.at, a.note]
    if all(value is None for value in changes):
        raise Invalid("nothing to change: give --contact, --outcome or another option")
    with transaction.atomic():
        convo = calls.resolve_conversation(ctx.user, a.conversation)
        contact = network.resolve_contact(ctx.user, a.contact) if a.contact is not None else None
        convo = update_conversation(
            ctx.user,
            convo,
            contact=contact,
            outcome=a.outcome,
            kind=a.kind,
            channel=a.channel,
            at=ctx.when(a.at),
            company=a.company,
            opening=a.opening,
            note=a.note,
        )
    pending = calls.needs_ask(convo)
    line = _logged_line(ctx, convo, "Saved")
    ctx.emit({**serialize.conversation(convo), "needs_ask": pending}, [line])
    if pending and not ctx.json:
        ctx.env.write(ask_hint(ctx, convo))


def _logged_line(ctx: Context, convo: Conversation, verb: str = "Logged") -> str:
    who = convo.contact.name + (f" ({convo.company.name})" if convo.company else "")
    when = output.moment(convo.at, ctx.zone)
    return f"{verb} #{convo.pk}: {convo.get_kind_display()} with {who}, {when}: {convo.outcome}."


def ask_hint(ctx: Context, convo: Conversation) -> str:
    favourite = next(iter(questions.favourites(ctx.user)), None)
    archetype = favourite.archetype if favourite else "same_company"
    return (
        f"Rejected: ask your parting question → "
        f"parting ask {convo.pk} --question {archetype} --response …"
    )


@transaction.atomic
def record_ask(ctx: Context) -> None:
    a = ctx.args
    if (a.permission or a.thanked) and not a.lead:
        raise Invalid("--permission and --thanked go with --lead NAME (response gave_lead)")
    convo = calls.resolve_conversation(ctx.user, a.conversation)
    question = questions.resolve_question(ctx.user, a.question)
    leads = [
        LeadInput(name=name, permission=permission, thanked=a.thanked)
        for name, permission in lead_permissions(a.lead_order)
    ]
    show_ask(ctx, calls.record_ask(ctx.user, convo, question, a.response, leads))


def lead_permissions(order: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each --lead with its permission: the --permission right after it; a single
    --permission after the last --lead (or before the first) goes with every lead."""
    kinds = [kind for kind, _ in order]
    given = [value for kind, value in order if kind == "permission"]
    if len(given) == 1 and (kinds[-1] == "permission" or kinds[0] == "permission"):
        return [(name, given[0]) for kind, name in order if kind == "lead"]
    pairs: list[list[str]] = []
    for kind, value in order:
        if kind == "lead":
            pairs.append([value, ""])
        elif not pairs:
            raise Invalid("--permission goes after the --lead it is for")
        elif pairs[-1][1]:
            raise Invalid(f"two permissions for {pairs[-1][0]}: give one --permission per --lead")
        else:
            pairs[-1][1] = value
    return [(name, permission or Permission.NOT_ASKED) for name, permission in pairs]


def show_ask(ctx: Context, captured: Captured) -> None:
    """The ask, its leads, the ones already suggested before (R3) and the follow-ups it
    opened (R3, R5)."""
    ask, leads = captured.ask, captured.leads
    assert ask is not None
    opened = sorted(captured.followups, key=lambda f: (f.due_on, f.pk))
    question = f" ({ask.question.archetype} question #{ask.question_id})" if ask.question else ""
    lines = [f"Recorded the ask on #{ask.conversation_id}: {ask.response}{question}."]
    lines += [output.lead_summary(lead) for lead in leads]
    lines += [output.already_suggested(lead) for lead in captured.known]
    if ask.response == Response.LEFT_NUMBER:
        lines.append(f"{ask.conversation.contact.name} now has your number.")
    lines += output.followups_block(opened)
    data = {
        **serialize.ask(ask),
        "leads": [serialize.lead(lead) for lead in leads],
        "known": [serialize.lead(lead) for lead in captured.known],
        "followups": [serialize.followup(f) for f in opened],
    }
    ctx.emit(data, lines)
