"""`{% partial "name" key=value … %}`: a partial from either template engine, in a Django
template. The partials repeated dozens of times on a page are Jinja2 (parting.web.jinja_env),
which Django's `{% include %}` cannot reach."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.backends.utils import csrf_input
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def partial(context: template.Context, name: str, **values: Any) -> SafeString:
    """Renders `name` with `values`, the page's request and its CSRF field. The field is
    made once here: Jinja2's own `csrf_input` makes a new token each time it is printed."""
    request = context.get("request")
    if request is not None:
        values.update(request=request, csrf_input=csrf_input(request))
    return mark_safe(get_template(name).render(values))  # both engines escaped what they rendered
