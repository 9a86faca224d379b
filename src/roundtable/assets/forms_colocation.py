"""Forms of the co-location finder and its opportunities; GOV.UK markup comes from
the project's form renderer. The thresholds are checked by the finder's own
`check_options`, as the command checks them."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from roundtable.assets.colocation import (
    DEFAULT_LEASE_MONTHS,
    DEFAULT_UTILISATION_BELOW,
    DEFAULT_WITHIN_M,
    MAX_LEASE_MONTHS,
    MAX_WITHIN_M,
    Options,
)
from roundtable.assets.models_colocation import OpportunityStatus
from roundtable.core.forms import GovukDateField

MONTHS_RANGE = f"Lease ends within: enter a number of months from 0 to {MAX_LEASE_MONTHS}"


class FinderForm(forms.Form):
    """The finder's thresholds: a GET form, every field optional (the defaults)."""

    within_m = forms.IntegerField(
        label="Within (metres)",
        min_value=1,
        max_value=MAX_WITHIN_M,
        required=False,
        help_text=f"How far apart buildings may be, for example {DEFAULT_WITHIN_M}",
        error_messages={
            "invalid": f"Within: enter a whole number of metres, like {DEFAULT_WITHIN_M}",
            "min_value": f"Within: enter a number of metres from 1 to {MAX_WITHIN_M:,}",
            "max_value": f"Within: enter a number of metres from 1 to {MAX_WITHIN_M:,}",
        },
    )
    utilisation_below = forms.DecimalField(
        label="Utilisation below (%)",
        min_value=0,
        max_value=100,
        decimal_places=1,
        required=False,
        help_text=f"Under-used buildings, for example {DEFAULT_UTILISATION_BELOW}",
        error_messages={
            "invalid": "Utilisation below: enter a percentage from 0 to 100, like 50",
            "min_value": "Utilisation below: enter a percentage from 0 to 100, like 50",
            "max_value": "Utilisation below: enter a percentage from 0 to 100, like 50",
            "max_decimal_places": "Utilisation below: enter at most one decimal place, like 47.5",
        },
    )
    lease_months = forms.IntegerField(
        label="Lease ends within (months)",
        min_value=0,
        max_value=MAX_LEASE_MONTHS,
        required=False,
        help_text=f"For example {DEFAULT_LEASE_MONTHS}",
        error_messages={
            "invalid": "Lease ends within: enter a whole number of months, like 12",
            "min_value": MONTHS_RANGE,
            "max_value": MONTHS_RANGE,
        },
    )
    on = GovukDateField(
        label="Counting leases from",
        required=False,
        near_future=True,
        hint_before="Leave empty to count from today. For example, ",
    )

    def options(self) -> Options:
        """The thresholds entered, or the defaults (call after `is_valid`)."""
        data = self.cleaned_data if self.is_valid() else {}
        return Options(
            within_m=data.get("within_m") or DEFAULT_WITHIN_M,
            utilisation_below=(
                DEFAULT_UTILISATION_BELOW
                if data.get("utilisation_below") is None
                else data["utilisation_below"]
            ),
            lease_months=(
                DEFAULT_LEASE_MONTHS if data.get("lease_months") is None else data["lease_months"]
            ),
        )

    def day(self, today: datetime.date) -> datetime.date:
        """The day leases are counted from: the one entered, or `today`."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("on") or today


class IdsField(forms.Field):
    """Record ids from repeated hidden inputs; which of them the user may use is the
    service's check."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        if any(not str(v).isdigit() for v in values):
            raise forms.ValidationError("Choose a group of assets from the finder's list")
        return [int(v) for v in values]


class SaveOpportunityForm(FinderForm):
    """“Save as an opportunity”: the group's assets and the thresholds it was found with."""

    assets = IdsField(error_messages={"required": "Choose a group of assets to save"})


class OpportunityForm(forms.Form):
    title = forms.CharField(
        max_length=300,
        error_messages={"required": "Enter a title, like \u201cShare Acton Town Hall\u201d"},
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    status = forms.ChoiceField(
        choices=[
            (OpportunityStatus.OPEN, OpportunityStatus.OPEN.label),
            (OpportunityStatus.CLOSED, OpportunityStatus.CLOSED.label),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, opportunity_status: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if opportunity_status == OpportunityStatus.PROJECT:
            self.fields["status"].choices = [
                *self.fields["status"].choices,
                (OpportunityStatus.PROJECT, OpportunityStatus.PROJECT.label),
            ]
