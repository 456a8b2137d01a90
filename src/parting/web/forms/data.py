"""Upload forms for imports and restores. The domain checks the content."""

from __future__ import annotations

from django import forms

from parting.data.imports.plan import KINDS

KIND_LABELS = {
    "linkedin": "LinkedIn (Connections.csv or the export ZIP)",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "vcard": "vCard (.vcf) from a phone, iCloud or any address book",
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you importing?", choices=[(k, KIND_LABELS[k]) for k in KINDS]
    )
    file = forms.FileField(label="File")
    skip_bad = forms.BooleanField(
        label="Leave out bad rows and import the rest",
        required=False,
        help_text="Otherwise one bad row stops the import; every row left out is listed.",
    )


class RestoreForm(forms.Form):
    file = forms.FileField(label="Backup file", help_text="A .json file made by Parting's backup.")
