"""Companies, contacts and openings: creating them and finding them by id or name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q

from parting.core.choices import Role, Source, Stage
from parting.core.domain import lookup, stages
from parting.core.domain.bounds import is_number, parse_id, search_text
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.names import clean_text
from parting.core.domain.profiles import get_profile, today_for
from parting.core.domain.types import User
from parting.core.models import Company, Contact, Opening


@dataclass(frozen=True)
class Phone:
    e164: str
    extension: str = ""


def normalize_phone(raw: str, region: str = "US") -> Phone:
    """Parse a phone number with the seeker's default region and return it as E.164."""
    raw = (raw or "").strip()
    if not raw:
        return Phone("")
    import phonenumbers  # its metadata takes a while to load: only when a number is read

    try:
        parsed = phonenumbers.parse(raw, (region or "US").upper())
    except phonenumbers.NumberParseException as exc:
        raise Invalid(
            f"not a phone number: {raw!r}", field="phone", plain="not a phone number"
        ) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise Invalid(
            f"not a valid phone number: {raw!r}", field="phone", plain="not a valid phone number"
        )
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164, parsed.extension or "")


def format_phone(e164: str) -> str:
    """A stored E.164 number in international notation, for reading."""
    if not e164:
        return ""
    import phonenumbers

    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


def _clean_name(name: str, what: str) -> str:
    name = clean_text(name)
    if not name:
        raise Invalid(f"{what} name must not be empty", field="name")
    if len(name) > 200:
        raise Invalid(f"{what} name is longer than 200 characters", field="name")
    return name


def _check_choice(value: str, choices: Any, what: str) -> str:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise Invalid(
            f"unknown {what} {value!r} (choose from {allowed})",
            field=what,
            plain=f"unknown {what} (choose from {allowed})",
        )
    return value


def _check_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Invalid(
                f"not an email address: {email!r}", field="email", plain="not an email address"
            ) from exc
    return email


def _check_url(url: str, field: str) -> str:
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise Invalid(
                f"not a web address: {url!r}", field=field, plain="not a web address"
            ) from exc
    return url


# -- companies -----------------------------------------------------------------


def resolve_company(user: User, ref: str | int) -> Company:
    """A company by id or by name (case-insensitive)."""
    companies = Company.objects.for_user(user)
    text = str(ref).strip()
    if is_number(text):
        found = companies.filter(pk=parse_id(text) or 0).first()
        if found:
            return found
    found = companies.filter(name__iexact=text).first()
    if not found:
        raise NotFound(f"no company named {text!r}")
    return found


def company_ref(user: User, ref: str | Company | None, field: str = "company") -> Company | None:
    """A company given as a row, an id or a name; empty means none. Only the seeker's (R9)."""
    if isinstance(ref, str):
        return resolve_company(user, ref) if ref.strip() else None
    if ref is not None and ref.owner_id != user.pk:
        raise NotFound("no such company", field=field)
    return ref


def company_named(user: User, name: str, create: bool = True) -> Company | None:
    """The company with this name, created if needed. An empty name means no company."""
    name = clean_text(name)
    if not name:
        return None
    found = Company.objects.for_user(user).filter(name__iexact=name).first()
    if found or not create:
        return found
    return Company.objects.create(owner=user, name=_clean_name(name, "company"))


def create_company(
    user: User,
    name: str,
    parent: str | Company | None = None,
    industry: str = "",
    *,
    website: str = "",
    notes: str = "",
) -> Company:
    name = _clean_name(name, "company")
    if Company.objects.for_user(user).filter(name__iexact=name).exists():
        raise Conflict(
            f"a company named {name!r} already exists",
            field="name",
            plain="you already have a company of this name",
        )
    return Company.objects.create(
        owner=user,
        name=name,
        parent=company_ref(user, parent, "parent"),
        industry=(industry or "").strip(),
        website=_check_url(website, "website"),
        notes=notes or "",
    )


def check_parent(company: Company, parent: Company | None) -> None:
    """Refuse a parent that would make the company its own ancestor."""
    seen = {company.pk}
    node = parent
    while node is not None:
        if node.pk in seen:
            raise Invalid("a company cannot be its own parent or ancestor", field="parent")
        seen.add(node.pk)
        node = node.parent


def family(company: Company) -> dict[str, list[Company]]:
    """Divisions (children) and sister companies (the parent's other children)."""
    # R9: only the owner's companies, even if a stray row points across accounts.
    mine = Company.objects.filter(owner_id=company.owner_id)
    children = list(mine.filter(parent_id=company.pk).order_by("name"))
    sisters: list[Company] = []
    if company.parent_id:
        sisters = list(
            mine.filter(parent_id=company.parent_id).exclude(pk=company.pk).order_by("name")
        )
    return {"divisions": children, "sisters": sisters}


# -- contacts ------------------------------------------------------------------


def create_contact(
    user: User,
    name: str,
    *,
    company: str | Company | None = None,
    title: str = "",
    role: str = Role.OTHER,
    email: str = "",
    phone: str = "",
    linkedin: str = "",
    notes: str = "",
    source: str = Source.MANUAL,
) -> Contact:
    """Add a contact; phone is stored E.164 using the profile's region."""
    name = _clean_name(name, "contact")
    role = _check_choice(role or Role.OTHER, Role, "role")
    source = _check_choice(source or Source.MANUAL, Source, "source")
    email = _check_email(email)
    linkedin = _check_url(linkedin, "linkedin_url")
    number = normalize_phone(phone, get_profile(user).phone_region)
    with transaction.atomic():
        company_obj = company_named(user, company) if isinstance(company, str) else company
        return Contact.objects.create(
            owner=user,
            name=name,
            company=company_obj,
            title=(title or "").strip(),
            role=role,
            email=email,
            phone=number.e164,
            phone_ext=number.extension,
            linkedin_url=linkedin,
            notes=notes or "",
            source=source,
        )


def resolve_contact(user: User, ref: str | int | Contact) -> Contact:
    """A contact by id or by unique name; an ambiguous name lists the candidates."""
    if isinstance(ref, Contact):
        if ref.owner_id != user.pk:
            raise NotFound("no such contact")
        return ref
    contacts = Contact.objects.for_user(user).select_related("company")
    text = str(ref).strip()
    if not text:
        raise Invalid("a contact name or id is required", field="contact")
    if is_number(text):
        found = contacts.filter(pk=parse_id(text) or 0).first()
        if found:
            return found
    if len(text) > lookup.NAME_MOST:  # no name is that long (and SQLite refuses the pattern)
        raise lookup.not_found("contact", text[:40] + "…", [])
    matches = list(contacts.filter(name__iexact=text)[:11])
    if len(matches) > 1:
        listed = "; ".join(f"#{c.pk} {c.label}" for c in matches[:10])
        raise Conflict(f"{text!r} is ambiguous: {listed}")
    if matches:
        return matches[0]
    return _contact_by_words(contacts, text)


def _contact_by_words(contacts: Any, text: str) -> Contact:
    """The only contact whose name holds every word typed ("Rita" for "Rita Ortiz"), else
    an error naming the closest contacts."""
    near = contacts.filter(name__icontains=lookup.longest_word(text)).order_by("name", "id")
    found = lookup.by_words(text, list(near[: lookup.WORD_ROWS]), lambda c: c.name)
    if len(found) == 1:
        return found[0]
    if found:
        raise lookup.several("contact", text, [_named(c) for c in found[: lookup.SUGGESTED]])
    rows = contacts.order_by("-id").values_list("pk", "name", "company__name")
    rows = list(rows[: lookup.SCANNED])
    closest = lookup.suggestions(text, [(row, row[1]) for row in rows])
    raise lookup.not_found("contact", text, [(n, c or "", pk) for pk, n, c in closest])


def _named(contact: Contact) -> tuple[str, str, int]:
    return contact.name, contact.company.name if contact.company else "", contact.pk


def search_contacts(user: User, query: str = "") -> Any:
    """Contacts whose name, company, title or email contains `query`."""
    contacts = Contact.objects.for_user(user).select_related("company")
    query = search_text(query)
    if query:
        # Companies are matched among the seeker's own, not through the join: a hosted
        # database then reads only their companies, through the owner index.
        companies = Company.objects.for_user(user).filter(name__icontains=query)
        contacts = contacts.filter(
            Q(name__icontains=query)
            | Q(company__in=companies.values("pk"))
            | Q(title__icontains=query)
            | Q(email__icontains=query)
        )
    return contacts.order_by("name", "id")


def contact_for_lead(user: User, name: str, company: Company | None) -> Contact:
    """The referred person: an existing contact of that name (and company), else a new one."""
    name = _clean_name(name, "lead")
    same = Contact.objects.for_user(user).filter(name__iexact=name)
    if company is not None:
        same = same.filter(company=company)
    candidates = list(same[:2])
    if len(candidates) == 1:
        return candidates[0]
    return Contact.objects.create(owner=user, name=name, company=company, source=Source.REFERRAL)


# -- openings ------------------------------------------------------------------


def resolve_opening(user: User, title: str, company: Company | None) -> Opening:
    """An opening by title at the company, created (stage applied) if new. Created so, from
    a logged call, it has no application day: the seeker applied at some earlier time."""
    title = clean_text(title)
    if not title:
        raise Invalid("opening title must not be empty", field="opening")
    if company is None:
        raise Invalid("an opening needs a company", field="company")
    found = Opening.objects.for_user(user).filter(company=company, title__iexact=title).first()
    return found or Opening.objects.create(
        owner=user, company=company, title=title, stage="applied"
    )


def create_opening(
    user: User,
    company: Company,
    title: str,
    *,
    link: str = "",
    stage: str = Stage.INTERESTED,
    notes: str = "",
) -> Opening:
    """Add an opening at one of the seeker's companies."""
    title = clean_text(title)
    if not title:
        raise Invalid("opening title must not be empty", field="title")
    if company is None or company.owner_id != user.pk:
        raise NotFound("no such company", field="company")
    stage = _check_choice(stage or Stage.INTERESTED, Stage, "stage")
    opening = Opening(owner=user, company=company, title=title, link=_check_url(link, "link"))
    opening.notes = notes or ""
    for name, value in stages.stage_change(opening, stage, lambda: today_for(user)).items():
        setattr(opening, name, value)
    opening.save()
    return opening
