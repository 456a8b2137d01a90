"""Forms for follow-ups: the quick add on Today, and snoozing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from parting.core.domain import network
from parting.core.domain.errors import DomainError
from parting.core.models import Contact


class FollowUpAddForm(forms.Form):
    title = forms.CharField(max_length=300, label="What to do")
    due_on = forms.DateField(
        label="When", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    # A typed name rather than a drop-down: an account may hold thousands of contacts.
    contact = forms.CharField(
        required=False,
        max_length=200,
        label="With",
        help_text="A contact's name or #id; leave empty for nobody in particular.",
    )

    def __init__(self, user: Any, *args: Any, today: dt.date | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.user = user
        if today is not None:
            self.fields["due_on"].initial = today

    def clean_contact(self) -> Contact | None:
        ref = (self.cleaned_data.get("contact") or "").strip().lstrip("#")
        if not ref:
            return None
        try:
            return network.resolve_contact(self.user, ref)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class SnoozeForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=366)
