"""R4: outreach to a lead names the referrer only with permission. The one place that decides."""

from __future__ import annotations

from urllib.parse import quote

from parting.core.choices import Permission
from parting.core.models import Lead


def may_name_referrer(lead: Lead) -> bool:
    """True only when the referrer said yes to being mentioned (R4)."""
    return lead.permission == Permission.GRANTED


def referrer_name_for_outreach(lead: Lead) -> str | None:
    """The referrer's name for text sent to the lead, or None when it must stay out (R4).

    Every opener, email, subject and message addressed to a lead gets the referrer's name
    through this function and nowhere else."""
    return lead.referrer.name if may_name_referrer(lead) else None


def mailto(to: str, subject: str, body: str) -> str:
    """A mailto: URL (RFC 6068): everything percent-encoded, line breaks as CRLF."""
    crlf = "\r\n".join(body.splitlines())
    query = f"subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"
    return f"mailto:{quote(to, safe='@')}?{query}"
