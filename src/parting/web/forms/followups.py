"""Forms for follow-ups: the quick add on Today, editing one, and snoozing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from parting.core.domain import followups, network
from parting.core.domain.bounds import parse_ids
from parting.core.domain.errors import DomainError
from parting.core.domain.followups import PRESETS
from parting.core.fields import day_input, validate_in_range
from parting.core.models import Contact
from parting.web.shortcuts import validation_error


class FollowUpEditForm(forms.Form):
    """A follow-up's title and day."""

    title = forms.CharField(max_length=300, label="What to do")
    due_on = forms.DateField(
        validators=[validate_in_range],
        label="When",
        widget=day_input(),
    )


class FollowUpAddForm(FollowUpEditForm):
    # A typed name rather than a drop-down: an account may hold thousands of contacts.
    contact = forms.CharField(
        required=False,
        max_length=200,
        label="With",
        help_text="A contact's name or #id; leave empty for nobody in particular.",
    )

    after_last_contact = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        label="Or: days after the last contact",
        help_text="Moves each time you talk with them again (needs a contact).",
    )

    def __init__(self, user: Any, *args: Any, today: dt.date | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.user = user
        self.fields["due_on"].required = False
        if today is not None:
            self.fields["due_on"].initial = today

    def clean(self) -> dict[str, Any]:
        """A day, or days after the last contact (which wins: the day field has a default)."""
        data = super().clean() or {}
        neither = data.get("after_last_contact") is None and data.get("due_on") is None
        if neither and not self.errors:
            self.add_error("due_on", "Give a day, or days after the last contact.")
        return data

    def clean_contact(self) -> Contact | None:
        ref = (self.cleaned_data.get("contact") or "").strip().lstrip("#")
        if not ref:
            return None
        try:
            return network.resolve_contact(self.user, ref)
        except DomainError as exc:
            raise validation_error(exc) from exc


class SnoozeForm(forms.Form):
    """Snooze by a preset (tomorrow, next week), to a picked date, or by a number of days."""

    days = forms.IntegerField(min_value=1, max_value=366, required=False)
    preset = forms.ChoiceField(choices=list(PRESETS.items()), required=False)
    pick = forms.DateField(
        validators=[validate_in_range],
        required=False,
        label="Pick a date",
        widget=day_input(),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(k) for k in ("days", "preset", "pick")):
            raise forms.ValidationError("Choose when: tomorrow, next week or a date.")
        return data

    def target(self, user: Any) -> dt.date | None:
        """The day to snooze to, or None when snoozing by `days`."""
        data = self.cleaned_data
        if data.get("preset"):
            return followups.preset_day(user, data["preset"])
        return data.get("pick")


class IdsField(forms.Field):
    """The ticked follow-up ids (checkboxes named `ids`)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        ids = parse_ids(value)
        if ids is None:
            raise forms.ValidationError("Follow-ups are ticked by their ids.")
        return ids


class BulkForm(forms.Form):
    """Several ticked follow-ups: done, or snoozed to tomorrow, next week or a picked date."""

    ids = IdsField(error_messages={"required": "Tick at least one follow-up."})
    action = forms.ChoiceField(
        choices=[("done", "Done"), *PRESETS.items(), ("pick", "Snooze to date")]
    )
    pick = forms.DateField(
        validators=[validate_in_range],
        required=False,
        widget=day_input(),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "pick" and not data.get("pick") and "pick" not in self.errors:
            self.add_error("pick", "Pick a date to snooze to.")
        return data

    def target(self, user: Any) -> dt.date | None:
        """The day to snooze to; None for done."""
        action = self.cleaned_data["action"]
        if action in PRESETS:
            return followups.preset_day(user, action)
        return self.cleaned_data.get("pick") if action == "pick" else None
