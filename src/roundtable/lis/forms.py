"""The upload forms: statistics (`roundtable lis import`'s options, and the file) and
indicators (`roundtable lis import-indicators`' file)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from roundtable.core.forms import SpreadsheetField
from roundtable.lis.models import DEFAULT_LICENCE, DEFAULT_SUPPRESS_BELOW
from roundtable.partnership.models import Organisation

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership


class ObservationImportForm(forms.Form):
    file = SpreadsheetField(
        label="CSV or Excel file",
        help_text="Columns indicator, area_code, period and value (or count and denominator).",
    )
    dataset = forms.SlugField(
        label="Dataset",
        max_length=100,
        help_text=(
            "The dataset's short name, like census-2011. A dataset that is not in the "
            "catalogue yet is added to it."
        ),
        error_messages={
            "required": "Enter the dataset's short name",
            "invalid": "Use lower-case letters, digits and hyphens only",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        required=False,
        help_text=(
            "For a new dataset (its short name if blank). Given for one in the catalogue, "
            "it replaces its title."
        ),
    )
    publisher = forms.ChoiceField(
        label="Publisher",
        required=False,
        help_text="The partner that publishes it.",
    )
    licence = forms.CharField(
        label="Licence",
        max_length=60,
        required=False,
        help_text=(
            f"An SPDX identifier, like {DEFAULT_LICENCE}. Leave it blank to keep the "
            f"dataset's own; a new dataset gets {DEFAULT_LICENCE}."
        ),
    )
    suppress_below = forms.IntegerField(
        label="Suppress counts below",
        min_value=0,
        max_value=1000,
        required=False,
        help_text=(
            f"Counts from 1 up to this number less one are suppressed ({DEFAULT_SUPPRESS_BELOW}: "
            f"counts 1 to {DEFAULT_SUPPRESS_BELOW - 1}). Leave it blank to keep the dataset's "
            f"own; a new dataset gets {DEFAULT_SUPPRESS_BELOW}. A new threshold applies to "
            "all the dataset's statistics, not only this file's."
        ),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The partners by name, as `roundtable lis import --publisher` takes them: an
        # organisation the partnership only engages may not publish a dataset here.
        partners = Organisation.objects.filter(partnership=partnership, is_partner=True)
        names = partners.order_by("name").values_list("name", flat=True)
        self.fields["publisher"].choices = [
            ("", "Keep the dataset's own (none for a new one)"),
            *((n, n) for n in names),
        ]


class IndicatorImportForm(forms.Form):
    file = SpreadsheetField(
        label="CSV or Excel file",
        help_text=(
            "Columns code, name, value_type and polarity; optionally multiplier, unit, "
            "definition, source, ci_method and decimals."
        ),
    )
