"""Small factories for test data, built through the domain layer so the rules apply."""

from __future__ import annotations

from typing import Any

from parting.core.choices import Outcome
from parting.core.domain import calls, network
from parting.core.domain.leads import LeadInput
from parting.core.models import Contact, Conversation


def contact(user: Any, name: str = "Rita Recruiter", company: str = "Acme", **kw: Any) -> Contact:
    return network.create_contact(user, name, company=company, **kw)


def rejection(user: Any, who: Contact | None = None, **kw: Any) -> Conversation:
    return calls.log_conversation(user, who or contact(user), Outcome.REJECTED, **kw)


def lead(name: str = "Lena Lead", company: str = "Globex", **kw: Any) -> LeadInput:
    return LeadInput(name=name, company=company, **kw)
