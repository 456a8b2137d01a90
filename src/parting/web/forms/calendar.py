"""The "Calendar and digest" settings form."""

from __future__ import annotations

from typing import Any

from django import forms

from parting.core.models import Profile


class FollowUpSettingsForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["digest_enabled", "second_contact_days", "nudge_days", "check_back_days"]
        labels = {
            "digest_enabled": "Email me a daily digest of due follow-ups",
            "second_contact_days": "Suggest a second contact after (business days)",
            "nudge_days": "Nudge a lead after (business days)",
            "check_back_days": "Check back with someone holding my number after (days)",
        }
        help_texts = {
            "digest_enabled": "",
            "second_contact_days": "Counted from the day you mark a lead contacted.",
            "nudge_days": "Weekends are skipped; a reply closes both reminders.",
            "check_back_days": "Calendar days after you left your number.",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("second_contact_days", "nudge_days", "check_back_days"):
            value = data.get(name)
            top = 365 if name == "check_back_days" else 90
            if value is not None and not 1 <= value <= top:
                self.add_error(name, f"Between 1 and {top}.")
        first, nudge = data.get("second_contact_days"), data.get("nudge_days")
        if first and nudge and first >= nudge:
            self.add_error("nudge_days", "Nudge the lead after the second-contact suggestion.")
        return data
