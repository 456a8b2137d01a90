"""Messages ready to send: one drafted email per follow-up, from the profile and the people.

Text addressed to a lead names the referrer only through
`outreach.referrer_name_for_outreach` (R4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from parting.core.choices import Channel, FollowUpKind, Kind, Outcome
from parting.core.domain import calls, followups, leads, plans
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.intro import intro_for
from parting.core.domain.network import format_phone
from parting.core.domain.outreach import mailto, referrer_name_for_outreach
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.domain.wording import first_name
from parting.core.models import Contact, Conversation, FollowUp, Lead, Profile

MAX_SUBJECT = 300
MAX_BODY = 20_000


@dataclass
class Message:
    """A drafted email, and the same in short with no subject for LinkedIn. `to` may be empty
    when nobody's address is known."""

    to: str
    to_name: str
    subject: str
    body: str
    linkedin: str = ""
    linkedin_url: str = ""  # the recipient's LinkedIn profile, when known

    @property
    def mailto(self) -> str:
        return mailto(self.to, self.subject, self.body)


def draft(user: User, followup: FollowUp) -> Message:
    """The message for this follow-up, by its kind."""
    if followup.owner_id != user.pk:
        raise NotFound("no such follow-up")
    profile = get_profile(user)
    writer = WRITERS.get(followup.kind, _custom)
    return writer(followup, profile)


def _sign(profile: Profile, owner: User) -> str:
    lines = ["Best regards,", _my_name(profile)]
    if profile.phone:
        lines.append(format_phone(profile.phone))
    return "\n".join(lines)


def _my_name(profile: Profile) -> str:
    owner = profile.owner
    return profile.name or owner.get_full_name() or owner.email


def _message(
    person: Contact | None, subject: str, body: str, profile: Profile, short: str = ""
) -> Message:
    """The email, and its LinkedIn variant: `short`, else the body's first paragraph."""
    first = first_name(person.name) if person else ""
    greeting = f"Hi {first}," if first else "Hello,"
    text = f"{greeting}\n\n{body.strip()}\n\n{_sign(profile, profile.owner)}\n"
    short = short or body.strip().split("\n\n")[0]
    return Message(
        to=person.email if person else "",
        to_name=person.name if person else "",
        subject=subject,
        body=text,
        linkedin=f"{greeting} {short}\n\n{_my_name(profile)}",
        linkedin_url=person.linkedin_url if person else "",
    )


def _lead_of(followup: FollowUp) -> Lead:
    if followup.lead is None:
        raise Invalid(f"follow-up #{followup.pk} is not about a lead", field="followup")
    return followup.lead


def _thank_referrer(followup: FollowUp, profile: Profile) -> Message:
    if followup.lead is None:
        return _custom(followup, profile)
    lead = followup.lead
    names = [each.name for each in leads.thanked_for(followup)]
    many = len(names) > 1
    body = (
        f"Thank you for suggesting {plans.named(names)} when we spoke. I really appreciate "
        f"you taking a moment to think of {'people' if many else 'someone'} for me.\n\n"
        f"I will reach out and let you know how it goes."
    )
    subject = "Thank you for the suggestions" if many else "Thank you for the suggestion"
    return _message(lead.referrer, subject, body, profile)


def _check_back(followup: FollowUp, profile: Profile) -> Message:
    skills = f" in {profile.skills}" if profile.skills else ""
    body = (
        "I hope you are well. When we spoke a little while ago I left you my number in "
        "case someone came to mind who might need a person with my background"
        f"{skills}.\n\nI wanted to check back: has anyone occurred to you since? "
        "Even one name would help a lot."
    )
    return _message(followup.contact, "Checking back", body, profile)


def _close_loop(followup: FollowUp, profile: Profile) -> Message:
    lead = _lead_of(followup)
    news = "I have an offer" if lead.status == "won" else "we had a good conversation"
    body = (
        f"Some good news: you suggested I get in touch with {lead.name}, and {news}.\n\n"
        "Thank you again for the introduction; it made a real difference."
    )
    return _message(lead.referrer, f"Good news about {lead.name}", body, profile)


def _lead_opener(lead: Lead) -> str:
    """R4: the referrer is named only when they said yes."""
    referrer = referrer_name_for_outreach(lead)
    if referrer:
        return f"{referrer} suggested I get in touch with you."
    return "I am reaching out because your name came up as someone worth talking to."


def _pitch(profile: Profile) -> str:
    if profile.skills and profile.niche:
        return f"I work in {profile.niche}, with a background in {profile.skills}."
    if profile.skills or profile.niche:
        return f"My background is in {profile.skills or profile.niche}."
    return ""


def _contact_lead(followup: FollowUp, profile: Profile) -> Message:
    """The first email to a lead is the lead's intro (R4 decided there)."""
    lead = _lead_of(followup)
    intro = intro_for(profile.owner, lead)
    name = lead.contact.name if lead.contact else ""
    url = lead.contact.linkedin_url if lead.contact else ""
    return Message(intro.to, name, intro.subject, intro.body + "\n", intro.linkedin, url)


def _nudge(followup: FollowUp, profile: Profile) -> Message:
    if followup.lead is None:
        return _after_interview(followup, profile)
    lead = followup.lead
    body = "\n\n".join(
        part
        for part in (
            "I wanted to follow up on my earlier note. " + _lead_opener(lead),
            _pitch(profile),
            "If a short call would suit you, I would be glad to fit your schedule.",
        )
        if part
    )
    return _message(lead.contact, "Following up", body, profile)


def _second_contact(followup: FollowUp, profile: Profile) -> Message:
    lead = _lead_of(followup)
    company = lead.company.name if lead.company else "your company"
    body = "\n\n".join(
        part
        for part in (
            f"I am exploring opportunities at {company} and hoped you might be the right "
            "person to talk to, or know who is.",
            _pitch(profile),
            "Would you be open to a short call?",
        )
        if part
    )
    short = f"I am exploring opportunities at {company}: would you be open to a short call?"
    return _message(followup.contact, f"Opportunities at {company}", body, profile, short)


def _after_interview(followup: FollowUp, profile: Profile) -> Message:
    conversation = followup.conversation
    what = conversation.get_kind_display().lower() if conversation else "conversation"
    body = (
        f"Thank you for your time in our {what}. I enjoyed learning more about the team "
        "and the role.\n\nPlease let me know if I can add anything that would help."
    )
    return _message(followup.contact, "Thank you for your time", body, profile)


def _custom(followup: FollowUp, profile: Profile) -> Message:
    body = followup.note or followup.title
    return _message(followup.contact, followup.title, body, profile)


WRITERS: dict[str, Callable[[FollowUp, Profile], Message]] = {
    FollowUpKind.THANK_REFERRER: _thank_referrer,
    FollowUpKind.CONTACT_LEAD: _contact_lead,
    FollowUpKind.CHECK_BACK: _check_back,
    FollowUpKind.FOLLOW_UP: _nudge,
    FollowUpKind.CLOSE_LOOP: _close_loop,
    FollowUpKind.SECOND_CONTACT: _second_contact,
    FollowUpKind.CUSTOM: _custom,
}


def mark_sent(user: User, followup: FollowUp, subject: str, body: str) -> Conversation | None:
    """Close the follow-up and log the email as a conversation with its contact (when
    there is one). All or nothing."""
    subject = " ".join((subject or "").split())
    if not subject:
        raise Invalid("the subject must not be empty", field="subject")
    if len(subject) > MAX_SUBJECT:
        raise Invalid(f"the subject is longer than {MAX_SUBJECT} characters", field="subject")
    if not (body or "").strip():
        raise Invalid("the message must not be empty", field="body")
    if len(body) > MAX_BODY:
        raise Invalid(f"the message is longer than {MAX_BODY} characters", field="body")
    if not followup.is_open:
        raise Invalid(f"follow-up #{followup.pk} is already done", field="followup")
    with transaction.atomic():
        conversation = None
        if followup.contact is not None:
            conversation = calls.log_conversation(
                user,
                followup.contact,
                Outcome.UNDECIDED,
                kind=Kind.FOLLOW_UP,
                channel=Channel.EMAIL,
                note=f"{subject}\n\n{body.strip()}",
            )
        followups.mark_done(user, followup)
    return conversation
