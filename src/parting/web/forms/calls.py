"""Forms for the call page: pick or add the contact, log the call, record the parting question.

They check what was typed and offer only the seeker's own rows (R9); the domain decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet

from parting.core.choices import Channel, Kind, Outcome, Permission, Response
from parting.core.domain import questions
from parting.core.domain.leads import LeadInput
from parting.core.models import Contact, Question

LEAD_PREFIX = "lead"
_LEAD_KEY = re.compile(rf"^{LEAD_PREFIX}-(\d+)-")
MAX_LEAD_ENTRIES = 20


def offer(form: forms.Form, name: str, queryset: QuerySet) -> None:
    """Limit a choice field to these rows (the seeker's own, R9)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class NewContactForm(forms.Form):
    """Add the person on the phone without leaving the call page."""

    name = forms.CharField(max_length=200, label="Name")
    company = forms.CharField(max_length=200, required=False, label="Company")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="off")
        self.fields["company"].widget.attrs.update(autocomplete="off")


class LogForm(forms.Form):
    """One conversation: with whom, what kind, and how it ended."""

    contact = forms.ModelChoiceField(queryset=Contact.objects.none(), widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.PHONE_SCREEN, label="Kind")
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.PHONE, label="Channel")
    opening = forms.CharField(
        max_length=200, required=False, label="Opening", help_text="The job title, if any."
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Note")
    outcome = forms.ChoiceField(
        choices=Outcome.choices,
        label="Outcome",
        error_messages={"required": "Tap how the call ended."},
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "contact", Contact.objects.for_user(user).select_related("company"))


class LeadEntryForm(forms.Form):
    """One lead typed during the call; several share a page, told apart by their prefix."""

    name = forms.CharField(max_length=200, required=False, label="Name")
    company = forms.CharField(max_length=200, required=False, label="Company")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What they said"
    )
    # Nothing is ticked until the seeker says: unanswered means "not asked".
    permission = forms.ChoiceField(
        choices=Permission.choices,
        required=False,
        widget=forms.RadioSelect,
        label="May I use their name?",
    )
    thanked = forms.BooleanField(required=False, label="Thanked them already")

    def __init__(self, index: int, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = f"{LEAD_PREFIX}-{index}"
        super().__init__(*args, **kwargs)
        self.index = index
        self.fields["name"].widget.attrs.update(autocomplete="off")
        self.fields["company"].widget.attrs.update(autocomplete="off")

    def typed(self, name: str) -> str:
        return (self.data.get(self.add_prefix(name)) or "").strip()

    @property
    def is_blank(self) -> bool:
        """Nothing typed: an unused entry is skipped, not an error."""
        return not any(self.typed(name) for name in ("name", "company", "note"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_blank and not self.typed("name") and not self.typed("company"):
            self.add_error("name", "Give the lead's name (or at least their company).")
        return data

    def to_input(self) -> LeadInput:
        data = self.cleaned_data
        return LeadInput(
            name=data["name"],
            company=data["company"],
            note=data["note"],
            permission=data["permission"] or Permission.NOT_ASKED,
            thanked=data["thanked"],
        )


FIRST_LEAD_ENTRIES = 2  # a lead often comes with a second name: room for it without a click


def lead_entry_indices(data: Mapping[str, Any] | None) -> list[int]:
    """The lead entries present in a post, in the order they were added."""
    if not data:
        return list(range(FIRST_LEAD_ENTRIES))
    found = sorted({int(m.group(1)) for key in data if (m := _LEAD_KEY.match(key))})
    return found[:MAX_LEAD_ENTRIES] or list(range(FIRST_LEAD_ENTRIES))


class AskForm(forms.Form):
    """The parting question: which one was asked, the answer, and the leads it gave."""

    question = forms.ModelChoiceField(
        queryset=Question.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which question did you ask?",
    )
    response = forms.ChoiceField(
        choices=Response.choices,
        widget=forms.RadioSelect,
        label="What did they say?",
        error_messages={"required": "Tap what they said."},
    )

    def __init__(self, user: Any, *args: Any, add_entry: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = questions.questions(user).order_by("-favourite", "position", "id")
        self.questions = mine
        offer(self, "question", mine)
        first = next(iter(mine[:1]), None)
        if first is not None and not self.is_bound:
            self.initial.setdefault("question", first.pk)
        indices = lead_entry_indices(self.data if self.is_bound else None)
        if add_entry and len(indices) < MAX_LEAD_ENTRIES:
            indices.append(indices[-1] + 1)
        data = self.data if self.is_bound else None
        self.entries = [LeadEntryForm(i, data) for i in indices]

    @property
    def next_index(self) -> int:
        return self.entries[-1].index + 1

    @property
    def gave_lead(self) -> bool:
        return self.data.get("response") == Response.GAVE_LEAD if self.is_bound else False

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not self.gave_lead:
            return valid
        typed = [entry for entry in self.entries if not entry.is_blank]
        if not typed:
            # R2: a gave_lead answer needs at least one lead.
            first = self.entries[0]
            first.is_valid()
            first.add_error("name", "Who did they suggest? Give the lead's name.")
            return False
        return all([entry.is_valid() for entry in typed]) and valid

    def leads(self) -> list[LeadInput]:
        """The leads to record; entries only count when the answer was gave_lead."""
        if self.cleaned_data.get("response") != Response.GAVE_LEAD:
            return []
        return [entry.to_input() for entry in self.entries if not entry.is_blank]
