"""`web_link`: an address fit for an href — http(s) or schemeless — else ''.

Rows restored from a backup or typed long ago may hold any text; only web addresses become
links (no `javascript:` or `data:`)."""

from django import template

from parting.core.domain.network import format_phone
from parting.data.imports.plan import web_address

register = template.Library()


@register.filter
def web_link(value: str) -> str:
    return web_address(str(value or ""))


@register.filter
def human_phone(value: str) -> str:
    """A stored E.164 number as people write it: +1 312-555-0199."""
    return format_phone(str(value or ""))
