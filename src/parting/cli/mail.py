"""`parting mail connect|test|fetch|disconnect|unmatched|add|attach|ignore|erase`: inbound
mail over IMAP (issue 14)."""

from __future__ import annotations

from typing import Any

from parting.cli.context import Context
from parting.cli.output import table
from parting.core.domain import mailbox, network, unmatched
from parting.core.domain.errors import Conflict
from parting.core.models import Mailbox, UnmatchedSender
from parting.inbound import service

PROGRESS_FROM = 200  # messages: a fetch this long says how far it got, on stderr


def register(sub: Any, common: Any) -> None:
    mail = sub.add_parser("mail", parents=[common])
    actions = mail.add_subparsers(dest="action", required=True)
    connect = actions.add_parser(
        "connect", help="read a mailbox over IMAP (checked before it is kept)", parents=[common]
    )
    connect.add_argument("--host", required=True, help="the IMAP server, e.g. imap.example.com")
    connect.add_argument("--port", help="default 993 with ssl, else 143")
    connect.add_argument("--tls", choices=Mailbox.Tls.values, default=Mailbox.Tls.SSL)
    connect.add_argument("--login", required=True, metavar="USER")
    connect.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password (or app password) from stdin's first line",
    )
    connect.add_argument(
        "--folders", metavar="F,…", help="folders to watch (default: INBOX and the sent folder)"
    )
    connect.add_argument("--tag", help="the forwarding tag in a subject (default [parting])")
    connect.set_defaults(handler=mail_connect)
    for name, handler, text in (
        ("test", mail_test, "check the connection, in one line"),
        ("fetch", mail_fetch, "read new mail now (the worker does it every 15 minutes)"),
        ("disconnect", mail_disconnect, "forget the mailbox and its stored password"),
    ):
        actions.add_parser(name, help=text, parents=[common]).set_defaults(handler=handler)
    listing = actions.add_parser("unmatched", help="senders to review", parents=[common])
    listing.set_defaults(handler=mail_unmatched)
    add = actions.add_parser("add", help="make a contact of a sender", parents=[common])
    add.add_argument("sender", metavar="SENDER", help="its id or address")
    add.add_argument("--name", help="the contact's name (default: as the mail gave it)")
    add.set_defaults(handler=mail_add)
    attach = actions.add_parser(
        "attach", help="keep a sender's address on a contact", parents=[common]
    )
    attach.add_argument("sender", metavar="SENDER")
    attach.add_argument("contact", metavar="CONTACT")
    attach.set_defaults(handler=mail_attach)
    ignore = actions.add_parser("ignore", help="never list a sender again", parents=[common])
    ignore.add_argument("sender", metavar="SENDER")
    ignore.set_defaults(handler=mail_ignore)
    erase = actions.add_parser(
        "erase", help="delete every conversation mail logged, in one step", parents=[common]
    )
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(handler=mail_erase)


def _box(box: Mailbox | None) -> dict[str, Any]:
    if box is None:
        return {"connected": False}
    return {
        "connected": True,
        "host": box.host,
        "port": box.port,
        "tls": box.tls,
        "login": box.login,
        "folders": box.folders,
        "sent_folder": box.sent_folder,
        "tag": box.tag,
        "status": box.status,
        "status_line": box.status_line,
    }


def mail_connect(ctx: Context) -> None:
    password = ctx.env.stdin.readline().rstrip("\r\n")
    folders = (ctx.args.folders or "").split(",") if ctx.args.folders else []
    settings = mailbox.Settings(
        host=ctx.args.host,
        login=ctx.args.login,
        port=ctx.args.port,
        tls=ctx.args.tls,
        folders=folders,
        tag=ctx.args.tag or mailbox.DEFAULT_TAG,
    )
    box = service.connect(ctx.user, settings, password)
    ctx.emit(
        _box(box),
        [f"Connected {box.login} at {box.host}:{box.port}; watching {', '.join(box.folders)}."],
    )


def mail_test(ctx: Context) -> None:
    line = service.test(ctx.user)
    ctx.emit(_box(mailbox.mailbox_of(ctx.user)), [f"OK: {line}"])


def mail_fetch(ctx: Context) -> None:
    def progress(folder: str, done: int, total: int) -> None:
        if total > PROGRESS_FROM:
            ctx.env.error(f"{folder}: {done:,} of {total:,} messages")

    tally = service.fetch(ctx.user, progress)
    data = {
        "read": tally.read,
        "logged": tally.logged,
        "already_logged": tally.already,
        "unmatched": tally.unmatched,
        "leads": tally.leads,
    }
    line = f"Read {tally.read} new messages: logged {tally.logged}"
    line += f", {len(tally.leads)} leads moved" if tally.leads else ""
    line += f", {tally.unmatched} from unknown senders (parting mail unmatched)."
    ctx.emit(data, [line])


def mail_disconnect(ctx: Context) -> None:
    if not mailbox.disconnect(ctx.user):
        raise Conflict("no mailbox is connected")
    ctx.emit({"connected": False}, ["Disconnected: the mailbox and its password are forgotten."])


def _sender(sender: UnmatchedSender) -> dict[str, Any]:
    return {
        "id": sender.pk,
        "address": sender.address,
        "name": sender.name,
        "messages": sender.messages,
        "last_seen_at": sender.last_seen_at.isoformat(),
    }


def mail_unmatched(ctx: Context) -> None:
    rows = list(unmatched.waiting(ctx.user)[: unmatched.LIMIT])
    lines = table([[f"#{s.pk}", s.address, str(s.messages), s.name] for s in rows]) or [
        "No unknown senders to review."
    ]
    ctx.emit([_sender(s) for s in rows], lines)


def mail_add(ctx: Context) -> None:
    sender = unmatched.resolve_sender(ctx.user, ctx.args.sender)
    contact = unmatched.add_contact(ctx.user, sender, ctx.args.name or "")
    ctx.emit(
        {"id": contact.pk, "name": contact.name, "email": contact.email},
        [f"Added contact #{contact.pk} {contact.name} <{contact.email}>."],
    )


def mail_attach(ctx: Context) -> None:
    sender = unmatched.resolve_sender(ctx.user, ctx.args.sender)
    contact = network.resolve_contact(ctx.user, ctx.args.contact)
    address = sender.address
    unmatched.attach(ctx.user, sender, contact)
    ctx.emit(
        {"id": contact.pk, "name": contact.name, "address": address},
        [f"{address} is now kept on {contact.name}: their next mail is logged."],
    )


def mail_ignore(ctx: Context) -> None:
    sender = unmatched.ignore(ctx.user, unmatched.resolve_sender(ctx.user, ctx.args.sender))
    ctx.emit(_sender(sender), [f"Ignored {sender.address} for good."])


def mail_erase(ctx: Context) -> None:
    count = mailbox.logged_count(ctx.user)
    if not ctx.args.yes:
        answer = ctx.env.prompt(
            f"Delete the {count} conversations logged from mail, and the senders listed "
            "for review? [y/N] "
        )
        if (answer or "").strip().lower() not in ("y", "yes"):
            raise Conflict("nothing deleted", code="not_confirmed")
    erased = mailbox.erase_logged(ctx.user)
    ctx.emit(
        {"conversations": erased.conversations, "senders": erased.senders},
        [
            f"Deleted {erased.conversations} conversations logged from mail "
            f"and {erased.senders} listed senders."
        ],
    )
