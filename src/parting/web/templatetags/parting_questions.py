"""Template tags for the questions area's partials included in other pages' templates."""

from __future__ import annotations

from typing import Any

from django import template

from parting.core.domain import drill, intro, script
from parting.core.domain.intro import Intro
from parting.core.domain.script import Section

register = template.Library()


@register.simple_tag(takes_context=True)
def phone_script(context: template.Context) -> list[Section]:
    """The seeker's script, filled for the call's contact when the page has one."""
    contact = context.get("contact")
    conversation = context.get("conversation")
    company = None
    if contact is None and conversation is not None:
        contact, company = conversation.contact, conversation.company
    return script.sections(context["user"], contact or None, company)


@register.simple_tag
def lead_intro(user: Any, lead: Any) -> Intro:
    """The opener and email for a lead (R4: the referrer named only with permission)."""
    return intro.intro_for(user, lead)


@register.simple_tag
def practice_due(user: Any) -> int:
    return drill.due_count(user)
