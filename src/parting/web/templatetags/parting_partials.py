"""`{% partial "name" key=value … %}`: a partial from either template engine, in a Django
template. The partials repeated dozens of times on a page are Jinja2 (parting.web.jinja_env),
which Django's `{% include %}` cannot reach."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.backends.utils import csrf_input
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from parting.core.domain import freshness

register = template.Library()


# Where a kept partial's CSRF field goes: user text is escaped, so it can never spell this.
CSRF_HOLE = "<!--parting:csrf-->"


@register.simple_tag(takes_context=True)
def partial(
    context: template.Context, name: str, keep: str = "", part: str = "", **values: Any
) -> SafeString:
    """Renders `name` with `values`, the page's request and its CSRF field. The field is
    made once here: Jinja2's own `csrf_input` makes a new token each time it is printed.

    With `keep` (and `part`, to tell apart several uses on one page), the rendered text is
    remembered under the account's data stamp (domain.freshness) with the CSRF field left as
    a hole, filled for each request: `keep` must name everything else the text depends on
    (the day, the seeker's zone and settings, the page's address)."""
    request = context.get("request")
    if keep and request is not None and request.user.is_authenticated:

        def render() -> str:
            kept = {**values, "request": request, "csrf_input": mark_safe(CSRF_HOLE)}
            return get_template(name).render(kept)

        text = freshness.remembered(request.user.pk, "partial", (keep, name, part), render)
        return mark_safe(text.replace(CSRF_HOLE, csrf_input(request)))  # escaped when rendered
    if request is not None:
        values.update(request=request, csrf_input=csrf_input(request))
    return mark_safe(get_template(name).render(values))  # both engines escaped what they rendered
