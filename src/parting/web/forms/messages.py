"""The message form: the drafted email, editable before it is sent."""

from __future__ import annotations

from django import forms

from parting.core.domain.messages import MAX_BODY, MAX_SUBJECT


class MessageForm(forms.Form):
    to = forms.EmailField(
        required=False,
        label="To",
        help_text="Filled in from the contact when their address is known.",
    )
    subject = forms.CharField(max_length=MAX_SUBJECT, label="Subject")
    body = forms.CharField(
        max_length=MAX_BODY,
        label="Message",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
