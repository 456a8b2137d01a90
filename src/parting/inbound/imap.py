"""Talking IMAP (with imap-tools): connect, list folders, and read a folder in bounded
batches. Every failure becomes a MailboxError with one line that never holds the password."""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import (
    ImapToolsError,
    MailboxFolderSelectError,
    MailboxLoginError,
    MailboxStarttlsError,
)

from parting.core.domain.errors import DomainError
from parting.inbound import message, wire

TIMEOUT = 20  # seconds, for connecting and for each answer
BATCH = 200  # messages per FETCH
TEXT_BYTES = 16 * 1024  # of the first text part: enough for the first lines, never a file


class MailboxError(DomainError):
    """The mailbox cannot be read: one clear line, exit 1."""

    exit_code = 1


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    tls: str
    login: str


@dataclass
class Fetched:
    """One message's answer to the header fetch."""

    uid: int
    size: int
    headers: bytes
    structure: Any
    internal: dt.datetime | None


def _reason(exc: BaseException, server: Server) -> str:
    where = f"{server.host}:{server.port}"
    if isinstance(exc, MailboxLoginError):
        return f"{where} refused the login for {server.login}: wrong user or password"
    if isinstance(exc, socket.gaierror):
        return f"the mail server {server.host!r} was not found (the name does not resolve)"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS failed with {where}: the certificate is not trusted ({exc.verify_message})"
    if isinstance(exc, ssl.SSLError | MailboxStarttlsError):
        return f"TLS failed with {where}: {_short(exc)} (check the port and the TLS mode)"
    if isinstance(exc, ConnectionRefusedError):
        return f"cannot connect to {where}: the server is down or refused the connection"
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"cannot connect to {where}: no answer within {TIMEOUT} s"
    if isinstance(exc, OSError):
        return f"cannot connect to {where}: {exc.strerror or _short(exc)}"
    if isinstance(exc, imaplib.IMAP4.abort):
        return f"{where} closed the connection"
    return f"{where} answered with an error: {_short(exc)}"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:160]
    return text or type(exc).__name__


class Connection:
    """A logged-in IMAP session (a context manager)."""

    def __init__(self, server: Server, password: str) -> None:
        self.server = server
        try:
            self.box = _mailbox(server)
            self.box.login(server.login, password, initial_folder=None)
        except (OSError, ImapToolsError, imaplib.IMAP4.error, ValueError) as exc:
            raise MailboxError(_reason(exc, server)) from None

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError, ImapToolsError, imaplib.IMAP4.error):
            self.box.logout()

    def _call(self, what: str, *args: Any) -> Any:
        try:
            kind, data = self.box.client.uid(what, *args)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailboxError(_reason(exc, self.server)) from None
        if kind != "OK":
            raise MailboxError(f"{self.server.host} refused {what}: {_short(Exception(data))}")
        return data

    def folders(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every folder's name with its flags (e.g. \\Sent)."""
        try:
            return [(f.name, tuple(f.flags)) for f in self.box.folder.list()]
        except (OSError, ImapToolsError, imaplib.IMAP4.error) as exc:
            raise MailboxError(_reason(exc, self.server)) from None

    def open(self, folder: str) -> int:
        """Select a folder read-only; its UIDVALIDITY."""
        try:
            self.box.folder.set(folder, readonly=True)
            status = self.box.folder.status(folder, ["UIDVALIDITY"])
        except MailboxFolderSelectError:
            raise MailboxError(f"there is no folder {folder!r} in this mailbox") from None
        except (OSError, ImapToolsError, imaplib.IMAP4.error) as exc:
            raise MailboxError(_reason(exc, self.server)) from None
        return int(status.get("UIDVALIDITY", 0))

    def uids_after(self, last_uid: int, since: dt.date | None) -> list[int]:
        """UIDs above `last_uid` (on a first read, those that arrived since `since`)."""
        if last_uid == 0 and since is not None:
            data = self._call("SEARCH", "SINCE", since.strftime("%d-%b-%Y"))
        else:
            data = self._call("SEARCH", "UID", f"{last_uid + 1}:*")
        found = (data[0] or b"").split() if data else []
        return sorted(u for u in (int(n) for n in found if n.isdigit()) if u > last_uid)

    def headers(self, uids: list[int]) -> Iterator[Fetched]:
        """The chosen headers, size and structure of these messages: never a body."""
        fields = f"BODY.PEEK[HEADER.FIELDS ({message.HEADERS})]"
        what = f"(UID RFC822.SIZE INTERNALDATE BODYSTRUCTURE {fields})"
        for found in wire.fetched(self._call("FETCH", _set(uids), what)):
            uid = _number(found.get("UID"))
            if uid is None:
                continue
            headers = wire.section_of(found, "BODY[HEADER")
            yield Fetched(
                uid=uid,
                size=_number(found.get("RFC822.SIZE")) or 0,
                headers=headers if isinstance(headers, bytes) else b"",
                structure=found.get("BODYSTRUCTURE"),
                internal=_internal(found.get("INTERNALDATE")),
            )

    def texts(self, wanted: dict[int, message.Part]) -> dict[int, str]:
        """At most TEXT_BYTES of each message's first text part, decoded."""
        texts: dict[int, str] = {}
        by_section: dict[str, list[int]] = {}
        for uid, part in wanted.items():
            by_section.setdefault(part.section, []).append(uid)
        for section, uids in by_section.items():
            what = f"(UID BODY.PEEK[{section}]<0.{TEXT_BYTES}>)"
            for found in wire.fetched(self._call("FETCH", _set(uids), what)):
                number = _number(found.get("UID"))
                raw = wire.section_of(found, "BODY[")
                if number is not None and number in wanted and isinstance(raw, bytes):
                    texts[number] = message.text_of(raw, wanted[number])
        return texts


def _mailbox(server: Server) -> Any:
    if server.tls == "ssl":
        return MailBox(server.host, server.port, timeout=TIMEOUT, ssl_context=_context())
    if server.tls == "starttls":
        return MailBoxStartTls(server.host, server.port, timeout=TIMEOUT, ssl_context=_context())
    return MailBoxUnencrypted(server.host, server.port, timeout=TIMEOUT)


def _context() -> ssl.SSLContext:
    return ssl.create_default_context()


def _set(uids: list[int]) -> str:
    return ",".join(str(u) for u in uids)


def _number(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _internal(value: Any) -> dt.datetime | None:
    """The server's arrival time, `17-Jul-1996 02:44:25 -0700`."""
    try:
        return dt.datetime.strptime(str(value or "").strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def batches(uids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(uids), BATCH):
        yield uids[start : start + BATCH]
