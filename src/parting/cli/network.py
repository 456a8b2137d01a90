"""`parting contact add|edit|list` and `parting company add|edit`."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from parting.cli.context import Context
from parting.cli.output import contact_rows, table
from parting.core.choices import Role
from parting.core.domain import network, network_update
from parting.core.domain.errors import Invalid
from parting.data import serialize


def register(sub: Any, common: Any) -> None:
    contact = sub.add_parser("contact", parents=[common])
    nouns = contact.add_subparsers(dest="action", required=True)

    add = nouns.add_parser("add", help="add a contact", parents=[common])
    add.add_argument("name", metavar="NAME")
    add.add_argument("--company", default="", metavar="C")
    add.add_argument("--title", default="", metavar="T")
    add.add_argument("--role", default=Role.OTHER, metavar="R", help=_choices(Role))
    add.add_argument("--email", default="", metavar="E")
    add.add_argument("--phone", default="", metavar="P")
    add.add_argument("--linkedin", default="", metavar="URL")
    add.set_defaults(handler=contact_add)

    edit = nouns.add_parser("edit", help="change a contact", parents=[common])
    edit.add_argument("contact", metavar="CONTACT", help="id or name")
    edit.add_argument("--name", default=None, metavar="N")
    edit.add_argument("--company", default=None, metavar="C", help='"" for none')
    edit.add_argument("--title", default=None, metavar="T")
    edit.add_argument("--role", default=None, metavar="R", help=_choices(Role))
    edit.add_argument("--email", default=None, metavar="E")
    edit.add_argument("--phone", default=None, metavar="P")
    edit.add_argument("--linkedin", default=None, metavar="URL")
    edit.add_argument("--notes", default=None, metavar="TEXT")
    edit.set_defaults(handler=contact_edit)

    listing = nouns.add_parser("list", help="list contacts", parents=[common])
    listing.add_argument("--search", default="", metavar="Q")
    listing.set_defaults(handler=contact_list)

    company = sub.add_parser("company", parents=[common])
    companies = company.add_subparsers(dest="action", required=True)
    cadd = companies.add_parser("add", help="add a company", parents=[common])
    cadd.add_argument("name", metavar="NAME")
    cadd.add_argument("--parent", default="", metavar="P", help="parent company (id or name)")
    cadd.add_argument("--industry", default="", metavar="I", help="the niche")
    cadd.set_defaults(handler=company_add)
    cedit = companies.add_parser("edit", help="change a company", parents=[common])
    cedit.add_argument("company", metavar="COMPANY", help="id or name")
    cedit.add_argument("--name", default=None, metavar="N")
    cedit.add_argument("--parent", default=None, metavar="P", help='id or name; "" for none')
    cedit.add_argument("--industry", default=None, metavar="I", help="the niche")
    cedit.add_argument("--website", default=None, metavar="URL")
    cedit.set_defaults(handler=company_edit)


def _choices(choices: Any) -> str:
    return "one of " + ", ".join(choices.values)


@transaction.atomic
def contact_add(ctx: Context) -> None:
    a = ctx.args
    contact = network.create_contact(
        ctx.user,
        a.name,
        company=a.company,
        title=a.title,
        role=a.role,
        email=a.email,
        phone=a.phone,
        linkedin=a.linkedin,
    )
    ctx.emit(serialize.contact(contact), [f"Added contact #{contact.pk}: {contact.label}."])


def _given(ctx: Context, *names: str) -> dict[str, Any]:
    """The options typed; refuse a command that changes nothing."""
    given = {name: getattr(ctx.args, name) for name in names}
    if all(value is None for value in given.values()):
        options = ", ".join(f"--{name}" for name in names)
        raise Invalid(f"nothing to change: give one of {options}")
    return given


@transaction.atomic
def contact_edit(ctx: Context) -> None:
    """Through the domain, as the web form: checked alike, renamed in follow-ups."""
    given = _given(ctx, "name", "company", "title", "role", "email", "phone", "linkedin", "notes")
    contact = network.resolve_contact(ctx.user, ctx.args.contact)
    contact = network_update.update_contact(ctx.user, contact, **given)
    ctx.emit(serialize.contact(contact), [f"Saved contact #{contact.pk}: {contact.label}."])


@transaction.atomic
def company_edit(ctx: Context) -> None:
    given = _given(ctx, "name", "parent", "industry", "website")
    company = network.resolve_company(ctx.user, ctx.args.company)
    company = network_update.update_company(ctx.user, company, **given)
    ctx.emit(serialize.company(company), [f"Saved company #{company.pk}: {company.name}."])


def contact_list(ctx: Context) -> None:
    contacts = list(network.search_contacts(ctx.user, ctx.args.search))
    lines = table(contact_rows(contacts), indent="") or ["No contacts."]
    ctx.emit([serialize.contact(c) for c in contacts], lines)


@transaction.atomic
def company_add(ctx: Context) -> None:
    a = ctx.args
    company = network.create_company(ctx.user, a.name, parent=a.parent, industry=a.industry)
    detail = f" (part of {company.parent.name})" if company.parent else ""
    ctx.emit(serialize.company(company), [f"Added company #{company.pk}: {company.name}{detail}."])
