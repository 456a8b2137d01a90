"""`parting calendar export|url`: open follow-ups as iCalendar, and the private feed URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parting.cli.context import Context
from parting.core.domain import calendar
from parting.core.domain.errors import Invalid
from parting.web import links


def register(sub: Any, common: Any) -> None:
    cmd = sub.add_parser("calendar", parents=[common])
    actions = cmd.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write an iCalendar file", parents=[common])
    export.add_argument("-o", "--output", default="", metavar="FILE", help="default: stdout")
    export.set_defaults(handler=export_calendar)
    url = actions.add_parser("url", help="the private feed URL to subscribe to", parents=[common])
    url.add_argument("--rotate", action="store_true", help="replace it; the old URL stops working")
    url.set_defaults(handler=feed_url)


def export_calendar(ctx: Context) -> None:
    cal = calendar.build_calendar(ctx.user, links.followup_link(ctx.site))
    data = cal.to_ical()
    target = ctx.args.output
    if not target or target == "-":
        ctx.env.stdout.write(data.decode("utf-8"))
        return
    path = Path(target).expanduser()
    if path.is_dir():
        raise Invalid(f"{target} is a folder; give a file name such as parting.ics")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise Invalid(f"cannot write {target}: {exc.strerror or exc}") from None
    count = calendar.event_count(cal)
    ctx.emit(
        {"path": str(path), "events": count},
        [f"Wrote {count} follow-up{'s' if count != 1 else ''} to {path}"],
    )


def feed_url(ctx: Context) -> None:
    if ctx.args.rotate:
        calendar.rotate_token(ctx.user)
    url, webcal = links.feed_url(ctx.user, ctx.site), links.webcal_url(ctx.user, ctx.site)
    lines = [url, f"Apple Calendar: {webcal}"]
    if ctx.args.rotate:
        lines.append("The old address no longer works; subscribe again with this one.")
    ctx.emit({"url": url, "webcal": webcal, "rotated": bool(ctx.args.rotate)}, lines)
