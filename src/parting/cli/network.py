"""`parting contact add|list` and `parting company add`."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from parting.cli.context import Context
from parting.cli.output import contact_rows, table
from parting.core.choices import Role
from parting.core.domain import network
from parting.data import serialize


def register(sub: Any, common: Any) -> None:
    contact = sub.add_parser("contact", help="add or list contacts", parents=[common])
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

    listing = nouns.add_parser("list", help="list contacts", parents=[common])
    listing.add_argument("--search", default="", metavar="Q")
    listing.set_defaults(handler=contact_list)

    company = sub.add_parser("company", help="add a company", parents=[common])
    companies = company.add_subparsers(dest="action", required=True)
    cadd = companies.add_parser("add", help="add a company", parents=[common])
    cadd.add_argument("name", metavar="NAME")
    cadd.add_argument("--parent", default="", metavar="P", help="parent company (id or name)")
    cadd.add_argument("--industry", default="", metavar="I", help="the niche")
    cadd.set_defaults(handler=company_add)


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
