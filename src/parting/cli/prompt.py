"""R1 at the terminal: right after a rejection is logged, ask for the parting question."""

from __future__ import annotations

from typing import TypeVar

from django.db import transaction

from parting.cli import output
from parting.cli.calls import ask_hint, show_ask
from parting.cli.context import Context
from parting.core.choices import Permission, Response
from parting.core.domain import calls, questions
from parting.core.domain.bounds import menu_number
from parting.core.domain.errors import Conflict
from parting.core.domain.leads import LeadInput
from parting.core.models import Conversation, Question

T = TypeVar("T")

RESPONSES = [Response.GAVE_LEAD, Response.LEFT_NUMBER, Response.DECLINED]
PERMISSIONS = {"g": Permission.GRANTED, "d": Permission.DECLINED, "n": Permission.NOT_ASKED}


def parting_question(ctx: Context, convo: Conversation) -> None:
    """Question, response, then leads with permission and thanks; Enter skips."""
    ctx.env.write("")
    ctx.env.write("One more question before you hang up:")
    question = _choose_question(ctx, convo)
    response = _choose_response(ctx) if question else None
    leads: list[LeadInput] = []
    while response == Response.GAVE_LEAD and not leads:
        leads = _read_leads(ctx, convo)
        if not leads:
            ctx.env.write("A gave_lead answer needs at least one name (R2).")
            response = _choose_response(ctx)
    if question is None or response is None:
        ctx.env.write("Skipped. " + ask_hint(ctx, convo))
        return
    try:
        with transaction.atomic():
            captured = calls.record_ask(ctx.user, convo, question, response, leads)
    except Conflict as exc:  # every name was one they had suggested before (R3)
        ctx.env.write(f"{exc.message}. " + ask_hint(ctx, convo))
        return
    ctx.env.write("")
    show_ask(ctx, captured)


def _choose_question(ctx: Context, convo: Conversation) -> Question | None:
    options = questions.options(ctx.user, conversation=convo)
    if not options:
        ctx.env.write("You have no parting questions yet.")
        return None
    rows = [
        [f"{i}.", "★" if o.question.favourite else " ", o.text] for i, o in enumerate(options, 1)
    ]
    for line in output.table(rows, wrap=True):
        ctx.env.write(line)
    while True:
        answer = ctx.env.prompt(f"Question [1-{len(options)}, Enter to skip]: ")
        if not answer:
            return None
        if picked := menu_number(answer, len(options)):
            return options[picked - 1].question
        ctx.env.write(f"Type a number from 1 to {len(options)}, or Enter to skip.")


def _choose_response(ctx: Context) -> str | None:
    menu = ", ".join(f"{i} {r}" for i, r in enumerate(RESPONSES, 1))
    while True:
        answer = ctx.env.prompt(f"Response ({menu}): ")
        if not answer:
            return None
        answer = answer.strip().lower()
        if picked := menu_number(answer, len(RESPONSES)):
            return RESPONSES[picked - 1]
        if answer in Response.values:
            return answer
        ctx.env.write(f"Type 1 to {len(RESPONSES)}, or Enter to skip.")


def _read_leads(ctx: Context, convo: Conversation) -> list[LeadInput]:
    """Each lead's name, then whether the referrer's name may be used with that lead: a
    referrer may say yes for one lead and no for another."""
    ctx.env.write("Lead names, one per line (empty line ends):")
    referrer = convo.contact.name
    named: list[tuple[str, str]] = []
    while (name := ctx.env.prompt("  name: ")) and name.strip():
        permission = _letter_choice(
            ctx,
            f"  May you use {referrer}'s name with {name.strip()}? "
            "[g]ranted, [d]eclined, [n]ot asked: ",
            PERMISSIONS,
            Permission.NOT_ASKED,
        )
        named.append((name.strip(), permission))
    if not named:
        return []
    thanked = _letter_choice(
        ctx, "Thanked them on the call? [y/N]: ", {"y": True, "n": False}, False
    )
    return [LeadInput(name=n, permission=p, thanked=thanked) for n, p in named]


def _letter_choice(ctx: Context, question: str, options: dict[str, T], default: T) -> T:
    """A one-letter choice; Enter or end of input takes the default."""
    while True:
        answer = (ctx.env.prompt(question) or "").strip().lower()
        if not answer:
            return default
        if answer[0] in options:
            return options[answer[0]]
        ctx.env.write("Type one of: " + ", ".join(options) + ".")
