"""Parting questions: the defaults every account starts with, favourites (R7), lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from parting.core.choices import Archetype
from parting.core.domain.bounds import is_number, parse_id
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.domain.wording import first_name
from parting.core.models import Company, Contact, Conversation, Question

MAX_FAVOURITES = 2

DEFAULT_QUESTIONS: list[tuple[str, str, bool]] = [
    (
        Archetype.SAME_COMPANY,
        "Thank you for your time. Before we hang up: is there anyone else here at "
        "{company} who is hiring, or who could use someone with my skills?",
        True,
    ),
    (
        Archetype.SISTER_COMPANY,
        "Are there other divisions or sister companies of {company} that might need "
        "someone like me?",
        False,
    ),
    (
        Archetype.NICHE_PEER,
        "You know this field well. Which other companies in {niche} do you think I "
        "should be talking to?",
        True,
    ),
    (
        Archetype.COMMUNITY,
        "Is there someone in the business community you would suggest I introduce myself to?",
        False,
    ),
]


class TooManyFavourites(Conflict):
    """R7 refused a third favourite: bad input at the CLI (exit 2), a field error on the web."""

    exit_code = 2


def ensure_defaults(user: User) -> None:
    """Give a new account one default question per archetype (two of them favourites)."""
    # Deleted questions count: a seeker who deleted every default does not get them back.
    if Question.all_objects.for_user(user).exists():
        return
    Question.objects.bulk_create(
        Question(owner=user, archetype=arch, text=text, favourite=fav, position=i)
        for i, (arch, text, fav) in enumerate(DEFAULT_QUESTIONS)
    )


def written_by_seeker(user: User) -> bool:
    """Whether the seeker has a question in their own words (not only the defaults)."""
    defaults = [text for _, text, _ in DEFAULT_QUESTIONS]
    return questions(user).exclude(text__in=defaults).exists()


def questions(user: User) -> QuerySet[Question]:
    return Question.objects.for_user(user).order_by("position", "id")


def favourites(user: User) -> list[Question]:
    return list(questions(user).filter(favourite=True))


def resolve_question(user: User, ref: str | int | None) -> Question | None:
    """By id, or by archetype: the favourite of that archetype, else its first question."""
    if ref is None or str(ref).strip() == "":
        return None
    text = str(ref).strip()
    mine = questions(user)
    if is_number(text):
        found = mine.filter(pk=parse_id(text) or 0).first()
        if not found:
            raise NotFound(f"no question #{text}")
        return found
    if text not in Archetype.values:
        allowed = ", ".join(Archetype.values)
        raise Invalid(f"unknown question {text!r}: give an id or an archetype ({allowed})")
    found = mine.filter(archetype=text).order_by("-favourite", "position", "id").first()
    if not found:
        raise NotFound(f"you have no {text} question")
    return found


def set_favourite(user: User, question: Question, favourite: bool = True) -> Question:
    """Mark or unmark a favourite. R7: a third favourite is refused, naming the current two."""
    if question.owner_id != user.pk:
        raise NotFound("no such question")
    with transaction.atomic():
        if favourite and not question.favourite:
            current = list(
                Question.objects.select_for_update()
                .filter(owner=user, favourite=True)
                .exclude(pk=question.pk)
            )
            if len(current) >= MAX_FAVOURITES:
                named = " and ".join(f"#{q.pk} “{_short(q.text)}”" for q in current)
                raise TooManyFavourites(
                    f"you already have two favourites ({named}); unfavourite one first",
                    field="favourite",
                )
        question.favourite = favourite
        question.save(update_fields=["favourite", "updated_at"])
    return question


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


_SLOT = re.compile(r"\{(\w+)\}")


def slots_for(
    user: User, contact: Contact | None = None, company: Company | None = None
) -> dict[str, str]:
    """Values for `{company}`, `{niche}`, `{name}`, `{skills}`, … in a question, where known.
    `company` (the conversation's) wins over the contact's."""
    profile = get_profile(user)
    company = company or (contact.company if contact is not None else None)
    slots = {
        "company": company.name if company else "",
        "niche": (company.industry if company else "") or profile.niche,
        "name": first_name(contact.name) if contact is not None else "",
        "skills": profile.skills,
        "target_roles": profile.target_roles,
        "my_name": profile.name,
    }
    return {key: value for key, value in slots.items() if value}


@dataclass(frozen=True)
class Option:
    """A question as it is asked on this call: its slots filled."""

    question: Question
    text: str


def options(
    user: User,
    *,
    contact: Contact | None = None,
    conversation: Conversation | None = None,
    favourites_only: bool = False,
) -> list[Option]:
    """The seeker's questions, favourites first, with their slots filled for this call: the
    one place the web call page, the live-call prompt and the log panel get them from.
    `{company}` is the conversation's company, else the contact's."""
    company = None
    if conversation is not None:
        contact = conversation.contact
        company = conversation.company
    slots = slots_for(user, contact, company)
    mine = questions(user).order_by("-favourite", "position", "id")
    if favourites_only:
        mine = mine.filter(favourite=True)
    return [Option(q, fill_slots(q.text, slots)) for q in mine]


def fill_slots(text: str, slots: dict[str, str]) -> str:
    """Put known slot values into a question; unknown slots stay as typed (`{company}`)."""
    return _SLOT.sub(lambda m: slots.get(m.group(1), m.group(0)), text)
