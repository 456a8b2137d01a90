"""`parting digest [--send] [--all]`: today's follow-ups as an email, printed or sent."""

from __future__ import annotations

from typing import Any

from parting.cli.context import Context
from parting.core.domain import digest, mail
from parting.web import links


def register(sub: Any, common: Any) -> None:
    cmd = sub.add_parser("digest", parents=[common])
    cmd.add_argument(
        "--send", action="store_true", help="send it (PARTING_EMAIL_URL; without it, print it)"
    )
    cmd.add_argument(
        "--all",
        action="store_true",
        help="every account with the digest on (for cron); skips those already sent today",
    )
    cmd.set_defaults(handler=run_digest)


def run_digest(ctx: Context) -> None:
    where, html = links.digest_links(ctx.site), links.digest_html
    if ctx.args.all:
        every = (digest.pending(user, where, html) for user in digest.subscribers())
        items = [d for d in every if d is not None]
    else:
        items = [digest.compose(ctx.user, where, render_html=html)]
    results = []
    # Without a mail server the console backend prints the message (to stderr under --json).
    stream = ctx.env.stderr if ctx.json else ctx.env.stdout
    connection = mail.connection(stream=stream) if ctx.args.send else None
    for item in items:
        sent = False
        if connection is not None:
            sent = digest.send(item, connection)
            if not ctx.json:
                ctx.env.write(_sent_line(item, sent))
        elif not ctx.json:
            _print(ctx, item)
        results.append(_data(item, sent=sent))
    if ctx.json:
        ctx.emit(results if ctx.args.all else results[0], [])
    elif ctx.args.all and not items:
        ctx.env.write("No digest to send: nothing due, or already sent today.")


def _sent_line(item: digest.Digest, sent: bool) -> str:
    if sent:
        return f"Sent to {item.user.email}: {item.subject}"
    return "Printed above, not sent: set PARTING_EMAIL_URL to send it."


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
