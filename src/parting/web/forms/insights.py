"""The small query forms of the insights pages."""

from __future__ import annotations

from django import forms

from parting.core.fields import day_input, validate_in_range


class WeekForm(forms.Form):
    """Which week the funnel page shows; any day of that week will do."""

    week = forms.DateField(
        validators=[validate_in_range],
        required=False,
        label="Week of",
        widget=day_input(),
        help_text="Any day of the week you want to see (YYYY-MM-DD). Empty: this week.",
    )
