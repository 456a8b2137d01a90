"""Forms for leads: the inline edit controls and the add-a-lead form.

Choice fields offer only the seeker's own rows (R9); the domain enforces R2, R3 and R8.
"""

from __future__ import annotations

from typing import Any

from django import forms

from parting.core.choices import LeadStatus, Permission
from parting.core.domain import questions
from parting.core.domain.leads import LeadInput
from parting.core.models import Contact, Conversation, Question
from parting.web.forms.calls import offer


class LeadUpdateForm(forms.Form):
    """The three things that change on a lead after the call."""

    status = forms.ChoiceField(choices=LeadStatus.choices, label="Status")
    permission = forms.ChoiceField(choices=Permission.choices, label="Use the referrer's name?")
    thanked = forms.BooleanField(required=False, label="Thanked")


class ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        return obj.label


class ConversationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Conversation) -> str:
        return (
            f"{obj.at:%d %b %Y}: {obj.get_kind_display()} with {obj.contact.name} "
            f"({obj.get_outcome_display().lower()})"
        )


class QuestionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Question) -> str:
        return f"{obj.get_archetype_display()}: {questions._short(obj.text, 70)}"


class LeadAddForm(forms.Form):
    """A lead captured after the fact, from one of the seeker's contacts."""

    referrer = ContactChoice(
        queryset=Contact.objects.none(), label="Who suggested it?", empty_label="Choose a contact"
    )
    name = forms.CharField(max_length=200, required=False, label="Lead's name")
    company = forms.CharField(max_length=200, required=False, label="Company")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What they said"
    )
    permission = forms.ChoiceField(
        choices=Permission.choices,
        initial=Permission.NOT_ASKED,
        widget=forms.RadioSelect,
        label="May you use the referrer's name?",
    )
    thanked = forms.BooleanField(required=False, label="Thanked them already")
    conversation = ConversationChoice(
        queryset=Conversation.objects.none(),
        required=False,
        label="From which conversation?",
        empty_label="None",
        help_text="Only conversations with the referrer can hold their leads.",
    )
    question = QuestionChoice(
        queryset=Question.objects.none(),
        required=False,
        label="Which question brought it?",
        empty_label="Not recorded",
    )

    def __init__(self, user: Any, *args: Any, referrer: Contact | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        offer(self, "referrer", Contact.objects.for_user(user).select_related("company"))
        conversations = Conversation.objects.for_user(user).select_related("contact")
        if referrer is not None:
            conversations = conversations.filter(contact=referrer)
        offer(self, "conversation", conversations.order_by("-at"))
        offer(self, "question", questions.questions(user))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and not (data.get("company") or "").strip():
            self.add_error("name", "Give the lead's name (or at least their company).")
        return data

    def lead_input(self) -> LeadInput:
        data = self.cleaned_data
        return LeadInput(
            name=data["name"],
            company=data["company"],
            note=data["note"],
            permission=data["permission"],
            thanked=data["thanked"],
        )
