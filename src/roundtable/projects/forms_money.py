"""Forms of projects' money; GOV.UK markup comes from the project's form renderer.
Amounts and years are read by the same rules the funding import uses
(`rules_money`), so "£50k" and "2011-12" work in a form as in a spreadsheet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy

from roundtable.core.dates import example_periods
from roundtable.core.forms import GovukDateField
from roundtable.meetings.models import Meeting
from roundtable.partnership.models import Organisation
from roundtable.projects import rules_money as rules
from roundtable.projects.models import Project
from roundtable.projects.models_money import FundingKind, FundingSource, FundingStatus

AMOUNT_HINT = "In pounds, for example 50000, £50,000, £50k or £1.2m"


def _this_year() -> str:
    return example_periods(timezone.localdate()).financial_year


#: The hint and the error of a financial year, with the year today is in (worked out
#: each time a form is drawn, not when the server starts): "For example, 2026/27".
YEAR_HINT = lazy(lambda: f"For example, {_this_year()}", str)()
YEAR_REQUIRED = lazy(lambda: f"Enter the financial year, like {_this_year()}", str)()


class MoneyField(forms.CharField):
    """An amount in pounds, written as people write it (`rules_money.parse_amount`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", AMOUNT_HINT)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:f}"
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return rules.parse_amount(text)
        except rules.AmountError as error:
            message = str(error)
            raise forms.ValidationError(message[0].upper() + message[1:]) from None


class YearField(forms.CharField):
    """A financial year: 2026/27, 2026-27 or 2026/2027, kept as 2026/27."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", YEAR_HINT)
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("error_messages", {"required": YEAR_REQUIRED})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return text
        try:
            return rules.parse_financial_year(text)
        except rules.YearError as error:
            message = str(error)
            raise forms.ValidationError(message[0].upper() + message[1:]) from None


class FundingFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *FundingStatus.choices], required=False)
    source = forms.ChoiceField(choices=[("", "Any source"), *FundingSource.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *FundingKind.choices], required=False)
    year = forms.ChoiceField(label="Financial year", choices=[("", "Any year")], required=False)

    def __init__(self, *args: Any, years: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Any year"), *((y, y) for y in years)]


class BudgetLineForm(forms.Form):
    financial_year = YearField()
    planned = MoneyField(error_messages={"required": "Enter the planned amount, like £50,000"})
    committed = MoneyField(required=False, help_text="Leave blank for none")
    spent = MoneyField(required=False, help_text="Leave blank for none")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("committed", "spent"):
            if name in data and data[name] is None:
                data[name] = Decimal("0.00")
        return data


class FundingForm(forms.Form):
    source = forms.ChoiceField(choices=FundingSource.choices)
    kind = forms.ChoiceField(choices=FundingKind.choices)
    organisation = forms.ModelChoiceField(
        label="Partner",
        queryset=Organisation.objects.none(),
        help_text="The partner who gives or receives it",
        error_messages={"required": "Choose the partner who gives or receives it"},
    )
    amount = MoneyField(error_messages={"required": "Enter the amount, like £50,000"})
    financial_year = YearField()
    status = forms.ChoiceField(choices=FundingStatus.choices)
    decided_on = GovukDateField(label="Decided on", required=False)
    meeting = forms.ModelChoiceField(
        label="Meeting that decided it",
        queryset=Meeting.objects.none(),
        required=False,
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership_id=partnership_id, is_partner=True
        ).order_by("name")
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(partnership_id=partnership_id)
            .select_related("body")
            .order_by("-start")
        )


class PooledBudgetForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the title"})
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        required=False,
        help_text="Leave blank for a pot that serves no one project",
    )
    first_year = YearField(label="First financial year")
    last_year = YearField(label="Last financial year")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and rules.year_start(last) < rules.year_start(first):
            self.add_error("last_year", "The last year must not be before the first")
        return data


class ContributionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Partner",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the partner contributing"},
    )
    financial_year = forms.ChoiceField(choices=())
    amount = MoneyField(error_messages={"required": "Enter the amount, like £50,000"})

    def __init__(self, *args: Any, pooled_budget: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership_id=pooled_budget.partnership_id, is_partner=True
        ).order_by("name")
        years = rules.financial_years(pooled_budget.first_year, pooled_budget.last_year)
        self.fields["financial_year"].choices = [(y, y) for y in years]


class MoneySettingsForm(forms.Form):
    money_is_public = forms.BooleanField(
        label="Publish the money of published projects and the pooled budgets of no project",
        required=False,
        help_text="When ticked, anyone sees them and the partners' contributions to those "
        "pooled budgets; otherwise only the partnership's own people do. Unpublished "
        "projects' money stays internal either way.",
    )
