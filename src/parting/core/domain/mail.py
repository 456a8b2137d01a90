"""Outgoing mail through Django's mail framework; PARTING_EMAIL_URL picks the backend."""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from parting.core.domain.errors import DomainError
from parting.email_url import CONSOLE


class MailError(DomainError):
    """The mail server is down or refused: exit 1. Never carries the password."""

    exit_code = 1


def delivers() -> bool:
    """False when mail is only printed (no PARTING_EMAIL_URL: the console backend)."""
    return str(settings.EMAIL_BACKEND) != CONSOLE


def connection(**options: Any) -> BaseEmailBackend:
    """The configured backend; `stream` tells the console backend where to print."""
    return get_connection(**options)


def send(message: EmailMessage) -> None:
    """Deliver one message or raise MailError with one clear line."""
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as exc:
        where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
        raise MailError(f"cannot send mail via {where}: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode(errors="replace") if isinstance(error, bytes) else str(error or "")
        return f"server said {exc.smtp_code} {text}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the server refused the recipient"
    return str(exc) or type(exc).__name__
