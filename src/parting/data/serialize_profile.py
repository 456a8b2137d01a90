"""JSON records for the questions area: profile, script, drill cards, lead intros."""

from __future__ import annotations

from typing import Any

from parting.core.domain.intro import Intro
from parting.core.domain.script import Section
from parting.core.models import DrillCard, Lead, Profile


def profile(obj: Profile) -> dict[str, Any]:
    return {
        "name": obj.name,
        "phone": obj.phone,
        "skills": obj.skills,
        "target_roles": obj.target_roles,
        "niche": obj.niche,
        "timezone": obj.timezone,
        "phone_region": obj.phone_region,
        "worklog_activities": obj.worklog_activities,
        "worklog_employer_contacts": obj.worklog_employer_contacts,
    }


def script(items: list[Section]) -> list[dict[str, Any]]:
    return [{"section": s.key, "title": s.title, "lines": s.lines} for s in items]


def drill_card(obj: DrillCard) -> dict[str, Any]:
    return {
        "question_id": obj.question_id,
        "archetype": obj.question.archetype,
        "text": obj.question.text,
        "due": obj.due.isoformat(),
        "reviews": obj.reviews,
    }


def intro(lead: Lead, obj: Intro) -> dict[str, Any]:
    return {
        "lead_id": lead.pk,
        "lead": lead.name,
        "names_referrer": obj.names_referrer,
        "opener": obj.opener,
        "to": obj.to,
        "subject": obj.subject,
        "body": obj.body,
        "mailto": obj.mailto,
        "linkedin": obj.linkedin,
    }
