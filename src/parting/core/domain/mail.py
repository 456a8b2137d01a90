"""Outgoing mail over SMTP, configured by PARTING_EMAIL_URL (`smtp://` or `smtps://`)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

from django.conf import settings

from parting.core.domain.errors import DomainError, Invalid

TIMEOUT = 20


class MailError(DomainError):
    """The mail server is down or refused: exit 1. Never carries the password."""

    exit_code = 1


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int
    username: str
    password: str
    tls: bool

    def __repr__(self) -> str:  # keeps the password out of logs and tracebacks
        return f"MailServer({self.host}:{self.port}, user={self.username!r}, tls={self.tls})"


def server_from_url(url: str) -> MailServer:
    """Parse `smtp://user:pass@host:port`; `smtps://` means TLS from the first byte."""
    parsed = urlparse(url or "")
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise Invalid("PARTING_EMAIL_URL must look like smtp://user:pass@host:port (or smtps://)")
    tls = parsed.scheme == "smtps"
    try:
        port = parsed.port or (465 if tls else 25)
    except ValueError as exc:
        raise Invalid("PARTING_EMAIL_URL has a bad port") from exc
    return MailServer(
        host=parsed.hostname,
        port=port,
        username=unquote(parsed.username or ""),
        password=unquote(parsed.password or ""),
        tls=tls,
    )


def configured_server() -> MailServer:
    url = getattr(settings, "PARTING_EMAIL_URL", "")
    if not url:
        raise Invalid("no mail server: set PARTING_EMAIL_URL (smtp://user:pass@host:port)")
    return server_from_url(url)


def sender() -> str:
    host = urlparse(settings.PARTING_BASE_URL).hostname or "localhost"
    return f"Parting <parting@{host}>"


def send(message: EmailMessage, server: MailServer | None = None) -> None:
    """Deliver one message or raise MailError with one clear line."""
    server = server or configured_server()
    try:
        if server.tls:
            context = ssl.create_default_context()
            conn: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=TIMEOUT, context=context
            )
        else:
            conn = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        with conn:
            if server.username:
                conn.login(server.username, server.password)
            conn.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        reason = _reason(exc)
        raise MailError(f"cannot send mail via {server.host}:{server.port}: {reason}") from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode(errors="replace") if isinstance(error, bytes) else str(error or "")
        return f"server said {exc.smtp_code} {text}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the server refused the recipient"
    return str(exc) or type(exc).__name__
