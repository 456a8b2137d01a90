"""`parting script` (the phone script) and `parting intro LEAD` (the opener for a lead, R4)."""

from __future__ import annotations

import textwrap
from typing import Any

from parting.cli import output
from parting.cli.context import Context
from parting.core.domain import intro, leads, script
from parting.core.domain.script import Section
from parting.data import serialize_profile


def register(sub: Any, common: Any) -> None:
    cmd = sub.add_parser("script", parents=[common])
    cmd.set_defaults(handler=show_script)
    lead = sub.add_parser("intro", parents=[common])
    lead.add_argument("lead", metavar="LEAD", help="lead id or name")
    lead.set_defaults(handler=show_intro)


def script_lines(items: list[Section]) -> list[str]:
    """The script for an 80-column terminal: a heading per section, text wrapped under it."""
    lines: list[str] = []
    for section in items:
        lines.append(section.title.upper())
        numbered = section.key == "questions" and len(section.lines) > 1
        for i, text in enumerate(section.lines, 1):
            first = f"  {i}. " if numbered else "  "
            lines += textwrap.wrap(
                text,
                output.WIDTH,
                initial_indent=first,
                subsequent_indent=" " * len(first),
            )
        lines.append("")
    return lines[:-1]


def show_script(ctx: Context) -> None:
    items = script.sections(ctx.user)
    ctx.emit(serialize_profile.script(items), script_lines(items))


def show_intro(ctx: Context) -> None:
    lead = leads.resolve_lead(ctx.user, ctx.args.lead)
    draft = intro.intro_for(ctx.user, lead)
    wrap = textwrap.TextWrapper(output.WIDTH, initial_indent="  ", subsequent_indent="  ")
    lines = ["PHONE OPENER", *wrap.wrap(draft.opener), "", "EMAIL"]
    if draft.to:
        lines.append(f"  To: {draft.to}")
    lines.append(f"  Subject: {draft.subject}")
    lines.append("")
    for paragraph in draft.body.split("\n"):
        lines += wrap.wrap(paragraph) or [""]
    lines += ["", "LINKEDIN MESSAGE (no subject)"]
    for paragraph in draft.linkedin.split("\n"):
        lines += wrap.wrap(paragraph) or [""]
    if not draft.names_referrer:
        lines += ["", f"(The referrer is not named: permission is {lead.permission}.)"]
    ctx.emit(serialize_profile.intro(lead, draft), lines)
