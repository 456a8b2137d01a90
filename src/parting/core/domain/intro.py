"""Opening the door to a lead: a phone opener and an email draft (R4).

The referrer's name reaches this text only through `outreach.referrer_name_for_outreach`,
so it appears only when the referrer granted permission."""

from __future__ import annotations

from dataclasses import dataclass

from parting.core.domain.network import format_phone
from parting.core.domain.outreach import mailto, referrer_name_for_outreach
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.domain.wording import first_name, looking_for
from parting.core.models import Lead


@dataclass(frozen=True)
class Intro:
    opener: str
    subject: str
    body: str
    to: str  # the lead's email, when known
    names_referrer: bool
    linkedin: str = ""  # a short message with no subject, for a lead without an email

    @property
    def mailto(self) -> str:
        return mailto(self.to, self.subject, self.body)


def intro_for(user: User, lead: Lead) -> Intro:
    """The opener and email for contacting `lead`; names the referrer only with permission."""
    profile = get_profile(user)
    referrer = referrer_name_for_outreach(lead)
    first = first_name(lead.contact.name) if lead.contact else ""
    greeting = f"Hi {first}" if first else "Hello"
    me = f", this is {profile.name}" if profile.name else ""
    wanted = looking_for(profile.target_roles, profile.niche)
    if referrer:
        why = f"{referrer} suggested I get in touch with you."
        subject = f"{referrer} suggested I get in touch"
    else:
        why = "I am reaching out because you know this field well."
        subject = f"Looking for {wanted}: a quick question"
    skills = f" I work on {profile.skills}." if profile.skills else ""
    opener = (
        f"{greeting}{me}. {why} I am looking for {wanted}.{skills} "
        "Do you have a few minutes to talk?"
    )
    phone = format_phone(profile.phone)
    signature = "\n".join(x for x in ("Thank you,", profile.name, phone) if x)
    body = (
        f"{greeting},\n\n{why} I am looking for {wanted}.{skills}\n\n"
        "Would you have fifteen minutes for a short call in the next week or two? "
        "I would value your view of who is hiring and what they look for.\n\n"
        f"{signature}"
    )
    linkedin = "\n\n".join(
        x
        for x in (
            f"{greeting}, {why} I am looking for {wanted}.",
            "Would you have fifteen minutes for a short call?",
            profile.name,
        )
        if x
    )
    email = lead.contact.email if lead.contact else ""
    return Intro(opener, subject, body, email, referrer is not None, linkedin)
