"""The form of a partner's asset strategy; GOV.UK markup comes from the project's
form renderer. The values are checked by the service (`services_strategies.py`,
with `rules_strategies.check_strategy`), whose refusals the page puts on their
fields."""

from __future__ import annotations

from typing import Any

from django import forms

from roundtable.core.forms import GovukDateField


class StrategyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None, help_text="The partner whose strategy it is"
    )
    listed_as = forms.CharField(
        label="Listed as",
        max_length=200,
        required=False,
        help_text="How the review names the organisation, when not by its own name "
        "(for example Police, or VCS groups)",
    )
    no_published_strategy = forms.BooleanField(
        label="No published strategy",
        required=False,
        help_text="Tick when the organisation has none; say what it means to do in the key aims",
    )
    title = forms.CharField(
        label="Document",
        max_length=300,
        required=False,
        help_text="The strategy's title, like Property Strategy",
    )
    published = forms.CharField(
        label="Published",
        max_length=50,
        required=False,
        help_text="The year or period as the document gives it, like 2010, 2011-2020, "
        "or 2007? when in doubt",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
    year_from = forms.IntegerField(
        label="From (year)",
        required=False,
        help_text="Leave both years blank to read them from Published (not when in doubt)",
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}
        ),
    )
    year_to = forms.IntegerField(
        label="To (year)",
        required=False,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}
        ),
    )
    url = forms.URLField(
        label="Link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Where to read it, like https://www.ealing.gov.uk/...",
    )
    key_aims = forms.CharField(
        label="Key aims",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Of relevance to the partnership. One paragraph a line; start a line "
        "with • or - for an item of a list",
    )
    last_reviewed = GovukDateField(
        label="Last reviewed", required=False, help_text="The day of the partnership's review"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Seen by the partnership's own people only",
    )
    is_public = forms.BooleanField(
        label="Public",
        required=False,
        help_text="Untick to keep it to the partnership (a draft shared in confidence, say)",
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        # Each error names its field, in words the person can act on.
        self.fields["organisation"].error_messages.update(
            required="Choose the organisation whose strategy it is",
            invalid_choice="Choose an organisation you may add strategies for",
        )
        for name in ("year_from", "year_to"):
            label = self.fields[name].label
            self.fields[name].error_messages["invalid"] = f"{label} must be a year, like 2010"
        self.fields["url"].error_messages["invalid"] = (
            "Link must be a web address, like https://www.ealing.gov.uk/property-strategy"
        )
