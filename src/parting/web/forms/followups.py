"""Forms for follow-ups: the quick add on Today, and snoozing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from parting.core.models import Contact
from parting.web.forms.calls import offer


class ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        return obj.label


class FollowUpAddForm(forms.Form):
    title = forms.CharField(max_length=300, label="What to do")
    due_on = forms.DateField(
        label="When", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    contact = ContactChoice(
        queryset=Contact.objects.none(),
        required=False,
        label="With",
        empty_label="Nobody in particular",
    )

    def __init__(self, user: Any, *args: Any, today: dt.date | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        offer(self, "contact", Contact.objects.for_user(user).select_related("company"))
        if today is not None:
            self.fields["due_on"].initial = today


class SnoozeForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=366)
