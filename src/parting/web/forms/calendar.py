"""The "Calendar and digest" settings form."""

from __future__ import annotations

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

    # The bounds (1 to 90 or 365 days) and "nudge after the second contact" are the model's
    # rules (validators and Profile.clean), so a restore checks them too.
