"""Django's EMAIL_* settings from one PARTING_EMAIL_URL (`smtp://user:pass@host:port`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

CONSOLE = "django.core.mail.backends.console.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"
SUBMISSION = 587  # RFC 8314: the submission port speaks STARTTLS


def email_settings(url: str) -> dict[str, Any]:
    """Without a URL mail is printed (console backend). `smtps://` is TLS from the first byte;
    `smtp://` to port 587 upgrades with STARTTLS; other `smtp://` ports talk plain SMTP."""
    if not url:
        return {"EMAIL_BACKEND": CONSOLE}
    parsed = urlparse(url)
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise ImproperlyConfigured(
            "PARTING_EMAIL_URL must look like smtp://user:pass@host:port (or smtps://)"
        )
    try:
        port = parsed.port
    except ValueError:
        raise ImproperlyConfigured("PARTING_EMAIL_URL has a bad port") from None
    ssl = parsed.scheme == "smtps"
    port = port or (465 if ssl else 25)
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parsed.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": ssl,
        "EMAIL_USE_TLS": not ssl and port == SUBMISSION,
        "EMAIL_TIMEOUT": 20,
    }
