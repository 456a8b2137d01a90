"""`parting import`, `export`, `backup`, `restore`, and the review queue: `review`, `merge`,
`unmerge`."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parting.cli import jobs as waiting
from parting.cli import output
from parting.cli.context import Context
from parting.core.domain import merge as merging
from parting.core.domain.bounds import is_number, parse_id
from parting.core.domain.errors import DomainError, Invalid, NotFound
from parting.core.domain.network import resolve_contact
from parting.core.models import ImportRun, Job, Merge, ReviewPair
from parting.data import backup as backups
from parting.data import exports, jobs, staging
from parting.data.imports import service
from parting.data.imports.plan import KINDS
from parting.tasks import imports


def register(sub: Any, common: Any) -> None:
    imp = sub.add_parser("import", parents=[common])
    imp.add_argument("kind", choices=KINDS, metavar="linkedin|google|outlook|vcard")
    imp.add_argument(
        "file", metavar="FILE", help="Connections.csv (or the LinkedIn ZIP), CSV, .vcf"
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would happen, change nothing"
    )
    imp.add_argument("--skip-bad", action="store_true", help="import the rest when rows are bad")
    _no_wait(imp)
    imp.set_defaults(handler=import_file)

    exp = sub.add_parser("export", parents=[common])
    exp.add_argument("format", choices=exports.FORMATS, metavar="csv|vcard|json")
    exp.add_argument("-o", "--output", metavar="FILE", help="write here (csv: a ZIP; needed)")
    exp.set_defaults(handler=export)

    back = sub.add_parser("backup", parents=[common])
    back.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    back.add_argument(
        "--all",
        action="store_true",
        help="the rolling daily backup of every account in PARTING_HOME/backups (for cron)",
    )
    back.set_defaults(handler=backup)

    rest = sub.add_parser("restore", parents=[common])
    rest.add_argument("file", metavar="FILE")
    rest.add_argument("--replace", action="store_true", help="replace a non-empty account")
    rest.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _no_wait(rest)
    rest.set_defaults(handler=restore)

    job = sub.add_parser("job", parents=[common])
    job.add_argument("job", metavar="ID", help="the job id `--no-wait` printed")
    job.add_argument("--wait", action="store_true", help="wait until it ends")
    job.set_defaults(handler=show_job)

    review = sub.add_parser("review", parents=[common])
    review.add_argument("action", nargs="?", choices=("list", "merge", "keep"), default="list")
    review.add_argument("pair", nargs="?", metavar="ID")
    review.add_argument(
        "--import", dest="run", metavar="IMPORT", help="merge or keep every pair of this import"
    )
    review.set_defaults(handler=review_queue)

    merges = sub.add_parser("merges", parents=[common])
    merges.add_argument("--import", dest="run", metavar="IMPORT", help="only this import's merges")
    merges.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    merges.set_defaults(handler=list_merges)

    mrg = sub.add_parser("merge", parents=[common])
    mrg.add_argument("kept", metavar="KEEP")
    mrg.add_argument("other", metavar="OTHER")
    mrg.set_defaults(handler=merge)

    unmerge = sub.add_parser("unmerge", parents=[common])
    unmerge.add_argument("merge", metavar="MERGE", help="the merge id (see `parting merges`)")
    unmerge.set_defaults(handler=undo_merge)


def _read(path_text: str, *, limit: bool = True) -> tuple[bytes, str]:
    path = Path(path_text)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise NotFound(f"cannot open {path_text}: {exc.strerror}") from None
    if limit:
        service.check_size(size, path.name)  # before a byte is read
    try:
        return path.read_bytes(), path.name
    except OSError as exc:
        raise Invalid(f"cannot read {path_text}: {exc.strerror}") from None


def _no_wait(parser: Any) -> None:
    parser.add_argument(
        "--no-wait", action="store_true", help="queue it and return (prints the job id)"
    )


def import_file(ctx: Context) -> None:
    a = ctx.args
    data, name = _read(a.file)
    if a.dry_run:
        line = waiting.ProgressLine(ctx)
        summary = service.preview(ctx.user, a.kind, data, name, line.step("reading")).summary()
        line.end()
        _emit_import(ctx, {**summary, "dry_run": True})
        return
    run = staging.stage_run(ctx.user, a.kind, name, data, skip_bad=a.skip_bad)
    _follow(ctx, lambda: imports.start_import(ctx.user, run, skip_bad=a.skip_bad))


def _follow(ctx: Context, start: Callable[[], Job]) -> None:
    """Queue the job; --no-wait: say so; else wait for it and show its result."""
    line = waiting.ProgressLine(ctx)
    with jobs.watching(line.show):  # a queue that runs tasks at once runs it in this process
        job = start()
    if ctx.args.no_wait:
        line.end()
        waiting.queued(ctx, job)
        return
    _emit_result(ctx, waiting.wait(ctx, job, line))


def _emit_result(ctx: Context, job: Job) -> None:
    if job.kind == Job.Kind.RESTORE:
        restored = job.result.get("restored") or {}
        total = sum(restored.values())
        lines = [f"Restored {total} records from {job.filename}."]
        ctx.emit({"restored": restored, "job_id": job.pk}, lines)
        return
    _emit_import(ctx, {**job.result, "dry_run": False, "job_id": job.pk})


def _emit_import(ctx: Context, summary: dict[str, Any]) -> None:
    ctx.emit(summary, summary_lines(summary, summary["dry_run"]))


def show_job(ctx: Context) -> None:
    """`parting job ID [--wait]`: where the job is, or its result."""
    job = imports.settle(waiting.owned_job(ctx, ctx.args.job))
    if ctx.args.wait:
        job = waiting.wait(ctx, job)
    if job.status == Job.Status.FAILED:
        raise jobs.failure(job, "failed: ")
    if job.status == Job.Status.DONE:
        _emit_result(ctx, job)
        return
    ctx.emit(
        waiting.as_json(job),
        [f"{job.kind.capitalize()} job {job.pk} of {job.filename}: {waiting.where(job)}."],
    )


def summary_lines(summary: dict[str, Any], dry_run: bool) -> list[str]:
    c = summary["counts"]
    verb = "Would import" if dry_run else "Imported"
    lines = [
        f"{verb} {summary['file']}: {c['new']} new, {c['merged']} merged, "
        f"{c['review']} to review, {c['skipped']} skipped."
    ]
    if summary["review"]:
        lines.append("To review (possibly the same person):")
        rows = [
            [f"line {e['line']}", e["name"], f"~ {e['into']} ({e['score']})"]
            for e in summary["review"]
        ]
        lines += output.table(rows)
        if summary.get("import_id"):
            lines.append(
                f"Settle them all: parting review merge|keep --import {summary['import_id']}"
            )
    if summary.get("warnings"):
        lines.append("Kept, with a field left empty:")
        rows = [[f"line {w['line']}", w["name"], w["message"]] for w in summary["warnings"]]
        lines += output.table(rows)
    if summary["skipped"]:
        lines.append("Skipped:")
        lines += output.table([[f"line {e['line']}", e["reason"]] for e in summary["skipped"]])
    if dry_run:
        lines.append("Nothing was changed (dry run).")
    return lines


def export(ctx: Context) -> None:
    fmt, target = ctx.args.format, ctx.args.output
    if fmt == "csv" and not target:
        raise Invalid("the csv export is a ZIP of three files: give -o FILE")
    data = exports.export(ctx.user, fmt)
    _write(ctx, data, target, f"Exported {fmt} to {target}.")


def _write(ctx: Context, data: bytes, target: str | None, done: str) -> None:
    if not target:
        ctx.env.stdout.write(data.decode("utf-8"))
        return
    try:
        Path(target).write_bytes(data)
    except OSError as exc:
        raise Invalid(f"cannot write {target}: {exc.strerror}") from None
    ctx.emit({"file": target, "bytes": len(data)}, [done])


def backup(ctx: Context) -> None:
    if ctx.args.all:
        _backup_all(ctx)
        return
    text = backups.download(ctx.user)
    _write(ctx, text.encode("utf-8"), ctx.args.output, f"Backed up to {ctx.args.output}.")


def _backup_all(ctx: Context) -> None:
    """Every account's rolling backup (last 7 kept); unchanged accounts write nothing."""
    from django.conf import settings

    if ctx.args.output:
        raise Invalid("--all writes into PARTING_HOME/backups; leave out -o")
    written = backups.rolling_backups_for_all(settings.PARTING_HOME)
    folder = settings.PARTING_HOME / "backups"
    ctx.emit(
        {"written": written, "folder": str(folder)}, [f"{written} backup(s) written in {folder}."]
    )


def restore(ctx: Context) -> None:
    a = ctx.args
    raw, name = _read(a.file)
    try:
        # Every row, before anything is asked or queued (the task checks them again).
        line = waiting.ProgressLine(ctx)
        backups.check(backups.loads(raw, name), line.step("checking"))
        line.end()
    except DomainError as exc:
        raise Invalid(f"Nothing restored: {exc.message}") from None
    if a.replace and not backups.is_empty(ctx.user) and not a.yes:
        answer = ctx.env.prompt(f"Replace everything in {ctx.user.email} with {name}? [y/N] ")
        if (answer or "").strip().lower() not in ("y", "yes"):
            ctx.env.write("Nothing was changed.")
            return
    run = staging.stage_run(ctx.user, "restore", name, raw)
    _follow(ctx, lambda: imports.start_restore(ctx.user, run, replace=a.replace))


def _pair(ctx: Context) -> ReviewPair:
    ref = ctx.args.pair
    if not is_number(ref):
        raise Invalid("give the review id (see `parting review`)")
    found = ReviewPair.objects.for_user(ctx.user).filter(pk=parse_id(ref) or 0).first()
    if found is None:
        raise NotFound(f"no review #{ref}")
    return found


def _run(ctx: Context) -> ImportRun:
    ref = str(ctx.args.run)
    found = (
        ImportRun.objects.for_user(ctx.user).filter(pk=int(ref)).first() if ref.isdigit() else None
    )
    if found is None:
        raise NotFound(f"no import #{ref}")
    return found


def review_queue(ctx: Context) -> None:
    action = ctx.args.action
    if ctx.args.run is not None and action in ("merge", "keep"):
        review_all(ctx, action)
        return
    if action == "merge":
        record = merging.merge_pair(ctx.user, _pair(ctx))
        ctx.emit(_merge_json(record), [_merge_line(record)])
        return
    if action == "keep":
        merging.keep_both(ctx.user, _pair(ctx))
        ctx.emit({"kept_both": True}, ["Kept both."])
        return
    pairs = ReviewPair.objects.for_user(ctx.user).select_related("contact", "other")
    if ctx.args.run is not None:
        pairs = pairs.filter(run=_run(ctx))
    data = [
        {
            "id": p.pk,
            "contact_id": p.contact_id,
            "contact": p.contact.name,
            "other_id": p.other_id,
            "other": p.other.name,
            "score": p.score,
            "reason": p.reason,
            "import_id": p.run_id,
        }
        for p in pairs
    ]
    rows = [
        [
            f"#{d['id']}",
            f"{d['contact']} (#{d['contact_id']})",
            f"{d['other']} (#{d['other_id']})",
            f"{d['score']:.0f}",
            f"import #{d['import_id']}" if d["import_id"] else "",
        ]
        for d in data
    ]
    lines = output.table(rows) if rows else ["Nothing to review."]
    ctx.emit(data, lines)


def review_all(ctx: Context, action: str) -> None:
    """`review merge|keep --import N`: settle every pair that import found."""
    run = _run(ctx)
    if action == "merge":
        done = merging.merge_all(ctx.user, run)
        ctx.emit(
            [_merge_json(r) for r in done],
            [f"Merged {len(done)} pairs from import #{run.pk} ({run.filename})."],
        )
        return
    kept = merging.keep_all(ctx.user, run)
    ctx.emit(
        {"kept_both": kept}, [f"Kept both in {kept} pairs from import #{run.pk} ({run.filename})."]
    )


def list_merges(ctx: Context) -> None:
    """Every merge, newest first, with the import that made it; undo one with `unmerge`."""
    found = Merge.objects.for_user(ctx.user).select_related("kept", "run")
    if ctx.args.run is not None:
        found = found.filter(run=_run(ctx))
    found = found[: max(1, ctx.args.limit)]
    data = [
        {**_merge_json(m), "import_id": m.run_id, "at": m.created_at.isoformat()} for m in found
    ]
    rows = [
        [
            f"#{m.pk}",
            f"{m.merged_name} into {m.kept.label}",
            f"import #{m.run_id}" if m.run_id else "",
            "undone" if m.undone_at else "",
        ]
        for m in found
    ]
    ctx.emit(data, output.table(rows) if rows else ["No merges."])


def _merge_json(record: Merge) -> dict[str, Any]:
    return {
        "id": record.pk,
        "kept_id": record.kept_id,
        "kept": record.kept.name,
        "merged": record.merged_name,
        "undone": record.undone_at is not None,
    }


def _merge_line(record: Merge) -> str:
    return (
        f"Merge #{record.pk}: {record.merged_name} into {record.kept.label} "
        f"(undo with `parting unmerge {record.pk}`)."
    )


def merge(ctx: Context) -> None:
    kept = resolve_contact(ctx.user, ctx.args.kept)
    other = resolve_contact(ctx.user, ctx.args.other)
    record = merging.merge(ctx.user, kept, other)
    ctx.emit(_merge_json(record), [_merge_line(record)])


def undo_merge(ctx: Context) -> None:
    ref = str(ctx.args.merge)
    record = Merge.objects.for_user(ctx.user).filter(pk=parse_id(ref) or 0).first()
    if record is None:
        raise NotFound(f"no merge #{ref}")
    restored = merging.undo(ctx.user, record)
    ctx.emit(
        {"id": record.pk, "restored_id": restored.pk, "restored": restored.name},
        [f"Undone: {restored.name} is back (#{restored.pk})."],
    )
