"""Forms for companies, contacts, openings and conversations.

Forms validate what was typed and offer only the seeker's own rows (R9); `save()` hands
creation to the domain layer, which decides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet

from parting.core.choices import Channel, Kind, Outcome
from parting.core.domain import calls, conversation_update, network, network_update
from parting.core.domain.errors import DomainError
from parting.core.domain.profiles import get_profile
from parting.core.fields import moment_input, validate_in_range
from parting.core.models import Company, Contact, Conversation, Opening
from parting.web.shortcuts import add_domain_error, validation_error


def offer(form: forms.BaseForm, name: str, rows: QuerySet) -> None:
    """Let the choice field `name` offer only `rows`: the user's own (R9)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = rows


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        return obj.label


def https_urls(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Web addresses typed without a scheme are taken as https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class OwnedModelForm(forms.ModelForm):
    """A model form for one user's rows: every choice field offers only their rows."""

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    @property
    def creating(self) -> bool:
        return self.instance.pk is None

    def stored(self) -> Any:
        """The row as saved: validation has already copied the typed values onto `instance`,
        and the domain decides what changes from what was there."""
        return type(self.instance).objects.get(pk=self.instance.pk)


class CompanyForm(OwnedModelForm):
    class Meta:
        model = Company
        formfield_callback = https_urls
        fields = ["name", "parent", "industry", "website", "notes"]
        help_texts = {"parent": "The group this company belongs to, if any."}

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        parents = Company.objects.for_user(user).order_by("name")
        if not self.creating:
            parents = parents.exclude(pk=self.instance.pk)
        offer(self, "parent", parents)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        same = Company.objects.for_user(self.user).filter(name__iexact=name)
        if not self.creating:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError("You already have a company of this name.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.creating and data.get("parent"):
            try:
                network.check_parent(self.instance, data["parent"])
            except DomainError as exc:
                add_domain_error(self, exc, field="parent")
        return data

    def save(self, commit: bool = True) -> Company:
        data = self.cleaned_data
        fields = {"industry": data["industry"], "website": data["website"], "notes": data["notes"]}
        if self.creating:
            self.instance = network.create_company(
                self.user, data["name"], parent=data["parent"], **fields
            )
        else:
            self.instance = network_update.update_company(
                self.user, self.stored(), name=data["name"], parent=data["parent"] or "", **fields
            )
        return self.instance


class ContactForm(OwnedModelForm):
    new_company = forms.CharField(
        label="…or a new company",
        max_length=200,
        required=False,
        help_text="Type a name to add a company that is not in the list.",
    )
    phone = forms.CharField(
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text="Any format; an extension like “ext. 12” is kept.",
    )

    class Meta:
        model = Contact
        formfield_callback = https_urls
        fields = ["name", "company", "new_company", "title", "role", "email", "phone"]
        fields += ["linkedin_url", "notes"]
        labels = {"linkedin_url": "LinkedIn URL"}

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        offer(self, "company", Company.objects.for_user(user).order_by("name"))
        self.region = get_profile(user).phone_region
        if not self.creating and self.instance.phone:
            shown = network.format_phone(self.instance.phone)
            if self.instance.phone_ext:
                shown += f" ext. {self.instance.phone_ext}"
            self.initial["phone"] = shown

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        try:
            self.number = network.normalize_phone(raw, self.region)
        except DomainError as exc:
            raise validation_error(exc) from exc
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["new_company"] = " ".join((data.get("new_company") or "").split())
        if data.get("company") and data["new_company"]:
            self.add_error("new_company", "Pick a company from the list or type a new one.")
        return data

    def save(self, commit: bool = True) -> Contact:
        data = self.cleaned_data
        company = data["company"] or data["new_company"]
        fields = {
            "title": data["title"],
            "role": data["role"],
            "email": data["email"],
            "phone": data["phone"],
            "linkedin": data["linkedin_url"],
            "notes": data["notes"],
        }
        if self.creating:
            self.instance = network.create_contact(
                self.user, data["name"], company=company or None, **fields
            )
        else:
            self.instance = network_update.update_contact(
                self.user, self.stored(), name=data["name"], company=company or "", **fields
            )
        return self.instance


class OpeningForm(OwnedModelForm):
    class Meta:
        model = Opening
        formfield_callback = https_urls
        fields = ["title", "company", "stage", "link", "notes"]

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        offer(self, "company", Company.objects.for_user(user).order_by("name"))

    def save(self, commit: bool = True) -> Opening:
        data = self.cleaned_data
        fields = {"stage": data["stage"], "link": data["link"], "notes": data["notes"]}
        if self.creating:
            self.instance = network.create_opening(
                self.user, data["company"], data["title"], **fields
            )
        else:
            self.instance = network_update.update_opening(
                self.user, self.stored(), title=data["title"], company=data["company"], **fields
            )
        return self.instance


class ConversationForm(forms.Form):
    """Log a conversation (or correct one). Times are in the seeker's own time zone."""

    contact = ContactChoiceField(queryset=Contact.objects.none())
    outcome = forms.ChoiceField(choices=[("", "—"), *Outcome.choices])
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.PHONE_SCREEN)
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.PHONE)
    at = forms.DateTimeField(
        validators=[validate_in_range],
        label="When",
        widget=moment_input(),
    )
    company = forms.ModelChoiceField(
        queryset=Company.objects.none(),
        required=False,
        help_text="Leave empty to use the contact's company.",
    )
    opening = forms.CharField(
        label="Opening title",
        max_length=200,
        required=False,
        help_text="The job this was about; added to the company's openings if new.",
    )
    note = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(
        self, user: Any, *args: Any, instance: Conversation | None = None, **kwargs: Any
    ) -> None:
        self.user = user
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update(
                contact=instance.contact_id,
                outcome=instance.outcome,
                kind=instance.kind,
                channel=instance.channel,
                at=instance.at,
                company=instance.company_id,
                opening=instance.opening.title if instance.opening else "",
                note=instance.note,
            )
        super().__init__(*args, **kwargs)
        contacts = Contact.objects.for_user(user).select_related("company")
        offer(self, "contact", contacts.order_by("name", "id"))
        offer(self, "company", Company.objects.for_user(user).order_by("name"))

    def clean_at(self) -> dt.datetime:
        # Whole minutes, as the datetime-local input shows them.
        return self.cleaned_data["at"].replace(second=0, microsecond=0)

    def save(self) -> Conversation:
        """Log it, or correct it; either way the domain applies R1, R2, R5 and the stage."""
        data = self.cleaned_data
        fields = {
            "kind": data["kind"],
            "channel": data["channel"],
            "at": data["at"],
            "opening": data["opening"],
            "note": data["note"],
        }
        if self.instance is None:
            self.instance = calls.log_conversation(
                self.user, data["contact"], data["outcome"], company=data["company"], **fields
            )
        else:
            self.instance = conversation_update.update_conversation(
                self.user,
                self.instance,
                contact=data["contact"],
                outcome=data["outcome"],
                company=data["company"] or "",
                **fields,
            )
        return self.instance
