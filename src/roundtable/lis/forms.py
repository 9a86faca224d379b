"""The statistics upload form: `roundtable lis import`'s options, and the file."""

from __future__ import annotations

from django import forms

from roundtable.core.forms import SpreadsheetField


class ObservationImportForm(forms.Form):
    file = SpreadsheetField(
        label="CSV or Excel file",
        help_text="Columns indicator, area_code, period and value (or count and denominator).",
    )
    dataset = forms.SlugField(
        label="Dataset",
        max_length=100,
        help_text="The dataset's short name, like census-2011; a new one is created.",
        error_messages={
            "required": "Enter the dataset's short name",
            "invalid": "Use lower-case letters, digits and hyphens only",
        },
    )
    title = forms.CharField(label="Title (for a new dataset)", max_length=300, required=False)
    publisher = forms.CharField(label="Publisher", max_length=200, required=False)
    licence = forms.CharField(
        label="Licence", max_length=60, required=False, help_text="An SPDX id; OGL-UK-3.0 if blank"
    )
    suppress_below = forms.IntegerField(
        label="Suppress counts below",
        min_value=0,
        max_value=1000,
        required=False,
        help_text="Counts from 1 up to this number less one are suppressed; 5 if blank.",
    )
