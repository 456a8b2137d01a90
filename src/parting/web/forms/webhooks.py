"""The form for adding a webhook endpoint (Settings → Webhooks)."""

from __future__ import annotations

from django import forms

from parting.webhooks.models import EVENTS
from parting.webhooks.targets import MAX_URL

EVENT_HELP = {
    "conversation.logged": "a conversation is logged",
    "ask.recorded": "a parting question's answer is recorded",
    "lead.created": "a new lead",
    "lead.updated": "a lead changes (status, permission, thanked)",
    "followup.created": "a follow-up is scheduled",
    "followup.due": "a follow-up falls due (once, that morning)",
    "followup.done": "a follow-up is done",
}


class EndpointForm(forms.Form):
    # Text, not URLField: the domain says what is wrong with an address, on every door.
    url = forms.CharField(
        max_length=MAX_URL,
        label="Endpoint URL",
        help_text="Parting POSTs each event here as signed JSON (Standard Webhooks).",
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )
    events = forms.MultipleChoiceField(
        choices=[(e, f"{e} — {EVENT_HELP[e]}") for e in EVENTS],
        widget=forms.CheckboxSelectMultiple,
        label="Events",
        error_messages={"required": "Choose at least one event."},
    )
