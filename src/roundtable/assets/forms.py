"""Forms of the joint asset register; GOV.UK markup comes from the project's form
renderer. Money and percentages are read by the same rules the importer uses, so
"£1,250,000", "£50k" and "65%" work in both."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from roundtable.assets import queries, rules
from roundtable.assets.choices import Condition, Plan, Tenure
from roundtable.core.forms import GovukDateField, field_message


class AssetFilterForm(forms.Form):
    """The register's and the map's filters (a GET form)."""

    owner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    use = forms.ChoiceField(label="Current use", required=False)
    tenure = forms.ChoiceField(choices=[("", "Any tenure"), *Tenure.choices], required=False)
    lease_within_months = forms.IntegerField(
        label="Lease ends within (months)",
        min_value=0,
        max_value=600,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )
    plan = forms.ChoiceField(
        label="Plans",
        choices=[("", "Any or none"), ("any", "Any plan"), *Plan.choices],
        required=False,
    )
    utilisation_below = forms.DecimalField(
        label="Utilisation below (%)",
        min_value=0,
        max_value=100,
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )
    sort = forms.ChoiceField(label="Sort by", required=False)

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[int, str]],
        uses: list[str],
        sees_figures: bool,
        sees_plans: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sees_figures = sees_figures
        self.sees_plans = sees_plans
        self.fields["owner"].choices = [("", "Any owner"), *owners]
        self.fields["use"].choices = [("", "Any use"), *((u, u) for u in uses)]
        self.fields["sort"].choices = [
            (key, label)
            for key, (label, _, needs_figures) in queries.SORTS.items()
            if sees_figures or not needs_figures
        ]
        if not sees_figures:
            # Filtering on a hidden figure would tell it: not offered.
            del self.fields["lease_within_months"]
            del self.fields["utilisation_below"]
        if not sees_plans:
            # Plans are internal: filtering on them would tell them.
            del self.fields["plan"]

    def filters(self) -> queries.AssetFilters:
        """The filters chosen; those with a bad value are left out (and shown as errors)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return queries.AssetFilters(
            owner=data.get("owner"),
            use=data.get("use") or "",
            tenure=data.get("tenure") or "",
            lease_within_months=data.get("lease_within_months"),
            utilisation_below=data.get("utilisation_below"),
            plan=data.get("plan") or "",
            sort=data.get("sort") or "name",
        )


class MoneyField(forms.CharField):
    """An amount in pounds, read as the importer reads it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "In pounds, like £1,250,000 or £50k")
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        text = super().to_python(value)
        try:
            return rules.parse_money(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:,.2f}".removesuffix(".00")
        return value


class PercentField(forms.CharField):
    def to_python(self, value: Any) -> Decimal | None:
        text = super().to_python(value)
        try:
            return rules.parse_percent(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value.normalize():f}%"
        return value


class AssetForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=None, help_text="The organisation that owns or leases it"
    )
    name = forms.CharField(max_length=300)
    address = forms.CharField(max_length=500, required=False)
    postcode = forms.CharField(
        max_length=10,
        help_text="Its location on the map comes from the postcode, like W5 2HL",
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "postal-code"}
        ),
    )
    current_use = forms.CharField(max_length=300, help_text="For example, offices or a library")
    public_access = forms.CharField(
        max_length=300, required=False, help_text="Who may come in, and when"
    )
    tenure = forms.ChoiceField(choices=Tenure.choices, widget=forms.RadioSelect)
    landlord = forms.CharField(max_length=300, required=False, help_text="For leaseholds")
    lease_start = GovukDateField(required=False)
    lease_end = GovukDateField(required=False, near_future=True)
    capacity = forms.IntegerField(
        min_value=0,
        required=False,
        help_text="How many people (desks, seats or places) it holds",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    utilisation = PercentField(
        label="Utilisation (%)",
        required=False,
        help_text="How full it is, like 65%",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    market_value = MoneyField()
    rateable_value = MoneyField()
    operating_cost = MoneyField(label="Annual operating cost")
    condition = forms.ChoiceField(
        choices=[("", "Not surveyed"), *Condition.choices], required=False
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Seen by the partnership's own people only",
    )
    plan = forms.ChoiceField(
        label="Plans",
        choices=[("", "None"), *Plan.choices],
        required=False,
        help_text="Whether the owner plans to dispose of it, to acquire it, or is reviewing "
        "it; seen by the partnership's own people only, so partners can spot "
        "co-location before a building goes",
    )
    plan_expected = GovukDateField(label="Plan expected by", required=False, near_future=True)
    plan_note = forms.CharField(
        label="About the plan",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Seen by the partnership's own people only",
    )
    is_public = forms.BooleanField(
        label="Public",
        required=False,
        help_text="Untick to keep it to the partnership (a site not yet announced, say)",
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, message in rules.check_lease(
            data.get("lease_start"), data.get("lease_end")
        ).items():
            self.add_error(name, message.split(": ", 1)[1].capitalize())
        # Named by the field's label ("Plans: choose what is planned ..."), as the
        # service's refusals are.
        for name, message in rules.check_plan(
            data.get("plan") or "", data.get("plan_expected"), data.get("plan_note") or ""
        ).items():
            self.add_error(name, field_message(name, str(self.fields[name].label), message))
        return data


class AssetSettingsForm(forms.Form):
    figures_are_public = forms.BooleanField(
        label="Publish costs, values, leases and utilisation of public assets",
        required=False,
        help_text="When ticked, anyone sees these figures; otherwise only the "
        "partnership's own people do.",
    )
