"""`parting worklog`: the week's work-search log as text, CSV or PDF, and `parting activity`:
the account's recent activity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from parting.cli import output
from parting.cli.args import parse_day
from parting.cli.context import Context
from parting.core.domain import activity, sharing, worklog
from parting.core.domain.bounds import is_number, parse_id
from parting.core.domain.errors import Invalid, NotFound
from parting.data import worklog as worklog_files


def register(sub: Any, common: Any) -> None:
    log = sub.add_parser("worklog", parents=[common])
    log.add_argument(
        "--week", metavar="DATE", help="any day of the week to show (default: this week)"
    )
    log.add_argument(
        "--format", choices=worklog_files.FORMATS, default="text", metavar="text|csv|pdf"
    )
    log.add_argument("-o", "--output", metavar="FILE", help="write here (pdf: needed)")
    log.add_argument(
        "--seeker", metavar="SEEKER", help="a seeker who shares with you (email or id), as text"
    )
    log.set_defaults(handler=worklog_command)

    events = sub.add_parser("activity", parents=[common])
    events.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    events.set_defaults(handler=activity_command)


def worklog_command(ctx: Context) -> None:
    a = ctx.args
    if a.seeker:
        shared_command(ctx)
        return
    week = worklog.week(ctx.user, ctx.day(a.week))
    if a.format == "pdf":
        if not a.output:
            raise Invalid("a PDF is not text: give -o FILE")
        seeker = " · ".join(x for x in (ctx.profile.name, ctx.user.email) if x)
        data = worklog_files.pdf_bytes(week, seeker, ctx.profile.phone_region)
        _save(ctx, data, a.output)
        return
    if a.format == "csv":
        text = worklog_files.csv_text(week)
        if a.output:
            _save(ctx, ("\ufeff" + text).encode("utf-8"), a.output)
        else:
            ctx.env.stdout.write(text)
        return
    if a.output:
        raise Invalid("-o writes csv or pdf: add --format csv or --format pdf")
    ctx.emit(week.as_dict(), text_lines(week))


def shared_command(ctx: Context) -> None:
    """A coach reads a seeker's week through the share: `numbers` gives the counts alone."""
    a = ctx.args
    if a.format != "text" or a.output:
        raise Invalid("--seeker shows the log as text (or --json), not as a file")
    view = _shared_view(ctx, a.seeker)
    week = worklog.shared(view, parse_day(a.week, view.today()) if a.week else None)
    lines = text_lines(week)
    lines[0] += f" · {view.seeker_name}"
    if not week.names:
        lines[-1:] = [f"  {view.seeker_name} shares numbers only: the counts, not the activities."]
    ctx.emit({"seeker_id": view.seeker.pk, "scope": view.scope, **week.as_dict()}, lines)


def _shared_view(ctx: Context, ref: str) -> sharing.SharedView:
    """The live share of the seeker named by id or email with the acting account."""
    text = ref.strip()
    if is_number(text):
        pk = parse_id(text)
    else:
        accounts = get_user_model().objects.filter(username__iexact=text)
        pk = accounts.values_list("pk", flat=True).first()
    try:
        return sharing.shared_view(ctx.user, pk or 0)
    except NotFound:
        raise NotFound(f"{ref!r} does not share with you") from None


def _save(ctx: Context, data: bytes, target: str) -> None:
    try:
        Path(target).write_bytes(data)
    except OSError as exc:
        raise Invalid(f"cannot write {target}: {exc.strerror}") from None
    ctx.emit({"file": target, "bytes": len(data)}, [f"Work-search log written to {target}."])


def text_lines(week: worklog.Week) -> list[str]:
    first, last = week.first_day, week.last_day
    lines = [
        f"Work-search log, {output.day(first)} to {output.day(last)}",
        worklog_files.summary(week),
        "",
    ]
    rows = [
        [
            output.day(e.day),
            e.kind_label,
            e.method_label or "-",
            e.result_label,
            " · ".join(x for x in (e.employer, _person(e), e.position) if x),
        ]
        for e in week.entries
    ]
    return lines + (output.table(rows, wrap=True) or ["  No activities logged this week."])


def _person(entry: worklog.Entry) -> str:
    return f"{entry.contact}, {entry.title}" if entry.title else entry.contact


def activity_command(ctx: Context) -> None:
    events = list(activity.recent(ctx.user)[: max(1, min(ctx.args.limit, 1000))])
    data = [
        {"id": e.pk, "at": e.created_at.isoformat(), "kind": e.kind, "detail": e.detail}
        for e in events
    ]
    rows = [[output.moment(e.created_at, ctx.zone), e.get_kind_display(), e.detail] for e in events]
    ctx.emit(data, output.table(rows) or ["No account activity in the last 180 days."])
