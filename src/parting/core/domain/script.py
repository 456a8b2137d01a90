"""The phone script: the seeker's editable sections around their favourite questions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parting.core.domain.errors import Invalid
from parting.core.domain.network import format_phone
from parting.core.domain.profiles import get_profile
from parting.core.domain.question_bank import SLOTS, unknown_slot_message
from parting.core.domain.questions import favourites, fill_slots, slots_for
from parting.core.domain.types import User
from parting.core.models import Company, Contact, Script

# Editable sections in call order; the favourites go between pitch and permission_line.
SECTIONS: list[tuple[str, str]] = [
    ("opening", "Opening"),
    ("pitch", "Pitch"),
    ("permission_line", "Thanks and permission"),
    ("number_line", "Leave my number"),
    ("closing", "Closing"),
]
QUESTIONS_TITLE = "Parting questions"
DEFAULTS: dict[str, str] = {
    "opening": "Hi {name}, this is {my_name}. Thanks for calling me back.",
    "pitch": "I work on {skills} and I am looking for {target_roles}.",
    "permission_line": "Thank you, that really helps. May I mention your name when I call them?",
    "number_line": "If someone comes to mind later, my number is {phone}. "
    "I would be glad to hear from you.",
    "closing": "Thanks again for your time, and for thinking of me. Have a good day.",
}
SCRIPT_SLOTS = {**SLOTS, "phone": "your phone number (profile)"}
_SLOT = re.compile(r"\{([^{}]*)\}")
MAX_SECTION = 2000


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: list[str]


def get_script(user: User) -> Script:
    """The seeker's script, created with the defaults on first use."""
    script, _ = Script.objects.get_or_create(owner=user, defaults=DEFAULTS)
    return script


def check_section(key: str, text: str) -> str:
    if key not in DEFAULTS:
        raise Invalid(f"unknown script section {key!r}")
    text = (text or "").strip()
    if len(text) > MAX_SECTION:
        raise Invalid(f"longer than {MAX_SECTION} characters", field=key)
    for name in _SLOT.findall(text):
        if name not in SCRIPT_SLOTS:
            raise Invalid(unknown_slot_message(name, SCRIPT_SLOTS), field=key)
    return text


def update_script(user: User, changes: dict[str, str]) -> Script:
    """Change some sections; every one is checked before any is saved."""
    checked = {key: check_section(key, text) for key, text in changes.items()}
    script = get_script(user)
    for key, text in checked.items():
        setattr(script, key, text)
    script.save()
    return script


# What a printed script shows where a value is not known before the call.
PLACEHOLDERS = {
    "company": "[their company]",
    "name": "[their name]",
    "niche": "[your niche]",
    "skills": "[your skills]",
    "target_roles": "[the roles you want]",
    "my_name": "[your name]",
    "phone": "[your phone]",
}


def script_slots(
    user: User, contact: Contact | None = None, company: Company | None = None
) -> dict[str, str]:
    slots = slots_for(user, contact, company)
    phone = format_phone(get_profile(user).phone)
    if phone:
        slots["phone"] = phone
    return {**PLACEHOLDERS, **slots}


def sections(
    user: User, contact: Contact | None = None, company: Company | None = None
) -> list[Section]:
    """The script in call order with slots filled; empty sections are left out. `company`
    (the conversation's) wins over the contact's, as in the questions."""
    script = get_script(user)
    slots = script_slots(user, contact, company)
    result = []
    for key, title in SECTIONS:
        if key == "permission_line":
            asked = [fill_slots(q.text, slots) for q in favourites(user)]
            if asked:
                result.append(Section("questions", QUESTIONS_TITLE, asked))
        text = getattr(script, key).strip()
        if text:
            result.append(Section(key, title, [fill_slots(text, slots)]))
    return result
