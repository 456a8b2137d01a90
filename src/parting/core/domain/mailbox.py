"""The seeker's mailbox settings (issue 14): what to read, the site's switch, how the last
try went, and the two ways out: disconnect (the credentials go) and erase (what mail
logged goes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction

from parting.core.domain import clock
from parting.core.domain.errors import Checks, Conflict, Invalid, NotFound
from parting.core.domain.types import User
from parting.core.models import (
    Conversation,
    Mailbox,
    MailFolder,
    MailLogged,
    SiteSwitches,
    UnmatchedSender,
)

PORTS: dict[str, int] = {"ssl": 993, "starttls": 143, "none": 143}
HOST = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9a-fA-F:.]+\]?$"
)
MAX_FOLDERS = 20
DEFAULT_TAG = "[parting]"
OK, FAILED = "ok", "failed"


def connections_allowed() -> bool:
    """The site's switch (Django admin → Site switches): on unless an operator turned it off."""
    switches = SiteSwitches.objects.first()
    return switches is None or switches.mailbox_connections


def check_allowed() -> None:
    if not connections_allowed():
        raise Conflict("mailbox connections are turned off on this site", code="mail_off")


@dataclass
class Settings:
    """What the seeker typed to connect a mailbox; `clean()` refuses bad values."""

    host: str
    login: str
    port: int | str | None = None
    tls: str = Mailbox.Tls.SSL
    folders: list[str] = field(default_factory=list)
    tag: str = DEFAULT_TAG

    def clean(self) -> Settings:
        """Every field checked; one refusal naming each bad one (Checks)."""
        checks = Checks()
        self.host = (self.host or "").strip().lower()
        with checks:
            if not HOST.match(self.host):
                raise Invalid(
                    f"not a host name: {self.host!r}", field="host", plain="not a host name"
                )
        with checks:
            if self.tls not in Mailbox.Tls.values:
                allowed = ", ".join(Mailbox.Tls.values)
                raise Invalid(f"TLS mode must be one of {allowed}", field="tls")
            self.port = _port(self.port, self.tls)
        self.login = (self.login or "").strip()
        with checks:
            if not self.login or len(self.login) > 254 or any(c.isspace() for c in self.login):
                raise Invalid("the login must be one word of at most 254 characters", field="login")
        with checks:
            self.folders = _folders(self.folders)
        self.tag = " ".join((self.tag or DEFAULT_TAG).split())
        with checks:
            if len(self.tag) > 40:
                raise Invalid("the forwarding tag is longer than 40 characters", field="tag")
        checks.done()
        return self


def _port(value: int | str | None, tls: str) -> int:
    if value in (None, ""):
        return PORTS[tls]
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise Invalid(
            f"the port must be a number from 1 to 65535, not {text!r}",
            field="port",
            plain="the port must be a number from 1 to 65535",
        )
    return int(text)


def _folders(names: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    if len(cleaned) > MAX_FOLDERS:
        raise Invalid(f"watch at most {MAX_FOLDERS} folders", field="folders")
    for name in cleaned:
        if len(name) > 255 or any(ord(c) < 32 or c == '"' for c in name):
            raise Invalid(
                f"not a folder name: {name[:60]!r}",
                field="folders",
                plain="a folder name has a quote or a control character, or is too long",
            )
    return cleaned


def mailbox_of(user: User) -> Mailbox | None:
    return Mailbox.objects.for_user(user).first()


def connected(user: User) -> Mailbox:
    found = mailbox_of(user)
    if found is None:
        raise NotFound("no mailbox is connected", code="no_mailbox")
    return found


def save(user: User, settings: Settings, secret: str, sent_folder: str) -> Mailbox:
    """Store a checked connection. Folders no longer watched forget how far they were read."""
    check_allowed()
    with transaction.atomic():
        box = mailbox_of(user) or Mailbox(owner=user)
        box.host, box.port, box.tls = settings.host, int(settings.port or 0), settings.tls
        box.login, box.secret, box.folders = settings.login, secret, settings.folders
        box.sent_folder, box.tag = sent_folder, settings.tag
        box.status, box.status_line, box.checked_at = OK, "connected", clock.now()
        box.save()
        MailFolder.objects.for_user(user).filter(mailbox=box).exclude(
            name__in=settings.folders
        ).delete()
    return box


def record_status(user: User, ok: bool, line: str, *, fetched: bool = False) -> None:
    """How the last connection went, for Settings → Mail."""
    now = clock.now()
    values = {"status": OK if ok else FAILED, "status_line": line[:300], "checked_at": now}
    if fetched:
        values["fetched_at"] = now
    Mailbox.objects.for_user(user).update(**values)


def disconnect(user: User) -> bool:
    """Forget the mailbox: its stored credentials and how far each folder was read."""
    return bool(Mailbox.objects.for_user(user).delete()[0])


@dataclass
class Erased:
    conversations: int
    senders: int


def erase_logged(user: User) -> Erased:
    """Delete, in one step, every conversation mail logged and every address listed for
    review. Lead statuses that mail moved stay as they are."""
    with transaction.atomic():
        logged = MailLogged.objects.for_user(user)
        ids = list(logged.exclude(conversation=None).values_list("conversation_id", flat=True))
        gone = Conversation.objects.for_user(user).filter(pk__in=ids).delete()[1]
        logged.delete()
        senders = UnmatchedSender.objects.for_user(user).delete()[0]
    return Erased(gone.get("core.Conversation", 0), senders)


def logged_count(user: User) -> int:
    return MailLogged.objects.for_user(user).exclude(conversation=None).count()
