"""Performance rules: plain functions, no database.

Per indicator and report period the partnership reports a **status** (RAG), a
**direction of travel**, the **year to date**, a **pro-rata target to date** and a
**year-end forecast**. `docs/performance.md` explains each rule with worked examples
from the Ealing LSP 2011/12 Quarter 2 report.

Figures are `Decimal`; a missing figure ("to be confirmed", "N/A", blank) is `None`,
never zero. Percentages are kept in percentage points ("98.69%" is `Decimal("98.69")`).
Arguments typed as one of the enums below also accept its stored value ("higher",
"sum", "monthly"), or a model choice with the same value, so callers can pass a model
field as it is.
Parsers of what people type are in `parsers.py`; the rules of agencies' returns
(deadlines, progress) in `returns.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from operator import attrgetter
from typing import TypeVar

from roundtable.core.words import listed
from roundtable.performance.periods import (
    Frequency,
    Period,
    PeriodKind,
    frequency_fits,
)

__all__ = [
    "Aggregation",
    "AmberRule",
    "Direction",
    "Frequency",
    "JudgeAgainst",
    "Polarity",
    "Status",
    "StatusPolicy",
    "Tolerance",
    "ToleranceKind",
    "aggregate",
    "check_aggregation",
    "check_tolerance",
    "code_order",
    "comparison_period",
    "describe_policy",
    "direction",
    "direction_of_travel",
    "figure_order",
    "figures_to_judge",
    "forecast_method",
    "improving_on_last_year",
    "in_code_order",
    "on_track",
    "pro_rata_target_to_date",
    "quantize",
    "status",
    "value_for_period",
    "year_end_forecast",
    "year_to_date",
]

ZERO = Decimal(0)
TWELVE = Decimal(12)
HUNDRED = Decimal(100)


# Indicator codes ---------------------------------------------------------------------

_NUMBERS = re.compile(r"(\d+)")


def code_order(code: str) -> tuple[str | int, ...]:
    """Sort key reading an indicator code as people do: its letters as letters (any
    case, spaces ignored) and its numbers as numbers: "Local 2" before "Local 10",
    "NI 45" before "NI 195", "NI 195" before "NI 195 a" before "NI 195 d".

    The parts alternate text, number, text…, so keys always compare like with like.
    Codes differing only in case or spaces share a key; add the code itself to
    break such a tie.
    """
    parts = _NUMBERS.split(code.strip())
    return tuple(
        int(part) if index % 2 else part.replace(" ", "").casefold()
        for index, part in enumerate(parts)
    )


T = TypeVar("T")


def in_code_order(
    rows: Iterable[T],
    code: Callable[[T], str] = attrgetter("code"),
    group: Callable[[T], object] | None = None,
) -> list[T]:
    """`rows` (indicators, or anything with an indicator code) by code as people read
    it (`code_order`, then the code itself to break a tie of case or spaces).

    With `group` (an indicator's theme, say) rows keep their groups, in the order
    each group first comes in `rows`: a query ordered by theme keeps its order of
    themes, and only the codes within each theme are put in order.

    Sorts in memory, so it is for lists of indicators (a partnership has hundreds),
    read whole; a paginated list must be sorted before it is sliced."""
    rows = list(rows)
    if group is None:
        return sorted(rows, key=lambda row: (code_order(code(row)), code(row)))
    first: dict[object, int] = {}
    for row in rows:
        first.setdefault(group(row), len(first))
    return sorted(rows, key=lambda row: (first[group(row)], code_order(code(row)), code(row)))


def figure_order(code: str, period: Period) -> tuple[object, ...]:
    """Sort key for a list of figures, missing figures say: by indicator code as
    people read it (`code_order`), then by period (a quarter's months before it)."""
    return (code_order(code), code, period)


# Choices -----------------------------------------------------------------------------


class Polarity(StrEnum):
    """Which way is better."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"
    NO_JUDGEMENT = "none"

    @property
    def label(self) -> str:
        return _POLARITY_LABEL[self]


_POLARITY_LABEL = {
    Polarity.HIGHER_IS_BETTER: "Higher is better",
    Polarity.LOWER_IS_BETTER: "Lower is better",
    Polarity.NO_JUDGEMENT: "No judgement",
}


class Aggregation(StrEnum):
    """How a longer period's value is derived from the indicator's shorter ones."""

    SUM = "sum"
    LATEST = "latest"
    MEAN = "mean"

    @property
    def label(self) -> str:
        return _AGGREGATION_LABEL[self]


_AGGREGATION_LABEL = {
    Aggregation.SUM: "Sum (counts)",
    Aggregation.LATEST: "Latest (snapshots and year-to-date figures)",
    Aggregation.MEAN: "Mean (averages)",
}


class Status(StrEnum):
    """RAG status of one indicator in one period."""

    ON_TARGET = "on_target"
    WITHIN_TOLERANCE = "within_tolerance"
    BELOW_TARGET = "below_target"
    NOT_ASSESSED = "not_assessed"

    @property
    def label(self) -> str:
        """As the Ealing report key words it."""
        return _STATUS_LABEL[self]

    @property
    def colour(self) -> str:
        """The RAG colour word: green, amber, red or grey."""
        return _STATUS_COLOUR[self]


_STATUS_LABEL = {
    Status.ON_TARGET: "Performance on/above target",
    Status.WITHIN_TOLERANCE: "Performance within tolerance",
    Status.BELOW_TARGET: "Performance below target",
    Status.NOT_ASSESSED: "Data not available or Performance not Assessed",
}
_STATUS_COLOUR = {
    Status.ON_TARGET: "green",
    Status.WITHIN_TOLERANCE: "amber",
    Status.BELOW_TARGET: "red",
    Status.NOT_ASSESSED: "grey",
}


class Direction(StrEnum):
    """Direction of travel."""

    IMPROVING = "improving"
    DECLINING = "declining"
    NO_CHANGE = "no_change"
    NOT_COMPARABLE = "not_comparable"

    @property
    def arrow(self) -> str:
        """↑, ↓, → or "N/A", as the Ealing report prints them."""
        return _DIRECTION_ARROW[self]

    @property
    def label(self) -> str:
        return _DIRECTION_LABEL[self]


_DIRECTION_ARROW = {
    Direction.IMPROVING: "↑",
    Direction.DECLINING: "↓",
    Direction.NO_CHANGE: "→",
    Direction.NOT_COMPARABLE: "N/A",
}
_DIRECTION_LABEL = {
    Direction.IMPROVING: "Performance improving",
    Direction.DECLINING: "Performance declining",
    Direction.NO_CHANGE: "No change",
    Direction.NOT_COMPARABLE: "No comparison possible or data unavailable",
}


# Tolerance ---------------------------------------------------------------------------


class ToleranceKind(StrEnum):
    ABSOLUTE = "absolute"
    PERCENT = "percent"


@dataclass(frozen=True)
class Tolerance:
    """How far worse than target still counts as "within tolerance".

    Either an absolute amount in the indicator's unit (`Tolerance.absolute("2")`) or a
    percentage of the target (`Tolerance.percent("5")`). `str()` gives "5%" or "2".
    """

    amount: Decimal
    kind: ToleranceKind = ToleranceKind.ABSOLUTE

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", Decimal(self.amount))
        object.__setattr__(self, "kind", ToleranceKind(self.kind))
        if not self.amount.is_finite() or self.amount < 0:
            raise ValueError(
                f"A tolerance must be 0 or more, not {self.amount}; enter 0 or more, like 5%"
            )

    @classmethod
    def absolute(cls, amount: Decimal | int | str) -> Tolerance:
        return cls(Decimal(amount), ToleranceKind.ABSOLUTE)

    @classmethod
    def percent(cls, amount: Decimal | int | str) -> Tolerance:
        return cls(Decimal(amount), ToleranceKind.PERCENT)

    def __str__(self) -> str:
        amount = plain_decimal(self.amount)
        return f"{amount}%" if self.kind is ToleranceKind.PERCENT else amount

    @property
    def description(self) -> str:
        """Words for a page: "5% of the target", "2 in the indicator's unit"."""
        if self.kind is ToleranceKind.PERCENT:
            return f"{plain_decimal(self.amount)}% of the target"
        return f"{plain_decimal(self.amount)} in the indicator's unit"

    def allowance(self, target: Decimal) -> Decimal:
        """The tolerance in the indicator's unit for `target`.

        A percentage tolerance is a percentage of the target's size (so it also works for
        negative targets). Raises `ValueError` for a percentage of a zero target: see
        `check_tolerance`.
        """
        check_tolerance(self, target)
        if self.kind is ToleranceKind.ABSOLUTE:
            return self.amount
        return abs(target) * self.amount / 100


def plain_decimal(number: Decimal) -> str:
    """Format without trailing zeros or an exponent: 5, not 5.00 or 5E+1."""
    return format(number.normalize(), "f")


def check_tolerance(tolerance: Tolerance | None, target: Decimal | None) -> None:
    """Raise `ValueError` if `tolerance` cannot be applied to `target`.

    A percentage of a zero target is always zero, which is never what was meant.
    Importers and forms call this for every indicator-period with a target.
    """
    if tolerance is None or target is None:
        return
    if tolerance.kind is ToleranceKind.PERCENT and target == 0 and tolerance.amount != 0:
        raise ValueError(
            f"A tolerance of {tolerance} cannot apply to a target of 0, because a "
            "percentage of 0 is 0; give the tolerance as a number in the indicator's unit "
            "instead, like 1"
        )


# Status policy -----------------------------------------------------------------------


class AmberRule(StrEnum):
    """When an indicator that misses its target is amber rather than red."""

    TOLERANCE_BAND = "tolerance_band"
    IMPROVING_ON_LAST_YEAR = "amber_if_improving"
    FORECAST_MEETS_YEAR_END = "amber_if_forecast"

    @property
    def label(self) -> str:
        return _AMBER_LABEL[self]


_AMBER_LABEL = {
    AmberRule.TOLERANCE_BAND: "Within the indicator's tolerance of the target",
    AmberRule.IMPROVING_ON_LAST_YEAR: "Improving on the same period last year",
    AmberRule.FORECAST_MEETS_YEAR_END: "Year-end forecast meets the year-end target",
}


class JudgeAgainst(StrEnum):
    """Which target status is judged against."""

    PERIOD_TARGET = "period"
    YEAR_END_TARGET = "year_end"

    @property
    def label(self) -> str:
        return _AGAINST_LABEL[self]


_AGAINST_LABEL = {
    JudgeAgainst.PERIOD_TARGET: "The period's target",
    JudgeAgainst.YEAR_END_TARGET: "The year-end target",
}


@dataclass(frozen=True)
class StatusPolicy:
    """How a partnership (or one indicator) judges status.

    The default is Ealing's: the period's actual against the period's target, amber
    within the tolerance band.
    """

    amber: AmberRule = AmberRule.TOLERANCE_BAND
    against: JudgeAgainst = JudgeAgainst.PERIOD_TARGET

    def __post_init__(self) -> None:
        object.__setattr__(self, "amber", AmberRule(self.amber))
        object.__setattr__(self, "against", JudgeAgainst(self.against))


DEFAULT_POLICY = StatusPolicy()


def describe_policy(policy: StatusPolicy = DEFAULT_POLICY) -> str:
    """The sentences the report's key prints to say how status was judged."""
    if policy.against is JudgeAgainst.YEAR_END_TARGET:
        measured = (
            "Status compares the year-end forecast with the year-end target. "
            "Green: the forecast meets or beats the year-end target."
        )
    else:
        measured = (
            "Status compares each period's figure with the target for that period. "
            "Green: on or better than the target."
        )
    amber = {
        AmberRule.TOLERANCE_BAND: (
            "Amber: worse than the target by no more than the indicator's tolerance."
        ),
        AmberRule.IMPROVING_ON_LAST_YEAR: (
            "Amber: worse than the target but better than the same period last year."
        ),
        AmberRule.FORECAST_MEETS_YEAR_END: (
            "Amber: worse than the target but forecast to meet the year-end target."
        ),
    }[policy.amber]
    return (
        f"{measured} {amber} Red: worse than that. "
        "Grey: no figure, no target, or an indicator where neither direction is better."
    )


def figures_to_judge(
    policy: StatusPolicy,
    *,
    period_actual: Decimal | None,
    period_target: Decimal | None,
    year_end_forecast: Decimal | None,
    year_end_target: Decimal | None,
) -> tuple[Decimal | None, Decimal | None]:
    """The (actual, target) pair that `status` judges under `policy`.

    Against the period target: the period's actual and target. Against the year-end
    target: the year-end forecast and the year-end target.
    """
    if policy.against is JudgeAgainst.YEAR_END_TARGET:
        return year_end_forecast, year_end_target
    return period_actual, period_target


def _shortfall(actual: Decimal, target: Decimal, polarity: Polarity) -> Decimal:
    """How much worse than target `actual` is (zero or less when on target)."""
    if polarity is Polarity.HIGHER_IS_BETTER:
        return target - actual
    return actual - target


def status(
    actual: Decimal | None,
    target: Decimal | None,
    polarity: Polarity,
    tolerance: Tolerance | None,
    policy: StatusPolicy = DEFAULT_POLICY,
    improving_on_last_year: bool | None = None,
    forecast_meets_year_end: bool | None = None,
) -> Status:
    """RAG status of `actual` against `target`.

    - not assessed: no actual, no target, or no-judgement polarity;
    - on target: meets or beats the target in the indicator's polarity;
    - otherwise amber or red by `policy.amber`:
      - tolerance band: amber when worse by no more than `tolerance` (none: zero);
      - improving on last year: amber when `improving_on_last_year` is True;
      - forecast meets year end: amber when `forecast_meets_year_end` is True;
      unknown (None) counts as not met, so the indicator is red.

    Pass the figures `figures_to_judge` picks for the policy. A percentage tolerance of
    a zero target (which `check_tolerance` rejects at import) gives no band at all, so
    anything worse than the target is below target; this never raises.
    """
    polarity = Polarity(polarity)
    if actual is None or target is None or polarity is Polarity.NO_JUDGEMENT:
        return Status.NOT_ASSESSED
    shortfall = _shortfall(actual, target, polarity)
    if shortfall <= 0:
        return Status.ON_TARGET
    if policy.amber is AmberRule.IMPROVING_ON_LAST_YEAR:
        amber = improving_on_last_year is True
    elif policy.amber is AmberRule.FORECAST_MEETS_YEAR_END:
        amber = forecast_meets_year_end is True
    else:
        amber = shortfall <= _allowance(tolerance, target)
    return Status.WITHIN_TOLERANCE if amber else Status.BELOW_TARGET


def _allowance(tolerance: Tolerance | None, target: Decimal) -> Decimal:
    if tolerance is None:
        return ZERO
    if tolerance.kind is ToleranceKind.PERCENT and target == 0:
        return ZERO
    return tolerance.allowance(target)


# Direction of travel -----------------------------------------------------------------


def direction(
    current: Decimal | None,
    previous: Decimal | None,
    polarity: Polarity,
    tolerance_for_no_change: Decimal = ZERO,
) -> Direction:
    """Compare `current` with `previous`; `polarity` says which way is better.

    Not comparable when either value is missing. No change when they differ by no more
    than `tolerance_for_no_change`. For a no-judgement indicator any other change is
    not comparable (it is neither better nor worse).
    """
    polarity = Polarity(polarity)
    if current is None or previous is None:
        return Direction.NOT_COMPARABLE
    change = current - previous
    if abs(change) <= tolerance_for_no_change:
        return Direction.NO_CHANGE
    if polarity is Polarity.NO_JUDGEMENT:
        return Direction.NOT_COMPARABLE
    improved = change > 0 if polarity is Polarity.HIGHER_IS_BETTER else change < 0
    return Direction.IMPROVING if improved else Direction.DECLINING


def improving_on_last_year(
    current: Decimal | None, same_period_last_year: Decimal | None, polarity: Polarity
) -> bool | None:
    """Whether `current` is better than the same period last year (for the
    "amber if improving" policy); None when either figure is missing."""
    if current is None or same_period_last_year is None:
        return None
    return direction(current, same_period_last_year, polarity) is Direction.IMPROVING


def comparison_period(period: Period, *, cumulative: bool) -> Period:
    """The period whose value `period`'s value is compared with for direction of travel.

    The previous period of the same length (Q2 → Q1, 2011-07 → 2011-06, 2011/12 →
    2010/11), or for a cumulative indicator, whose figures grow through the year, the
    same period last year (2011/12 Q2 → 2010/11 Q2).
    """
    return period.same_period_last_year() if cumulative else period.previous()


def direction_of_travel(
    period: Period,
    values: Mapping[Period, Decimal | None],
    polarity: Polarity,
    *,
    cumulative: bool,
    frequency: Frequency | None = None,
    aggregation: Aggregation = Aggregation.LATEST,
    tolerance_for_no_change: Decimal = ZERO,
) -> Direction:
    """Direction of travel for `period`, looking both values up in `values`.

    With `frequency`, a value not entered for a period is derived from the shorter
    periods by `aggregation` (see `value_for_period`); without it only entered values
    count. Missing either value: not comparable.
    """
    other = comparison_period(period, cumulative=cumulative)
    if frequency is None:
        return direction(values.get(period), values.get(other), polarity, tolerance_for_no_change)
    return direction(
        value_for_period(period, values, frequency=frequency, aggregation=aggregation),
        value_for_period(other, values, frequency=frequency, aggregation=aggregation),
        polarity,
        tolerance_for_no_change,
    )


# Deriving longer periods -------------------------------------------------------------


def aggregate(values: Iterable[Decimal | None], aggregation: Aggregation) -> Decimal | None:
    """Combine shorter periods' values (oldest first) into the longer period's value.

    Sum for counts, the latest for snapshots and year-to-date figures, the mean for
    averages. Missing (None) if there are no values or any value is missing: a value
    "to be confirmed" is never treated as zero, and a quarter with a month missing has
    no derived value.
    """
    aggregation = Aggregation(aggregation)
    items = list(values)
    if not items or any(v is None for v in items):
        return None
    numbers: list[Decimal] = [v for v in items if v is not None]
    if aggregation is Aggregation.SUM:
        return sum(numbers, ZERO)
    if aggregation is Aggregation.MEAN:
        return sum(numbers, ZERO) / len(numbers)
    return numbers[-1]


def value_for_period(
    period: Period,
    values: Mapping[Period, Decimal | None],
    *,
    frequency: Frequency,
    aggregation: Aggregation,
) -> Decimal | None:
    """The value for `period`: the entered value if there is one, otherwise derived by
    `aggregation` from the shorter periods within it.

    The shorter periods are tried longest first (for a year: quarters, then tranches,
    then months), each entered or itself derived, down to the indicator's `frequency`;
    the first complete set is used. So a year is the sum of four entered quarters even
    when their months were never entered. Missing if no complete set exists, or if
    `period` is shorter than the frequency or not made of whole periods of it (see
    `frequency_fits`).
    """
    frequency = Frequency(frequency)
    aggregation = Aggregation(aggregation)
    entered = values.get(period)
    if entered is not None:
        return entered
    if not frequency_fits(frequency, period) or period.kind is frequency.kind:
        return None
    for kind in _SHORTER_KINDS:
        if kind.length >= period.length:
            continue
        parts = period.periods_of_frequency_within(kind)
        if not parts or not frequency_fits(frequency, parts[0]):
            continue
        derived = aggregate(
            (
                value_for_period(part, values, frequency=frequency, aggregation=aggregation)
                for part in parts
            ),
            aggregation,
        )
        if derived is not None:
            return derived
    return None


_SHORTER_KINDS = (PeriodKind.QUARTER, PeriodKind.TRANCHE, PeriodKind.MONTH)


def year_to_date(
    period: Period,
    values: Mapping[Period, Decimal | None],
    *,
    frequency: Frequency,
    aggregation: Aggregation,
) -> Decimal | None:
    """The year to date at the end of `period`, by the indicator's derivation rule.

    The financial year so far is split into periods of `period`'s own kind (for Q2:
    Q1 and Q2), each taken from `values` or derived (`value_for_period`), then
    combined by `aggregation`: the sum for counts, the latest for snapshots and
    cumulative figures, the mean for averages. Missing if any part is missing.
    Raises `ValueError` if `frequency` does not fit `period`.
    """
    frequency = Frequency(frequency)
    aggregation = Aggregation(aggregation)
    if not frequency_fits(frequency, period):
        raise ValueError(
            f"A {frequency.label.lower()} indicator has no value for {period}; "
            f"report it for a period made of whole {frequency.kind}s"
        )
    if aggregation is Aggregation.LATEST:
        return value_for_period(period, values, frequency=frequency, aggregation=aggregation)
    parts = period.period_to_date()
    return aggregate(
        (value_for_period(p, values, frequency=frequency, aggregation=aggregation) for p in parts),
        aggregation,
    )


def _accumulates(aggregation: Aggregation, cumulative: bool) -> bool:
    return cumulative or aggregation is Aggregation.SUM


def check_aggregation(aggregation: Aggregation, cumulative: bool) -> None:
    """Raise `ValueError` for a cumulative indicator derived by sum or mean."""
    aggregation = Aggregation(aggregation)
    if cumulative and aggregation is not Aggregation.LATEST:
        raise ValueError(
            "A cumulative indicator's figures already include the year so far, so a longer "
            f"period takes the latest figure; set aggregation to latest, not {aggregation}"
        )


def pro_rata_target_to_date(
    period: Period,
    year_end_target: Decimal | None,
    *,
    aggregation: Aggregation,
    cumulative: bool = False,
) -> Decimal | None:
    """The share of the year-end target due by the end of `period`.

    For counts (sum) and cumulative figures: year-end target × months elapsed ÷ 12
    (Q2: half). For snapshots and averages the year-end target applies throughout, so
    the target to date is the year-end target itself. Unrounded; see `quantize`.
    """
    aggregation = Aggregation(aggregation)
    if year_end_target is None:
        return None
    if not _accumulates(aggregation, cumulative):
        return year_end_target
    return year_end_target * period.months_elapsed / TWELVE


def forecast_method(aggregation: Aggregation, cumulative: bool = False) -> str:
    """The sentence the report prints to say how the year-end forecast was made."""
    aggregation = Aggregation(aggregation)
    if _accumulates(aggregation, cumulative):
        return "Straight-line: year to date ÷ months elapsed × 12."
    if aggregation is Aggregation.MEAN:
        return "Average so far: the mean of the periods to date is taken as the year's."
    return "Latest figure: the most recent figure is taken as the year-end position."


def year_end_forecast(
    period: Period,
    year_to_date_value: Decimal | None,
    *,
    aggregation: Aggregation,
    cumulative: bool = False,
) -> Decimal | None:
    """Forecast the year-end figure from the year to date at the end of `period`.

    Counts and cumulative figures: straight-line, year to date ÷ months elapsed × 12.
    Snapshots and averages: the year to date (the latest figure or the mean so far).
    See `forecast_method` for the sentence the report prints. Unrounded.
    """
    aggregation = Aggregation(aggregation)
    if year_to_date_value is None:
        return None
    if not _accumulates(aggregation, cumulative):
        return year_to_date_value
    return year_to_date_value * TWELVE / period.months_elapsed


def unit_label(unit: str, multiplier: int = 1) -> str:
    """An indicator's unit as pages and downloads name it beside its figures: its
    text, with the multiplier when the text does not already say it ("rate" with
    100,000 → "rate per 100,000"; "per 100,000 person-years" stays as it is); blank
    when the indicator gives none. The performance report and the LIS both use it."""
    unit = (unit or "").strip()
    if multiplier > 1 and f"{multiplier:,}" not in unit:
        return f"{unit} per {multiplier:,}".strip()
    return unit


def forecast_problem(forecast: Decimal | None, *, unit: str, decimals: int = 2) -> str:
    """Why a forecast cannot follow from the figures, as the note the report shows in
    its place; empty when it can. A percentage cannot end the year above 100% or below
    0% (a straight line from figures that do not start the year at zero can give one:
    32.28% in Quarter 1 would become 129.12%)."""
    if forecast is None or unit != "%" or ZERO <= forecast <= HUNDRED:
        return ""
    shown = quantize(forecast, decimals)
    return (
        f"Not forecast: the method gives {shown}%, and a percentage cannot be "
        f"{'above 100%' if forecast > HUNDRED else 'below 0%'}"
    )


def on_track(
    forecast: Decimal | None, year_end_target: Decimal | None, polarity: Polarity
) -> bool | None:
    """Whether the forecast meets or beats the year-end target; None when either is
    missing or the indicator has no polarity."""
    polarity = Polarity(polarity)
    if forecast is None or year_end_target is None or polarity is Polarity.NO_JUDGEMENT:
        return None
    return _shortfall(forecast, year_end_target, polarity) <= 0


def is_illustrative(note: str | None) -> bool:
    """Whether a figure's note says it is illustrative (demo content not from a
    source document: "Illustrative figure, not from the source documents")."""
    return bool(note) and str(note).strip().lower().startswith("illustrative")


# Indicator settings that can be marked illustrative, with the words pages use for them.
ILLUSTRATIVE_SETTINGS = {
    "tolerance": "tolerance",
    "frequency": "frequency",
    "lead_agency": "lead agency",
    "aggregation": "year to date method",
    "cumulative": "cumulative setting",
    "unit": "unit",
}


def parse_illustrative_settings(text: str) -> tuple[str, ...]:
    """Read "tolerance; frequency" (commas or semicolons, any case) into setting names,
    in the order of `ILLUSTRATIVE_SETTINGS`; `ValueError` names an unknown one."""
    names = {n.strip().lower().replace(" ", "_") for n in text.replace(",", ";").split(";")}
    names.discard("")
    unknown = sorted(names - ILLUSTRATIVE_SETTINGS.keys())
    if unknown:
        known = ", ".join(ILLUSTRATIVE_SETTINGS)
        raise ValueError(f"'{unknown[0]}' is not a setting that can be illustrative; use {known}")
    return tuple(name for name in ILLUSTRATIVE_SETTINGS if name in names)


def stored_illustrative_settings(text: str) -> tuple[str, ...]:
    """The known setting names in a stored value, ignoring any that are not known."""
    names = {n.strip().lower().replace(" ", "_") for n in text.replace(",", ";").split(";")}
    return tuple(name for name in ILLUSTRATIVE_SETTINGS if name in names)


def illustrative_setting_words(names: tuple[str, ...] | list[str]) -> str:
    """ "Illustrative tolerance and frequency": the note a page shows; empty for none."""
    words = [ILLUSTRATIVE_SETTINGS[n] for n in names if n in ILLUSTRATIVE_SETTINGS]
    if not words:
        return ""
    return f"Illustrative {listed(words)}"


def quantize(value: Decimal | None, decimals: int) -> Decimal | None:
    """Round to `decimals` places, halves away from zero (2.125 → 2.13)."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
