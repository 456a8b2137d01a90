"""Forms for sharing: inviting a coach, answering an invitation, a coach's note."""

from __future__ import annotations

from django import forms

from parting.core.choices import Scope
from parting.core.domain.coach_notes import MAX_NOTE
from parting.core.fields import day_input, validate_in_range
from parting.web.views.accounts import SetupForm


class ShareForm(forms.Form):
    # Text, not EmailField: the domain says what is wrong with an address, the same on
    # every door.
    email = forms.CharField(max_length=254, label="Your coach's email")
    scope = forms.ChoiceField(
        choices=Scope.choices,
        initial=Scope.NUMBERS,
        widget=forms.RadioSelect,
        label="What they may see",
    )
    until = forms.DateField(
        required=False,
        validators=[validate_in_range],
        label="Until (optional)",
        help_text="The last day they may look. Leave empty to share until you revoke.",
        widget=day_input(),
    )


class OfferForm(forms.Form):
    """A new account's answer: share with whoever invited them, or not."""

    scope = forms.ChoiceField(choices=[*Scope.choices, ("none", "Don't share")])


class JoinForm(SetupForm):
    """Making the invited account: the email is the invitation's."""

    email = None  # type: ignore[assignment]
    name = forms.CharField(max_length=200, required=False, label="Your name")
    field_order = ["name", "password", "password_again"]


class NoteForm(forms.Form):
    text = forms.CharField(
        max_length=MAX_NOTE,
        label="A note for them",
        help_text="A suggestion or a question to try. They see it on their Today page.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
