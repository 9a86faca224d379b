"""Forms for performance records. Errors are in GOV.UK voice and name the
indicator, the period and the field, as the importers do."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms

from roundtable.core.forms import SpreadsheetField
from roundtable.performance import rules
from roundtable.performance.services_entry import (
    COMMENTARY_FIELDS,
    CommentaryEntry,
    FigureEntry,
    entry_periods,
)

if TYPE_CHECKING:
    from roundtable.performance.models import Commentary, Indicator, IndicatorValue
    from roundtable.performance.periods import Period

COMMENTARY_LABELS = {
    "progress": "Progress",
    "key_events": "Key events",
    "challenges": "Challenges and risks",
    "mitigations": "Mitigating actions",
}


def _plain(number: Decimal | None) -> str:
    """421.000000 → "421"; 98.690000 → "98.69"."""
    if number is None:
        return ""
    return format(number.normalize(), "f")


def period_key(period: Period) -> str:
    """A period as it can appear in a field name: "2011/12 Q2" → "2011-12-Q2"."""
    return str(period).replace("/", "-").replace(" ", "-")


@dataclass
class PeriodInputs:
    """The inputs for one indicator's figures for one period."""

    period: Period
    required: bool
    actual: forms.BoundField
    estimated: forms.BoundField
    target: forms.BoundField
    note: forms.BoundField

    @property
    def fields(self) -> tuple[forms.BoundField, ...]:
        return (self.actual, self.estimated, self.target, self.note)


@dataclass
class IndicatorInputs:
    """One indicator's inputs on the return: its periods and its commentary."""

    indicator: Indicator
    periods: list[PeriodInputs]
    commentary: list[forms.BoundField]


class AgencyReturnForm(forms.Form):
    """An agency's figures and commentary for one reporting quarter, on one page.

    A field per indicator, period and figure (`i12_2011-07_actual`), and per
    indicator and commentary heading (`i12_progress`). Actuals are read as the
    importers read them, so "421 (est)" is an estimate of 421 and "TBC" is missing.
    """

    def __init__(
        self,
        data: Any = None,
        *,
        quarter: Period,
        indicators: list[Indicator],
        values: dict[tuple[int, str], IndicatorValue],
        commentary: dict[int, Commentary],
        read_only: bool = False,
    ) -> None:
        super().__init__(data)
        self.quarter = quarter
        self.indicators = indicators
        self.values = values
        self.commentary = commentary
        self._figures: list[FigureEntry] = []
        self._commentary: list[CommentaryEntry] = []
        self._layout: list[tuple[Indicator, list[tuple[Period, bool, str]]]] = []
        for indicator in indicators:
            periods = []
            frequency = rules.Frequency(indicator.frequency)
            for period in entry_periods(frequency, quarter):
                prefix = f"i{indicator.pk}_{period_key(period)}"
                required = period.kind is frequency.kind
                self._add_figure_fields(indicator, period, prefix, required)
                periods.append((period, required, prefix))
            self._layout.append((indicator, periods))
            existing = commentary.get(indicator.pk)
            for name in COMMENTARY_FIELDS:
                self.fields[f"i{indicator.pk}_{name}"] = forms.CharField(
                    label=COMMENTARY_LABELS[name],
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=getattr(existing, name, ""),
                )
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def _add_figure_fields(
        self, indicator: Indicator, period: Period, prefix: str, required: bool
    ) -> None:
        value = self.values.get((indicator.pk, str(period)))
        where = f"{indicator.code}, {period.label}"
        self.fields[f"{prefix}_actual"] = forms.CharField(
            label=f"Actual for {where}",
            required=False,
            initial=_plain(value.actual) if value else "",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
        )
        self.fields[f"{prefix}_estimated"] = forms.BooleanField(
            label=f"Estimate for {where}",
            required=False,
            initial=bool(value and value.estimated),
        )
        self.fields[f"{prefix}_target"] = forms.CharField(
            label=f"Target for {where}",
            required=False,
            initial=_plain(value.target) if value else "",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
        )
        self.fields[f"{prefix}_note"] = forms.CharField(
            label=f"Note for {where}",
            required=False,
            initial=value.note if value else "",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        )

    # Layout for the template --------------------------------------------------------

    @property
    def rows(self) -> list[IndicatorInputs]:
        return [
            IndicatorInputs(
                indicator=indicator,
                periods=[
                    PeriodInputs(
                        period=period,
                        required=required,
                        actual=self[f"{prefix}_actual"],
                        estimated=self[f"{prefix}_estimated"],
                        target=self[f"{prefix}_target"],
                        note=self[f"{prefix}_note"],
                    )
                    for period, required, prefix in periods
                ],
                commentary=[self[f"i{indicator.pk}_{name}"] for name in COMMENTARY_FIELDS],
            )
            for indicator, periods in self._layout
        ]

    # Checking -----------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._figures, self._commentary = [], []
        for indicator, periods in self._layout:
            for period, _, prefix in periods:
                self._clean_figure(data, indicator, period, prefix)
            entry = CommentaryEntry(
                indicator,
                **{name: data.get(f"i{indicator.pk}_{name}", "") for name in COMMENTARY_FIELDS},
            )
            existing = self.commentary.get(indicator.pk)
            if any(
                getattr(entry, name).strip() != (getattr(existing, name, "") or "")
                for name in COMMENTARY_FIELDS
            ):
                self._commentary.append(entry)
        return data

    def _clean_figure(
        self, data: dict[str, Any], indicator: Indicator, period: Period, prefix: str
    ) -> None:
        where = f"{indicator.code}, {period.label}"
        actual_text = data.get(f"{prefix}_actual", "")
        target_text = data.get(f"{prefix}_target", "")
        ticked = bool(data.get(f"{prefix}_estimated"))
        note = data.get(f"{prefix}_note", "")
        actual = target = None
        estimated = False
        try:
            parsed = rules.parse_actual(actual_text)
        except ValueError as error:
            self.add_error(f"{prefix}_actual", f"{where}, actual: {error}")
            parsed = None
        else:
            actual, estimated = parsed.value, parsed.estimated or ticked
            if ticked and actual is None:
                self.add_error(
                    f"{prefix}_actual",
                    f"{where}, actual: enter the estimated figure, or untick ‘estimate’",
                )
        try:
            target = rules.parse_number(target_text)
        except ValueError as error:
            self.add_error(f"{prefix}_target", f"{where}, target: {error}")
            return
        if target is not None and indicator.tolerance is not None:
            try:
                rules.check_tolerance(
                    rules.Tolerance(
                        indicator.tolerance, rules.ToleranceKind(indicator.tolerance_kind)
                    ),
                    target,
                )
            except ValueError as error:
                self.add_error(f"{prefix}_target", f"{where}, target: {error}")
                return
        if parsed is None:
            return
        entry = FigureEntry(indicator, period, actual, target, estimated, note)
        if self._changed(entry):
            self._figures.append(entry)

    def _changed(self, entry: FigureEntry) -> bool:
        """Whether saving `entry` would change anything (a blank row for a period
        with no figures yet changes nothing)."""
        value = self.values.get((entry.indicator.pk, str(entry.period)))
        if value is None:
            return not (
                entry.actual is None
                and entry.target is None
                and not entry.estimated
                and not entry.note
            )
        return (value.actual, value.target, value.estimated, value.note) != (
            entry.actual,
            entry.target,
            entry.estimated,
            entry.note,
        )

    @property
    def figures(self) -> list[FigureEntry]:
        """The figures that differ from those saved (after `is_valid()`)."""
        return self._figures

    @property
    def commentary_entries(self) -> list[CommentaryEntry]:
        """The commentary that differs from that saved (after `is_valid()`)."""
        return self._commentary


class ValuesUploadForm(forms.Form):
    """A CSV or XLSX file of figures for one agency's return."""

    file = SpreadsheetField(
        label="Upload a CSV or Excel file of figures",
        help_text=(
            "Columns: code, period, actual, target, estimated, note. "
            "Only your organisation's indicators, for periods in this quarter."
        ),
    )


class ReasonForm(forms.Form):
    """Why figures are being returned, or re-opened for a correction."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, label: str, required_message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message
