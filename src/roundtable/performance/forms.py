"""Forms for performance records. Errors are in GOV.UK voice and name the
indicator, the period and the field, as the importers do."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.core.dates import example_periods
from roundtable.core.forms import GovukDateField, GroupedCheckboxes, SpreadsheetField
from roundtable.performance import parsers, returns, rules
from roundtable.performance.choices import MissingReason
from roundtable.performance.models import DataIssue, Indicator, PerformanceSettings
from roundtable.performance.returns import entry_periods
from roundtable.performance.services import MissingReasonEntry
from roundtable.performance.services_entry import (
    COMMENTARY_FIELDS,
    CommentaryEntry,
    FigureEntry,
)
from roundtable.performance.svg import format_number

if TYPE_CHECKING:
    from roundtable.performance.models import Commentary, IndicatorValue, MissingFigure
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


def provisional_status(
    indicator: Indicator, actual: Decimal | None, target: Decimal | None
) -> rules.Status:
    """The status figures would get against their period's target, by the
    indicator's tolerance band (the report then applies the partnership's policy)."""
    tolerance = (
        rules.Tolerance(indicator.tolerance, rules.ToleranceKind(indicator.tolerance_kind))
        if indicator.tolerance is not None
        else None
    )
    return rules.status(actual, target, rules.Polarity(indicator.polarity), tolerance)


def _from_months(indicator: Indicator, period: Period) -> bool:
    """Whether the period is longer than the indicator's own (a monthly indicator's
    quarter), so a blank actual is worked out from its months."""
    return period.kind is not rules.Frequency(indicator.frequency).kind


def period_key(period: Period) -> str:
    """A period as it can appear in a field name: "2011/12 Q2" → "2011-12-Q2"."""
    return str(period).replace("/", "-").replace(" ", "-")


@dataclass
class PeriodInputs:
    """The inputs for one indicator's figures for one period."""

    indicator: Indicator
    period: Period
    required: bool
    actual: forms.BoundField
    estimated: forms.BoundField
    target: forms.BoundField
    note: forms.BoundField
    numerator: forms.BoundField | None = None  # for indicators entered as a fraction
    denominator: forms.BoundField | None = None
    value: IndicatorValue | None = None  # as saved
    previous: IndicatorValue | None = None  # the previous period's, as saved
    status: rules.Status = rules.Status.NOT_ASSESSED  # of the figures shown
    confirm: forms.BoundField | None = None  # "the figure is right", after a big jump
    status_url: str = ""
    # A period whose actual is left blank to be worked out from its months (a monthly
    # indicator's quarter), and the figure worked out, as the report prints it ("" until
    # every month has one).
    from_months: bool = False
    worked_out: str = ""

    @property
    def previous_period(self) -> Period:
        return self.period.previous()

    def _figure(self, number: Decimal | None) -> str:
        """A saved figure as the report prints it ("1,234.5", "98.80%", "£21,500"):
        `format_number`, as the `figure` template filter prints it."""
        return format_number(number, self.indicator.decimals, self.indicator.unit)

    @property
    def previous_actual(self) -> str:
        """The previous period's figure as saved, printed as the report prints it;
        "No figure" when there is none."""
        if self.previous is None or self.previous.actual is None:
            return "No figure"
        return self._figure(self.previous.actual) + (" (est)" if self.previous.estimated else "")

    @property
    def key(self) -> str:
        return self.actual.html_name.removesuffix("_actual")

    @property
    def saved(self) -> list[str]:
        """What is saved, cell by cell in the order of `fields`, for a return shown
        read-only: figures as the report prints them (a numerator and a denominator
        are counts, so they take no unit)."""
        value = self.value
        if value is None:
            texts = ["Not entered", "", "", "", "", ""]
        else:
            texts = [
                self._figure(value.actual) if value.actual is not None else "Not entered",
                "Yes" if value.estimated else "No",
                format_number(value.numerator) if value.numerator is not None else "",
                format_number(value.denominator) if value.denominator is not None else "",
                self._figure(value.target) if value.target is not None else "",
                value.note,
            ]
        return texts if self.numerator is not None else [*texts[:2], *texts[4:]]

    @property
    def fields(self) -> tuple[forms.BoundField, ...]:
        fraction = (self.numerator, self.denominator) if self.numerator is not None else ()
        return (self.actual, self.estimated, *fraction, self.target, self.note)


@dataclass
class IndicatorInputs:
    """One indicator's inputs on the return: its periods and its commentary."""

    indicator: Indicator
    periods: list[PeriodInputs]
    commentary: list[forms.BoundField]
    saved_commentary: list[tuple[str, str]] = field(default_factory=list)

    @property
    def commentary_open(self) -> bool:
        """Show the commentary unfolded when it has text or an error."""
        return any(field.value() or field.errors for field in self.commentary)


class AgencyReturnForm(forms.Form):
    """An agency's figures and commentary for one reporting quarter, on one page.

    A field per indicator, period and figure (`i12_2011-07_actual`), and per
    indicator and commentary heading (`i12_progress`). Actuals are read as the
    importers read them, so "421 (est)" is an estimate of 421 and "TBC" is missing.
    An indicator entered as a fraction (`Indicator.has_fraction`) also has a
    numerator and a denominator; a blank actual is then worked out from them.
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
        jump_factor: int = 10,
        status_url: str = "",
        reporting_from: Period | None = None,
    ) -> None:
        super().__init__(data)
        self.quarter = quarter
        # The partnership's first quarter of returns (a setting read with the jump
        # factor): the page says when no return is expected for this quarter.
        self.reporting_from = reporting_from
        self.indicators = indicators
        self.values = values
        self.commentary = commentary
        self.jump_factor = jump_factor
        self.status_url = status_url
        self.jumps: set[str] = set()  # prefixes of figures that need confirming
        self.statuses: dict[str, rules.Status] = {}
        # Actuals as typed, once checked (None when blank or wrong), by prefix: only
        # for the figures the data holds (the status preview sends one table's).
        self._typed: dict[str, Decimal | None] = {}
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
        if indicator.has_fraction:
            for part in ("numerator", "denominator"):
                self.fields[f"{prefix}_{part}"] = forms.CharField(
                    label=f"{part.capitalize()} for {where}",
                    required=False,
                    initial=_plain(getattr(value, part)) if value else "",
                    widget=forms.TextInput(
                        attrs={"class": "govuk-input--width-5", "spellcheck": "false"}
                    ),
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
        self.fields[f"{prefix}_confirm"] = forms.BooleanField(
            label=f"The figure is right: {where}", required=False
        )

    def previous_value(self, indicator: Indicator, period: Period) -> IndicatorValue | None:
        return self.values.get((indicator.pk, str(period.previous())))

    def status_of(self, indicator: Indicator, period: Period, prefix: str) -> rules.Status:
        """The status the figures shown would get: those typed, once checked, else
        those saved (against the period's target, by the indicator's tolerance). A
        period left blank to be worked out from its months is judged on the figure
        worked out."""
        if prefix in self.statuses:
            return self.statuses[prefix]
        value = self.values.get((indicator.pk, str(period)))
        if value is None:
            return rules.Status.NOT_ASSESSED
        actual = value.actual
        if actual is None and _from_months(indicator, period):
            actual = self.worked_out(indicator, period)
        return provisional_status(indicator, actual, value.target)

    def _shown_actual(self, indicator: Indicator, period: Period) -> Decimal | None:
        """The period's actual as the return shows it: as typed (once checked), else
        as saved."""
        prefix = f"i{indicator.pk}_{period_key(period)}"
        if prefix in self._typed:
            return self._typed[prefix]
        value = self.values.get((indicator.pk, str(period)))
        return value.actual if value else None

    def worked_out(self, indicator: Indicator, period: Period) -> Decimal | None:
        """The actual of a period made of months, worked out from the months' actuals
        shown as the report works it out (`rules.value_for_period`, by the indicator's
        aggregation); None until every month has a figure."""
        months = {month: self._shown_actual(indicator, month) for month in period.months()}
        return rules.value_for_period(
            period,
            months,
            frequency=rules.Frequency(indicator.frequency),
            aggregation=rules.Aggregation(indicator.aggregation),
        )

    def _worked_out_text(self, indicator: Indicator, period: Period) -> str:
        worked = self.worked_out(indicator, period)
        if worked is None:
            return ""
        return format_number(worked, indicator.decimals, indicator.unit)

    # Layout for the template --------------------------------------------------------

    @property
    def rows(self) -> list[IndicatorInputs]:
        return [
            IndicatorInputs(
                indicator=indicator,
                periods=[
                    self._period_inputs(indicator, period, required, prefix)
                    for period, required, prefix in periods
                ],
                commentary=[self[f"i{indicator.pk}_{name}"] for name in COMMENTARY_FIELDS],
                saved_commentary=[
                    (COMMENTARY_LABELS[name], text)
                    for name in COMMENTARY_FIELDS
                    if (text := getattr(self.commentary.get(indicator.pk), name, ""))
                ],
            )
            for indicator, periods in self._layout
        ]

    def _period_inputs(
        self, indicator: Indicator, period: Period, required: bool, prefix: str
    ) -> PeriodInputs:
        from_months = not required and self._shown_actual(indicator, period) is None
        return PeriodInputs(
            indicator=indicator,
            period=period,
            required=required,
            actual=self[f"{prefix}_actual"],
            estimated=self[f"{prefix}_estimated"],
            target=self[f"{prefix}_target"],
            note=self[f"{prefix}_note"],
            numerator=self[f"{prefix}_numerator"] if indicator.has_fraction else None,
            denominator=self[f"{prefix}_denominator"] if indicator.has_fraction else None,
            value=self.values.get((indicator.pk, str(period))),
            previous=self.previous_value(indicator, period),
            status=self.status_of(indicator, period, prefix),
            confirm=self[f"{prefix}_confirm"] if prefix in self.jumps else None,
            status_url=self.status_url,
            from_months=from_months,
            worked_out=self._worked_out_text(indicator, period) if from_months else "",
        )

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
        typed = f"{prefix}_actual" in self.data
        if typed:
            self._typed[prefix] = None  # until it is checked
        actual_text = data.get(f"{prefix}_actual", "")
        target_text = data.get(f"{prefix}_target", "")
        ticked = bool(data.get(f"{prefix}_estimated"))
        note = data.get(f"{prefix}_note", "")
        actual = target = None
        estimated = False
        try:
            parsed = parsers.parse_actual(actual_text)
            indicator.check_figure(parsed.value)
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
            target = indicator.check_figure(parsers.parse_number(target_text))
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
        saved = self.values.get((indicator.pk, str(period)))
        numerator = saved.numerator if saved else None
        denominator = saved.denominator if saved else None
        if indicator.has_fraction:
            fraction = self._clean_fraction(data, indicator, prefix, where)
            if fraction is None:
                return
            numerator, denominator = fraction
            if actual is None and denominator:
                try:
                    actual = parsers.check_figure(
                        parsers.actual_from_fraction(
                            numerator, denominator, indicator.unit, indicator.multiplier
                        )
                    )
                    indicator.check_figure(actual)
                except ValueError as error:
                    self.add_error(f"{prefix}_denominator", f"{where}, denominator: {error}")
                    return
        if typed:
            self._typed[prefix] = actual
        entry = FigureEntry(
            indicator, period, actual, target, estimated, note, numerator, denominator
        )
        judged = actual
        if actual is None and _from_months(indicator, period):
            judged = self.worked_out(indicator, period)  # its months are checked first
        self.statuses[prefix] = provisional_status(indicator, judged, target)
        if self._changed(entry):
            self._check_jump(data, entry, prefix, where)
            self._figures.append(entry)

    def _check_jump(
        self, data: dict[str, Any], entry: FigureEntry, prefix: str, where: str
    ) -> None:
        """A new actual far from the previous period's is saved only once confirmed."""
        saved = self.values.get((entry.indicator.pk, str(entry.period)))
        if saved is not None and saved.actual == entry.actual:
            return
        previous = self.previous_value(entry.indicator, entry.period)
        before = previous.actual if previous else None
        if not returns.is_big_jump(entry.actual, before, self.jump_factor):
            return
        if data.get(f"{prefix}_confirm"):
            return
        self.jumps.add(prefix)
        label = entry.period.previous().label
        self.add_error(
            f"{prefix}_actual",
            f"{where}, actual: {returns.jump_message(entry.actual, before, label)}",
        )

    def _clean_fraction(
        self, data: dict[str, Any], indicator: Indicator, prefix: str, where: str
    ) -> tuple[Decimal | None, Decimal | None] | None:
        """The numerator and denominator, checked as the importer checks them; None
        (with the errors added) when either is wrong."""
        parts: dict[str, Decimal | None] = {}
        for part in ("numerator", "denominator"):
            try:
                parts[part] = parsers.parse_number(data.get(f"{prefix}_{part}", ""))
            except ValueError as error:
                self.add_error(f"{prefix}_{part}", f"{where}, {part}: {error}")
        if len(parts) < 2:
            return None
        numerator, denominator = parts["numerator"], parts["denominator"]
        if (numerator is None) != (denominator is None):
            missing = "numerator" if numerator is None else "denominator"
            self.add_error(
                f"{prefix}_{missing}",
                f"{where}, {missing}: give both the numerator and the denominator, or neither",
            )
            return None
        if denominator == 0:
            self.add_error(
                f"{prefix}_denominator", f"{where}, denominator: the denominator cannot be 0"
            )
            return None
        return numerator, denominator

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
        saved = (value.actual, value.target, value.estimated, value.note)
        saved += (value.numerator, value.denominator)
        return saved != (
            entry.actual,
            entry.target,
            entry.estimated,
            entry.note,
            entry.numerator,
            entry.denominator,
        )

    @property
    def figures(self) -> list[FigureEntry]:
        """The figures that differ from those saved (after `is_valid()`)."""
        return self._figures

    @property
    def commentary_entries(self) -> list[CommentaryEntry]:
        """The commentary that differs from that saved (after `is_valid()`)."""
        return self._commentary

    def carries_figures(self) -> bool:
        """Whether the data holds this return's inputs: the Submit buttons send them
        along (htmx's `hx-include`), so typing not yet saved is noticed, not lost."""
        return self.is_bound and any(
            name in self.data for name in self.fields if name.endswith("_actual")
        )

    def unsaved(self) -> bool:
        """Whether the figures or commentary it carries differ from those saved (or
        cannot be saved as typed): submitting now would leave them behind."""
        if not self.carries_figures():
            return False
        return not self.is_valid() or bool(self._figures or self._commentary)


class ValuesUploadForm(forms.Form):
    """A CSV or XLSX file of figures for one agency's return."""

    file = SpreadsheetField(
        label="Upload a CSV or Excel file of figures",
        help_text=(
            "Columns: code, period, actual, target, estimated, note. "
            "Only your organisation's indicators, for periods in this quarter."
        ),
    )


@dataclass
class MissingInputs:
    """The reason inputs for one missing figure."""

    indicator: Indicator
    period: Period
    reason: forms.BoundField
    explanation: forms.BoundField

    @property
    def fields(self) -> tuple[forms.BoundField, forms.BoundField]:
        return (self.reason, self.explanation)

    @property
    def actual_id(self) -> str:
        """The id of the figure's actual input in the return's table, to link to it."""
        return f"id_i{self.indicator.pk}_{period_key(self.period)}_actual"


class MissingReasonsForm(forms.Form):
    """Submitting a return with missing figures: a reason for each, and an explicit
    confirmation. "Reason for every figure left blank" fills any reason not chosen."""

    confirm = forms.BooleanField(
        label="I confirm these figures are missing and want to submit the return without them",
        error_messages={"required": "Confirm that you want to submit without these figures"},
    )
    every = forms.ChoiceField(
        label="Reason for every missing figure without its own reason",
        choices=[("", "Choose a reason"), *MissingReason.choices],
        required=False,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        missing: list[tuple[Indicator, Period]],
        prefix: str = "missing",
        previous: dict[tuple[int, str], MissingFigure] | None = None,
    ) -> None:
        """`previous`: the reasons the return gave when last submitted, keyed
        (indicator id, period), offered again when it is submitted again (after it
        was returned or withdrawn) for the figures still missing."""
        super().__init__(data, prefix=prefix)
        self.missing = missing
        previous = previous or {}
        for indicator, period in missing:
            key = f"i{indicator.pk}_{period_key(period)}"
            where = f"{indicator.code}, {period.label}"
            given = previous.get((indicator.pk, str(period)))
            self.fields[f"{key}_reason"] = forms.ChoiceField(
                label=f"Why is {where} missing?",
                choices=[("", "Choose a reason"), *MissingReason.choices],
                required=False,
                initial=given.reason if given else "",
            )
            self.fields[f"{key}_explanation"] = forms.CharField(
                label=f"If other, say why ({where})",
                required=False,
                max_length=500,
                initial=given.explanation if given else "",
            )

    @property
    def rows(self) -> list[MissingInputs]:
        rows = []
        for indicator, period in self.missing:
            key = f"i{indicator.pk}_{period_key(period)}"
            rows.append(
                MissingInputs(indicator, period, self[f"{key}_reason"], self[f"{key}_explanation"])
            )
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        every = data.get("every", "")
        self.reasons: dict[tuple[int, str], MissingReasonEntry] = {}
        for indicator, period in self.missing:
            key = f"i{indicator.pk}_{period_key(period)}"
            where = f"{indicator.code}, {period.label}"
            reason = data.get(f"{key}_reason") or every
            explanation = data.get(f"{key}_explanation", "").strip()
            if not reason:
                self.add_error(f"{key}_reason", f"{where}: choose why the figure is missing")
                continue
            if reason == MissingReason.OTHER and not explanation:
                self.add_error(f"{key}_explanation", f"{where}: say why the figure is missing")
                continue
            self.reasons[(indicator.pk, str(period))] = MissingReasonEntry(reason, explanation)
        return data


class ReasonForm(forms.Form):
    """Why figures are being returned, or re-opened for a correction."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, label: str, required_message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message


class DatalistInput(forms.TextInput):
    """A text input offering common values (an HTML datalist); any text is accepted."""

    template_name = "performance/widgets/datalist.html"

    def __init__(self, options: list[str], list_id: str, attrs: dict | None = None) -> None:
        super().__init__({**(attrs or {}), "list": list_id})
        self.options = options

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = self.options
        return context


class _InCodeOrder(forms.models.ModelChoiceIterator):
    """A chooser's indicators by code as people read it (`rules.in_code_order`),
    sorted in memory after its one query: a partnership has hundreds."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for indicator in rules.in_code_order(self.queryset):
            yield self.choice(indicator)


class _ByTheme(forms.models.ModelChoiceIterator):
    """A chooser's indicators in groups by theme (themes A to Z, indicators with none
    last as "Other indicators"), each group by code (`rules.in_code_order`): grouped
    choices for `core.forms.GroupedCheckboxes`. One query, as `_InCodeOrder`."""

    def __iter__(self) -> Any:
        groups: dict[str, list[Any]] = {}
        for indicator in rules.in_code_order(self.queryset):
            groups.setdefault(indicator.theme.strip(), []).append(self.choice(indicator))
        for theme in sorted(groups, key=lambda name: (not name, name.casefold())):
            yield (theme or OTHER_INDICATORS, groups[theme])


#: The group of the indicators with no theme, in a chooser grouped by theme.
OTHER_INDICATORS = "Other indicators"


def choose_indicators(
    field: forms.ModelChoiceField, indicators: QuerySet[Indicator], *, by_theme: bool = False
) -> None:
    """Offer `indicators` in `field` (a single or multiple chooser) by code as people
    read it ("NI 45" before "NI 195 d"), or with `by_theme` in groups by theme (for
    `core.forms.GroupedCheckboxes`); what the field accepts is `indicators`, whatever
    their order."""
    field.iterator = _ByTheme if by_theme else _InCodeOrder
    field.queryset = indicators  # after the iterator: this hands the widget its choices


class IndicatorForm(forms.ModelForm):
    """An indicator's definition, for the partnership's administrators."""

    tolerance_text = forms.CharField(
        required=False,
        label="Tolerance",
        help_text=(
            "A percentage of the target, like 5%, or an amount in the indicator's unit, like 2"
        ),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "theme",
            "unit",
            "multiplier",
            "polarity",
            "frequency",
            "aggregation",
            "cumulative",
            "has_fraction",
            "decimals",
            "valid_min",
            "valid_max",
            "lead_agency",
            "responsible_officer",
            "data_source",
            "highlight",
            "is_public",
            "lifecycle",
            "retired_on",
            "status_policy",
            "judge_against",
        ]
        labels = {
            "polarity": "Better when",
            "aggregation": "A longer period's figure is",
            "is_public": "Show on public pages and reports",
            "highlight": "Highlight indicator",
            "has_fraction": "Partners enter a numerator and a denominator",
            "status_policy": "Amber when (leave blank for the partnership's rule)",
            "judge_against": "Judge status against (leave blank for the partnership's rule)",
        }
        field_classes = {"retired_on": GovukDateField}
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "unit": DatalistInput(list(parsers.COMMON_UNITS), "common-units"),
        }

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["unit"].help_text = (
            "Any unit; common ones are offered as you type: number, %, per 100,000, per 1,000, "
            "rate per 10,000"
        )
        for name in ("valid_min", "valid_max"):
            self.fields[name].error_messages["invalid"] = "Enter a number, like 0 or 100"
        self.fields["multiplier"].required = False  # blank: the one the unit implies
        self.fields["lead_agency"].queryset = partnership.organisations.all()
        self.fields["responsible_officer"].queryset = partnership.people.all()
        if self.instance.tolerance is not None:
            self.fields["tolerance_text"].initial = str(
                rules.Tolerance(
                    self.instance.tolerance, rules.ToleranceKind(self.instance.tolerance_kind)
                )
            )
        for name in ("unit", "polarity", "frequency", "aggregation"):
            self.fields[name].error_messages["required"] = (
                f"Select the {self.fields[name].label.lower()}"
            )
        # Its label is "Better when": "Select the better when" read as a typo.
        self.fields["polarity"].error_messages["required"] = (
            "Select whether higher or lower is better, or no judgement"
        )
        self.fields["code"].error_messages["required"] = "Enter the indicator's code, like NI 155"
        self.fields["name"].error_messages["required"] = "Enter the indicator's name"

    def clean_tolerance_text(self) -> rules.Tolerance | None:
        try:
            return parsers.parse_tolerance(self.cleaned_data["tolerance_text"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        aggregation, cumulative = data.get("aggregation"), data.get("cumulative")
        if aggregation:
            try:
                rules.check_aggregation(rules.Aggregation(aggregation), bool(cumulative))
            except ValueError as error:
                self.add_error("aggregation", str(error))
        if data.get("unit"):
            try:
                data["unit"] = self.instance.unit = parsers.parse_unit(data["unit"])
            except ValueError as error:
                self.add_error("unit", str(error))
            else:
                implied = parsers.unit_multiplier(data["unit"])
                if data.get("multiplier") in (None, "", 1) and implied > 1:
                    data["multiplier"] = self.instance.multiplier = implied
        if data.get("multiplier") in (None, ""):
            data["multiplier"] = self.instance.multiplier = 1
        try:
            parsers.check_valid_range(
                parsers.ValidRange(data.get("valid_min"), data.get("valid_max"))
            )
        except ValueError as error:
            self.add_error("valid_max", str(error))
        tolerance = data.get("tolerance_text")
        self.instance.tolerance = tolerance.amount if tolerance else None
        self.instance.tolerance_kind = tolerance.kind.value if tolerance else "percent"
        return data


class DataIssueForm(forms.ModelForm):
    """A data issue and the board's decision, for the partnership's administrators."""

    class Meta:
        model = DataIssue
        fields = [
            "indicator",
            "issue",
            "kind",
            "recommended_decision",
            "board_decision",
            "status",
            "raised_on",
            "decided_on",
        ]
        labels = {"issue": "What the issue is", "indicator": "Indicator (if it is about one)"}
        field_classes = {"raised_on": GovukDateField, "decided_on": GovukDateField}
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("issue", "recommended_decision", "board_decision")
        }

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        # The report's indicators (the data issues log is part of the report), not those
        # kept for the Local Information System only; an issue's own indicator stays.
        choose_indicators(
            self.fields["indicator"],
            partnership.indicators.filter(Q(in_report=True) | Q(pk=self.instance.indicator_id)),
        )
        self.fields["issue"].error_messages["required"] = "Enter what the issue is"
        self.fields["kind"].error_messages["required"] = "Select the kind of issue"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        raised, decided = data.get("raised_on"), data.get("decided_on")
        if raised and decided and decided < raised:
            self.add_error(
                "decided_on", "The decision date must be the same as or after the date raised"
            )
        return data


class PerformanceSettingsForm(forms.ModelForm):
    """How the partnership judges status, and who signs off figures."""

    # Any length as typed ("2026/2027 quarter 3"); kept the standard way, "2026/27 Q3".
    reporting_from = forms.CharField(
        label="Reporting from",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )

    class Meta:
        model = PerformanceSettings
        fields = [
            "status_policy",
            "judge_against",
            "performance_leads",
            "return_deadline_days",
            "jump_factor",
            "reporting_from",
        ]
        labels = {
            "return_deadline_days": "Returns are due this many working days after a quarter ends",
            "jump_factor": (
                "Ask to confirm a figure this many times bigger or smaller than the last"
            ),
            "status_policy": "An indicator that misses its target is amber when",
            "judge_against": "Judge status against",
            "performance_leads": "Performance leads",
        }
        help_texts = {
            "performance_leads": (
                "Besides the partnership's administrators, who may approve, return and "
                "re-open agencies' figures."
            )
        }
        widgets = {
            "status_policy": forms.RadioSelect,
            "judge_against": forms.RadioSelect,
            "performance_leads": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        example = example_periods(timezone.localdate()).quarter
        self.fields["reporting_from"].help_text = (
            f"The first quarter agencies make returns for, for example {example}. Returns "
            "for earlier quarters are not expected: they are never due or overdue, and "
            "figures entered for them stay as they are. Leave empty to expect a return "
            "for every quarter."
        )
        self.fields["performance_leads"].queryset = User.objects.filter(
            partnership_id=self.instance.partnership_id, is_active=True
        ).order_by("last_name", "username")
        for name in ("return_deadline_days", "jump_factor"):
            self.fields[name].required = False  # blank keeps the value as it is

    def clean_return_deadline_days(self) -> int:
        value = self.cleaned_data.get("return_deadline_days")
        return self.instance.return_deadline_days if value is None else value

    def clean_jump_factor(self) -> int:
        value = self.cleaned_data.get("jump_factor")
        return self.instance.jump_factor if value is None else value

    def clean_reporting_from(self) -> str:
        """A quarter, kept the standard way ("2026/27 Q3"); empty for none."""
        try:
            quarter = returns.parse_reporting_from(
                self.cleaned_data.get("reporting_from", ""), timezone.localdate()
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return "" if quarter is None else str(quarter)


IMPORT_KINDS = [
    ("indicators", "Indicators"),
    ("values", "Figures (actuals and targets per period)"),
    ("issues", "Data issues"),
]


class PerformanceImportForm(forms.Form):
    """Upload a file of indicators, figures or data issues (the command-line imports)."""

    kind = forms.ChoiceField(
        choices=IMPORT_KINDS,
        initial="indicators",
        widget=forms.RadioSelect,
        label="What the file holds",
        error_messages={"required": "Select what the file holds"},
    )
    file = SpreadsheetField(
        label="CSV or Excel file",
        help_text="The first row must hold the column names; download a template below.",
    )


class MeasuresForm(forms.Form):
    """Choose the indicators that measure a strategy priority or objective, grouped by
    theme (`choose_indicators`), among the partnership's indicators."""

    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        label="Indicators",
        help_text="By theme: open a theme to choose its indicators. Choose none to show "
        "the indicators of the priority's theme instead.",
        error_messages={
            "invalid_choice": "Choose indicators from the list: %(value)s is not one of "
            "the partnership's indicators"
        },
    )

    def __init__(self, *args: Any, partnership_id: int, objective: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choose_indicators(
            self.fields["indicators"],
            Indicator.objects.filter(partnership_id=partnership_id),
            by_theme=True,
        )
        if objective:
            self.fields["indicators"].help_text = "By theme: open a theme to choose its indicators"
