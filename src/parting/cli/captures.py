"""`parting capture send FILE`, `capture list [--conflicts]`, `capture resolve ID …`,
`capture discard ID`: calls captured elsewhere (a phone's export, a script) as JSON, in the
shape the offline call page sends. Each is recorded once by its id, through the same domain
function as the phone (domain.captures); one that conflicts is kept until it is resolved."""

from __future__ import annotations

import os
from typing import Any

import orjson

from parting.cli.context import Context
from parting.core.domain import captures, network
from parting.core.domain.errors import Conflict, DomainError, Invalid, NotFound
from parting.core.models import Capture

# A file of captures: up to this many, and this large.
MAX_CAPTURES = 500
MAX_FILE = 16 * 1024 * 1024


def register(sub: Any, common: Any) -> None:
    capture = sub.add_parser(
        "capture",
        parents=[common],
        description="Calls captured elsewhere (a phone's export, a script), as JSON objects "
        "in the shape the offline call page sends: each is recorded once, by its id.",
    )
    actions = capture.add_subparsers(dest="action", required=True)
    send = actions.add_parser(
        "send",
        help="record the captures of a JSON file (one object, or a list); each once",
        parents=[common],
    )
    send.add_argument(
        "file",
        metavar="FILE",
        help="JSON: {id, contact or new_contact, outcome, kind, channel, at, opening, note, ask}",
    )
    send.set_defaults(handler=capture_send)
    listing = actions.add_parser(
        "list", help="captures sent here: recorded, or a conflict and why", parents=[common]
    )
    listing.add_argument("--conflicts", action="store_true", help="only those not recorded")
    listing.set_defaults(handler=capture_list)
    resolve = actions.add_parser(
        "resolve",
        help="record a conflict again: another contact, no question or no answer",
        parents=[common],
    )
    resolve.add_argument("capture", metavar="ID", help="the capture's id (see capture list)")
    who = resolve.add_mutually_exclusive_group()
    who.add_argument("--contact", metavar="C", help="with this contact (id or unique name)")
    who.add_argument("--new-contact", metavar="NAME", help="with a new contact of this name")
    resolve.add_argument("--company", metavar="C", help="the new contact's company")
    what = resolve.add_mutually_exclusive_group()
    what.add_argument(
        "--without-question", action="store_true", help="record the ask without its question"
    )
    what.add_argument("--without-ask", action="store_true", help="record the call without the ask")
    resolve.set_defaults(handler=capture_resolve)
    discard = actions.add_parser(
        "discard", help="forget a conflict (it was never recorded)", parents=[common]
    )
    discard.add_argument("capture", metavar="ID", help="the capture's id (see capture list)")
    discard.set_defaults(handler=capture_discard)


def _load(path_text: str) -> tuple[list[Any], bool]:
    """The captures of a file, and whether it held a list (the JSON answer is then one)."""
    try:
        size = os.stat(path_text).st_size
    except OSError as exc:
        raise NotFound(f"cannot open {path_text}: {exc.strerror}") from None
    if size > MAX_FILE:
        raise Invalid(f"{path_text} is over {MAX_FILE // (1024 * 1024)} MB")
    try:
        with open(path_text, "rb") as handle:
            data = orjson.loads(handle.read())
    except OSError as exc:
        raise Invalid(f"cannot read {path_text}: {exc.strerror}") from None
    except orjson.JSONDecodeError as exc:
        raise Invalid(f"{path_text} is not JSON: {exc.msg}") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise Invalid(f"{path_text} holds no capture")
    if len(items) > MAX_CAPTURES:
        raise Invalid(f"{path_text} holds {len(items)} captures; at most {MAX_CAPTURES} at once")
    return items, isinstance(data, list)


def _line(result: dict[str, Any], made: bool) -> str:
    contact = result.get("contact") or {}
    leads = len(result.get("leads", []))
    what = f"conversation #{result['conversation']} with {contact.get('name', '?')}"
    more = f", {leads} lead{'s' if leads != 1 else ''}" if leads else ""
    verb = "Recorded" if made else "Already recorded"
    return f"{verb} {result['id']}: {what} ({result.get('outcome')}{more})"


def capture_send(ctx: Context) -> None:
    items, many = _load(ctx.args.file)
    # Every capture is read before any is recorded: bad input changes nothing.
    for number, item in enumerate(items, 1):
        try:
            captures.parse(item)
        except DomainError as exc:
            where = f"capture {number}" if len(items) > 1 else "the capture"
            raise Invalid(f"{where}: {exc.message}", field=exc.field) from None
    results: list[dict[str, Any]] = []
    lines: list[str] = []
    conflicts = 0
    for item in items:
        try:
            capture, made = captures.send(ctx.user, item)
        except Conflict as exc:
            conflicts += 1
            results.append(
                {"id": str(item["id"]), "state": "conflict", "error": exc.message, "code": exc.code}
            )
            lines.append(f"Conflict {item['id']}: {exc.message} (kept: parting capture resolve)")
            continue
        result = {**captures.report_sent(capture), "created": made}
        results.append(result)
        lines.append(_line(result, made))
        lines.extend(f"  {known}" for known in result["known"])
    ctx.emit(results if many else results[0], lines)
    if conflicts:
        raise Conflict(
            f"{conflicts} of {len(items)} capture{'s' if len(items) != 1 else ''} could not be "
            "recorded: see parting capture list --conflicts",
            code="capture_conflict",
        )


def capture_list(ctx: Context) -> None:
    state = captures.CONFLICT if ctx.args.conflicts else None
    items: list[Capture] = list(captures.of_account(ctx.user, state))
    data = [captures.summary(capture) for capture in items]
    lines: list[str] = []
    for x in data:
        if x["contact"]:
            lines.append(
                f"{x['id']}  recorded  #{x['conversation']} {x['contact']['name']} ({x['outcome']})"
            )
        elif x["state"] == captures.RECORDED:
            lines.append(f"{x['id']}  recorded  (its conversation was deleted since)")
        else:
            lines.append(f"{x['id']}  {x['state']}  {x['error']}")
    empty = "No conflicts." if ctx.args.conflicts else "No captures sent from a file or the API."
    ctx.emit(data, lines or [empty])


def capture_resolve(ctx: Context) -> None:
    a = ctx.args
    if a.company and not a.new_contact:
        raise Invalid("--company goes with --new-contact", field="company")
    contact = network.resolve_contact(ctx.user, a.contact).pk if a.contact else None
    capture, made = captures.resolve(
        ctx.user,
        a.capture,
        contact=contact,
        new_contact=(a.new_contact or "").strip(),
        new_company=(a.company or "").strip(),
        without_question=a.without_question,
        without_ask=a.without_ask,
    )
    result = {**captures.report_sent(capture), "created": made}
    ctx.emit(result, [_line(result, made), *(f"  {known}" for known in result["known"])])


def capture_discard(ctx: Context) -> None:
    found = captures.find(ctx.user, ctx.args.capture)
    summary = captures.summary(found)
    captures.discard(ctx.user, ctx.args.capture)
    ctx.emit({**summary, "discarded": True}, [f"Discarded {summary['id']}: it was never recorded."])
