"""The mailbox, end to end: connect (checked before anything is stored), test, fetch and
the periodic run. Each door (CLI, web, the task) calls these."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from parting.core.domain import clock, inbound, mailbox
from parting.core.domain.errors import DomainError, Invalid
from parting.core.domain.types import User
from parting.core.models import Mailbox, MailFolder
from parting.inbound import imap, message, secrets

log = logging.getLogger("parting.mail")

FIRST_DAYS = 30  # a first read goes this far back, however big the mailbox
SENT_NAMES = ("sent", "sent items", "sent messages", "sent mail", "[gmail]/sent mail")

Progress = Callable[[str, int, int], None]  # folder, messages done, messages to read


def server_of(box: Mailbox | mailbox.Settings) -> imap.Server:
    return imap.Server(box.host, int(box.port or 0), box.tls, box.login)


@dataclass
class Checked:
    folders: list[str]
    sent_folder: str


def _check(connection: imap.Connection, wanted: list[str]) -> Checked:
    """The folders to watch exist; without a choice, INBOX and the sent folder."""
    listed = connection.folders()
    names = {name for name, _ in listed}
    sent = next((n for n, flags in listed if "\\Sent" in flags), "")
    sent = sent or next((n for n, _ in listed if n.lower() in SENT_NAMES), "")
    folders = wanted or ["INBOX", *([sent] if sent else [])]
    missing = [f for f in folders if f not in names and f.upper() != "INBOX"]
    if missing:
        raise imap.MailboxError(
            f"there is no folder {missing[0]!r} in this mailbox (it has: "
            f"{', '.join(sorted(names)[:12])})"
        )
    return Checked(folders, sent if sent in folders else "")


def connect(user: User, settings: mailbox.Settings, password: str) -> Mailbox:
    """Check the server, the login and the folders, then store it (the password sealed)."""
    mailbox.check_allowed()
    settings.clean()
    if not password:
        raise Invalid("no password given", field="password")
    with imap.Connection(server_of(settings), password) as connection:
        checked = _check(connection, settings.folders)
    settings.folders = checked.folders
    log.info("mailbox connected for account %s at %s", user.pk, settings.host)
    return mailbox.save(user, settings, secrets.seal(password), checked.sent_folder)


def test(user: User) -> str:
    """One line: the mailbox answers and its folders are there, or why not."""
    box = mailbox.connected(user)
    try:
        with imap.Connection(server_of(box), secrets.unseal(box.secret)) as connection:
            _check(connection, list(box.folders))
    except DomainError as exc:
        mailbox.record_status(user, False, exc.message)
        raise
    line = f"{box.login} at {box.host}:{box.port} answers; watching {', '.join(box.folders)}"
    mailbox.record_status(user, True, line)
    return line


def fetch(user: User, progress: Progress | None = None) -> inbound.Tally:
    """Read new mail in every watched folder since the last UID seen; log what concerns a
    contact. A failure is kept as the mailbox's status and raised as one line."""
    mailbox.check_allowed()
    box = mailbox.connected(user)
    reader = inbound.Reader(user, {user.email, box.login}, box.tag)
    try:
        with imap.Connection(server_of(box), secrets.unseal(box.secret)) as connection:
            for folder in box.folders:
                _read_folder(connection, box, folder, reader, progress)
    except DomainError as exc:
        mailbox.record_status(user, False, exc.message)
        log.warning("mail fetch failed for account %s: %s", user.pk, exc.message)
        raise
    tally = reader.tally
    line = f"read {tally.read} new, logged {tally.logged}, {tally.unmatched} unknown senders"
    mailbox.record_status(user, True, line, fetched=True)
    return tally


def _read_folder(
    connection: imap.Connection,
    box: Mailbox,
    folder: str,
    reader: inbound.Reader,
    progress: Progress | None,
) -> None:
    state, _ = MailFolder.objects.get_or_create(owner=box.owner, mailbox=box, name=folder)
    validity = connection.open(folder)
    if state.uidvalidity != validity:  # the server renumbered the folder: read it afresh
        state.uidvalidity, state.last_uid = validity, 0
    since = clock.now().date() - dt.timedelta(days=FIRST_DAYS)
    uids = connection.uids_after(state.last_uid, since)
    done = 0
    for batch in imap.batches(uids):
        _read_batch(connection, batch, reader, sent=folder == box.sent_folder)
        done += len(batch)
        state.last_uid = max(state.last_uid, batch[-1])
        state.save(update_fields=["uidvalidity", "last_uid", "updated_at"])
        if progress is not None:
            progress(folder, done, len(uids))
    if not uids:
        state.save(update_fields=["uidvalidity", "last_uid", "updated_at"])


def _read_batch(
    connection: imap.Connection, uids: list[int], reader: inbound.Reader, *, sent: bool
) -> None:
    """Headers first; the text of only those messages that concern a contact."""
    plans: dict[int, tuple[inbound.Plan, inbound.Mail]] = {}
    parts: dict[int, message.Part] = {}
    for found in connection.headers(uids):
        mail = message.envelope(found.headers, found.internal)
        if reader.seen(mail.key):
            reader.tally.read += 1
            reader.tally.already += 1
            continue
        plan = reader.sort(mail, sent_folder=sent)
        if plan is None:
            continue
        plans[found.uid] = (plan, mail)
        part = message.first_text(found.structure)
        if part is not None:
            parts[found.uid] = part
    texts = connection.texts(parts) if parts else {}
    for uid, (plan, mail) in plans.items():
        _log(reader, plan, mail, texts.get(uid, ""))


def _log(reader: inbound.Reader, plan: inbound.Plan, mail: inbound.Mail, text: str) -> None:
    if plan.direction != inbound.FORWARDED:
        reader.log(plan, mail, mail.subject, message.first_lines(text))
        return
    quoted = message.forwarded(text)
    about = reader.forwarded_about(quoted.sender if quoted else None)
    if about is None or quoted is None:
        return
    subject = quoted.subject or message.clean_subject(mail.subject, reader.tag)
    reader.log(about, mail, subject, quoted.lines)
