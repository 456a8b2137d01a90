"""Messages for the IMAP tests, written as raw RFC 5322 text."""

from __future__ import annotations

import datetime as dt
import itertools
from email.utils import format_datetime

_ids = itertools.count(1)


def message(
    *,
    sender: str,
    to: str,
    subject: str = "Re: our call",
    body: str = "Thanks, happy to talk next week.\n",
    cc: str = "",
    message_id: str | None = "",
    at: dt.datetime | None = None,
    extra: str = "",
) -> str:
    """A plain-text message; `message_id=None` leaves the header out."""
    at = at or dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.UTC)
    lines = [f"From: {sender}", f"To: {to}"]
    lines += [f"Cc: {cc}"] if cc else []
    lines += [f"Subject: {subject}", f"Date: {format_datetime(at)}"]
    if message_id is not None:
        lines.append(f"Message-ID: <{message_id or f'm{next(_ids)}@example.org'}>")
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
    lines += [extra] if extra else []
    return "\n".join(lines) + "\n\n" + body


def with_attachment(*, sender: str, to: str, body: str, size: int, subject: str = "CV") -> str:
    """A message whose text comes first, then an attachment of `size` bytes (base64)."""
    chunk = "QUJD" * 19 + "\n"  # 76 base64 characters a line
    attachment = chunk * (size // len(chunk) + 1)
    return (
        f"From: {sender}\nTo: {to}\nSubject: {subject}\n"
        f"Date: {format_datetime(dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC))}\n"
        f"Message-ID: <big{next(_ids)}@example.org>\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b1"\n\n'
        '--b1\nContent-Type: multipart/alternative; boundary="b2"\n\n'
        f"--b2\nContent-Type: text/plain; charset=utf-8\n\n{body}\n"
        "--b2\nContent-Type: text/html; charset=utf-8\n\n<p>html copy</p>\n--b2--\n"
        "--b1\nContent-Type: application/pdf; name=cv.pdf\n"
        "Content-Disposition: attachment; filename=cv.pdf\n"
        f"Content-Transfer-Encoding: base64\n\n{attachment}--b1--\n"
    )
