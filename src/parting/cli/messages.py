"""`parting message FOLLOWUP`: the ready-to-send email for a follow-up, and the same in short
for LinkedIn."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from parting.cli.context import Context
from parting.core.domain import followups, messages
from parting.data import serialize


def register(sub: Any, common: Any) -> None:
    cmd = sub.add_parser("message", parents=[common])
    cmd.add_argument("followup", metavar="FOLLOWUP", help="follow-up id")
    cmd.add_argument(
        "--sent",
        action="store_true",
        help="mark it sent as drafted: close the follow-up and log the email",
    )
    cmd.set_defaults(handler=show_message)


@transaction.atomic
def show_message(ctx: Context) -> None:
    item = followups.resolve_followup(ctx.user, ctx.args.followup)
    draft = messages.draft(ctx.user, item)
    lines = [
        f"To:      {_to(draft)}",
        f"Subject: {draft.subject}",
        "",
        *draft.body.rstrip("\n").splitlines(),
        "",
        f"mailto: {draft.mailto}",
        "",
        "LinkedIn message (no subject):",
        *draft.linkedin.splitlines(),
    ]
    data: dict[str, Any] = {
        "followup": serialize.followup(item, ctx.today()),
        "to": draft.to,
        "to_name": draft.to_name,
        "subject": draft.subject,
        "body": draft.body,
        "mailto": draft.mailto,
        "linkedin": draft.linkedin,
    }
    if ctx.args.sent:
        logged = messages.mark_sent(ctx.user, item, draft.subject, draft.body)
        data["sent"] = True
        data["conversation_id"] = logged.pk if logged else None
        lines.append(f"Marked sent: follow-up #{item.pk} is done.")
    ctx.emit(data, lines)


def _to(draft: messages.Message) -> str:
    if draft.to and draft.to_name:
        return f"{draft.to_name} <{draft.to}>"
    return draft.to or (f"{draft.to_name} (no email address yet)" if draft.to_name else "-")
