"""`parting call [CONTACT]`: the call page's flow in the terminal, line by line.

Script on screen, the outcome, and on a rejection the parting question (R1) with its
leads; then the follow-ups it opened. Plain prompts, so it works through a pipe and in tmux."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from parting.cli import output
from parting.cli.context import Context
from parting.cli.prompt import parting_question
from parting.cli.script import script_lines
from parting.core.choices import Outcome
from parting.core.domain import calls, network, script
from parting.core.domain.bounds import is_number, menu_number
from parting.core.domain.errors import Invalid, NotFound
from parting.core.models import Company, Contact

OUTCOMES = list(Outcome.values)


def register(sub: Any, common: Any) -> None:
    cmd = sub.add_parser("call", parents=[common])
    cmd.add_argument("contact", metavar="CONTACT", nargs="?", default="", help="id or name")
    cmd.set_defaults(handler=live_call)


def live_call(ctx: Context) -> None:
    contact, company = _contact(ctx)
    label = f"{contact.name} ({company.name})" if company else contact.name
    ctx.env.write("")
    ctx.env.write(f"CALL WITH {label}")
    ctx.env.write("=" * min(len(label) + 10, output.WIDTH))
    for line in script_lines(script.sections(ctx.user, contact)):
        ctx.env.write(line)
    ctx.env.write("")
    outcome = _outcome(ctx)
    with transaction.atomic():  # a new contact is saved only with its conversation
        if contact.pk is None:
            contact = network.create_contact(
                ctx.user, contact.name, company=company.name if company else None
            )
            ctx.env.write(f"Added contact #{contact.pk} {contact.label}.")
        convo = calls.log_conversation(ctx.user, contact, outcome)
    ctx.env.write(f"Logged #{convo.pk}: {convo.get_kind_display()} with {contact.name}: {outcome}.")
    if calls.needs_ask(convo):
        parting_question(ctx, convo)  # prints the ask, its leads and follow-ups
        return
    opened = convo.followups.select_related("contact", "lead").order_by("due_on", "id")
    for line in output.followups_block(list(opened)):
        ctx.env.write(line)


def _contact(ctx: Context) -> tuple[Contact, Company | None]:
    """The named contact, or a new one (unsaved until the call is logged)."""
    name = ctx.args.contact or (ctx.env.prompt("Who are you talking to? ") or "").strip()
    if not name:
        raise Invalid("a contact name or id is required")
    try:
        found = network.resolve_contact(ctx.user, name)
        return found, found.company
    except NotFound:
        if is_number(name):
            raise
    typed = (ctx.env.prompt(f"New contact {name}. Company (Enter for none): ") or "").strip()
    company = network.company_named(ctx.user, typed, create=False) if typed else None
    if typed and company is None:
        company = Company(owner=ctx.user, name=typed)  # created with the contact
    return Contact(owner=ctx.user, name=" ".join(name.split()), company=company), company


def _outcome(ctx: Context) -> str:
    ctx.env.write("  ".join(f"{i} {o}" for i, o in enumerate(OUTCOMES, 1)))
    while True:
        answer = ctx.env.prompt(f"How did it end? [1-{len(OUTCOMES)}]: ")
        if answer is None:
            raise Invalid("the call ended without an outcome; nothing was logged")
        word = answer.strip().lower()
        if picked := menu_number(word, len(OUTCOMES)):
            return OUTCOMES[picked - 1]
        if word in OUTCOMES:
            return word
        ctx.env.write(f"Type 1 to {len(OUTCOMES)} or an outcome name.")
