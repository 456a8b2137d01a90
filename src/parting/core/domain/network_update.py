"""Editing companies, contacts and openings: the same checks as creating them, all or nothing.

Each `update_*` takes only the fields to change; None leaves a field alone.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from parting.core.choices import Role, Stage
from parting.core.domain import followups, stages
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.network import (
    _check_choice,
    _check_email,
    _check_url,
    _clean_name,
    check_parent,
    company_named,
    company_ref,
    normalize_phone,
)
from parting.core.domain.profiles import get_profile, today_for
from parting.core.domain.types import User
from parting.core.models import Company, Contact, FollowUp, Opening


def _mine(user: User, row: Any) -> None:
    if row.owner_id != user.pk:
        raise NotFound(f"no such {row._meta.verbose_name}")  # R9


def _set(row: Any, values: dict[str, Any]) -> Any:
    """Write the values that differ; nothing is saved when nothing changed."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        row.save(update_fields=[*changed, "updated_at"])
    return row


def update_company(
    user: User,
    company: Company,
    *,
    name: str | None = None,
    parent: str | Company | None = None,
    industry: str | None = None,
    website: str | None = None,
    notes: str | None = None,
) -> Company:
    """Rename a company, move it under another parent, or change its details.

    `parent` is a company, its id or name, or "" for none."""
    _mine(user, company)
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = _clean_name(name, "company")
        same = Company.objects.for_user(user).filter(name__iexact=values["name"])
        if same.exclude(pk=company.pk).exists():
            raise Conflict(
                f"a company named {values['name']!r} already exists",
                field="name",
                plain="you already have a company of this name",
            )
    if parent is not None:
        values["parent"] = company_ref(user, parent, "parent")
        check_parent(company, values["parent"])
    if industry is not None:
        values["industry"] = industry.strip()
    if website is not None:
        values["website"] = _check_url(website, "website")
    if notes is not None:
        values["notes"] = notes
    return _set(company, values)


def update_contact(
    user: User,
    contact: Contact,
    *,
    name: str | None = None,
    company: str | Company | None = None,
    title: str | None = None,
    role: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    linkedin: str | None = None,
    notes: str | None = None,
) -> Contact:
    """Change a contact; phone is stored E.164. `company` is a company, a name (added if new)
    or "" for none. A new name is carried into the follow-ups that name them."""
    _mine(user, contact)
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = _clean_name(name, "contact")
    if role is not None:
        values["role"] = _check_choice(role or Role.OTHER, Role, "role")
    if email is not None:
        values["email"] = _check_email(email)
    if linkedin is not None:
        values["linkedin_url"] = _check_url(linkedin, "linkedin_url")
        if values["linkedin_url"] != contact.linkedin_url:
            values["linkedin_slug"] = ""  # matching falls back to the new address
    if phone is not None:
        number = normalize_phone(phone, get_profile(user).phone_region)
        values.update(phone=number.e164, phone_ext=number.extension)
    if title is not None:
        values["title"] = title.strip()
    if notes is not None:
        values["notes"] = notes
    old_name = contact.name
    with transaction.atomic():
        if company is not None:
            values["company"] = (
                company_named(user, company) if isinstance(company, str) else company
            )
            if values["company"] is not None:
                _mine(user, values["company"])
        _set(contact, values)
        followups.rename_in_titles(_naming(user, contact), old_name, contact.name)
    return contact


def _naming(user: User, contact: Contact) -> Any:
    """The open follow-ups whose titles may name this contact."""
    about = Q(contact=contact) | Q(lead__referrer=contact) | Q(lead__contact=contact)
    return FollowUp.objects.for_user(user).filter(about, status__in=followups.OPEN_STATES)


def update_opening(
    user: User,
    opening: Opening,
    *,
    title: str | None = None,
    company: Company | None = None,
    stage: str | None = None,
    link: str | None = None,
    notes: str | None = None,
) -> Opening:
    """Change an opening: its title, company, stage, link or notes."""
    _mine(user, opening)
    values: dict[str, Any] = {}
    if title is not None:
        values["title"] = " ".join(title.split())
        if not values["title"]:
            raise Invalid("opening title must not be empty", field="title")
    if company is not None:
        _mine(user, company)
        values["company"] = company
    if stage is not None:
        stage = _check_choice(stage, Stage, "stage")
        values.update(stages.stage_change(opening, stage, lambda: today_for(user)))
    if link is not None:
        values["link"] = _check_url(link, "link")
    if notes is not None:
        values["notes"] = notes
    return _set(opening, values)
