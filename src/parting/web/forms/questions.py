"""Forms for the questions area: profile, question bank, phone script, drill.

They only shape input; the domain (question_bank, profile_update, script, drill) decides."""

from __future__ import annotations

from typing import Any

from django import forms

from parting.core.choices import Archetype
from parting.core.domain.question_bank import SLOTS
from parting.core.domain.script import DEFAULTS, SCRIPT_SLOTS, SECTIONS

SLOT_HELP = "Slots fill in on the call: " + ", ".join(f"{{{s}}}" for s in SLOTS) + "."


def _per_week(label: str, help_text: str) -> forms.IntegerField:
    """A number a week for the work-search log; empty leaves it as it is."""
    return forms.IntegerField(
        required=False, min_value=0, max_value=50, label=label, help_text=help_text
    )


class ProfileForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Your name")
    phone = forms.CharField(
        max_length=40,
        required=False,
        label="Your phone",
        help_text="Said in the leave-my-number line. Stored in international form.",
    )
    skills = forms.CharField(
        max_length=300, required=False, label="Skills, in a phrase", help_text="Fills {skills}."
    )
    target_roles = forms.CharField(
        max_length=300,
        required=False,
        label="Roles you are after",
        help_text="Fills {target_roles}.",
    )
    niche = forms.CharField(
        max_length=200,
        required=False,
        label="Your niche",
        help_text="Fills {niche} when the company's industry is not known.",
    )
    timezone = forms.CharField(
        max_length=64,
        label="Time zone",
        help_text="Type a city (Chicago) or an IANA name (America/Chicago). "
        "Times show and follow-ups fall due by this zone.",
        widget=forms.TextInput(attrs={"list": "timezones", "autocomplete": "off"}),
    )
    phone_region = forms.CharField(
        max_length=2,
        label="Default phone region",
        help_text="Two letters, e.g. US, GB, FR: for numbers typed without +country code.",
    )
    worklog_activities = _per_week(
        "Work-search activities required each week",
        "What your benefit claim asks for (0 if none). Today shows when a week is short.",
    )
    worklog_employer_contacts = _per_week(
        "Of those, contacts with an employer",
        "Applications, phone screens, interviews and calls about an opening.",
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="The question, in your own words",
        help_text=SLOT_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=True,
        required=False,  # the domain gives the clearer "empty" message
    )
    archetype = forms.ChoiceField(choices=Archetype.choices, label="Kind of question")


class ScriptForm(forms.Form):
    """One textarea per editable section, in call order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slots = ", ".join(f"{{{s}}}" for s in SCRIPT_SLOTS)
        for key, title in SECTIONS:
            self.fields[key] = forms.CharField(
                label=title,
                required=False,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=f"Default: “{DEFAULTS[key]}” Slots: {slots}."
                if key == "opening"
                else f"Default: “{DEFAULTS[key]}”",
            )


class RecallForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    typed = forms.CharField(
        required=False,
        label="Your question, from memory",
        widget=forms.Textarea(attrs={"rows": 3, "autofocus": True, "autocomplete": "off"}),
    )
