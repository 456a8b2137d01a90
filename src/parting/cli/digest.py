"""`parting digest [--send] [--all]`: today's follow-ups as an email, printed or sent."""

from __future__ import annotations

from typing import Any

from parting.cli.context import Context
from parting.core.domain import digest
from parting.web import links


def register(sub: Any, common: Any) -> None:
    cmd = sub.add_parser("digest", help="today's follow-ups as an email", parents=[common])
    cmd.add_argument("--send", action="store_true", help="send it by SMTP (PARTING_EMAIL_URL)")
    cmd.add_argument(
        "--all",
        action="store_true",
        help="every account with the digest on (for cron); skips those already sent today",
    )
    cmd.set_defaults(handler=run_digest)


def run_digest(ctx: Context) -> None:
    where, html = links.digest_links(), links.digest_html
    if ctx.args.all:
        every = (digest.pending(user, where, html) for user in digest.subscribers())
        items = [d for d in every if d is not None]
    else:
        items = [digest.compose(ctx.user, where, render_html=html)]
    results = []
    for item in items:
        if ctx.args.send:
            digest.send(item)
            if not ctx.json:
                ctx.env.write(f"Sent to {item.user.email}: {item.subject}")
        elif not ctx.json:
            _print(ctx, item)
        results.append(_data(item, sent=ctx.args.send))
    if ctx.json:
        ctx.emit(results if ctx.args.all else results[0], [])
    elif ctx.args.all and not items:
        ctx.env.write("No digest to send: nothing due, or already sent today.")


def _print(ctx: Context, item: digest.Digest) -> None:
    ctx.env.write(f"To: {item.user.email}")
    ctx.env.write(f"Subject: {item.subject}")
    ctx.env.write("")
    ctx.env.write(item.text().rstrip("\n"))


def _data(item: digest.Digest, sent: bool) -> dict[str, Any]:
    return {
        "to": item.user.email,
        "subject": item.subject,
        "day": item.day.isoformat(),
        "overdue": [f.pk for f in item.overdue],
        "today": [f.pk for f in item.today],
        "sent": sent,
    }
