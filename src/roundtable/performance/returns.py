"""Rules for agencies' returns: which periods a quarter's return asks for, the
checks before figures are saved, and deadlines and progress.

Plain functions, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from roundtable.core.dates import example_periods
from roundtable.performance.periods import (
    Frequency,
    Period,
    PeriodKind,
    parse_quarter,
    return_quarter,
)
from roundtable.performance.rules import plain_decimal

__all__ = [
    "ReturnProgress",
    "add_working_days",
    "anything_due",
    "entry_periods",
    "is_big_jump",
    "jump_message",
    "parse_reporting_from",
    "required_periods",
    "return_deadline",
    "return_expected",
    "return_owed",
    "return_progress",
]


def entry_periods(frequency: Frequency | str, quarter: Period) -> list[Period]:
    """The periods an indicator of `frequency` reports in `quarter`'s return: those
    of its frequency whose figures the quarter's report first shows
    (`periods.return_quarter`), and for a monthly indicator the quarter itself too
    (for its target; its actual adds up from the months).

    Monthly: the three months and the quarter; quarterly: the quarter; 4-monthly:
    T1 in Q1, T2 in Q2, none in Q3, T3 in Q4 (the report shows the tranche that
    ends before the next quarter does); annual: the year, in Q4.
    """
    kind = Frequency(frequency).kind
    collected = [p for p in quarter.periods_in_year(kind) if return_quarter(p) == quarter]
    return [*collected, quarter] if kind is PeriodKind.MONTH else collected


def required_periods(frequency: Frequency | str, quarter: Period) -> list[Period]:
    """The periods whose actual the return must give (a monthly indicator's
    quarter is worked out from its months, so it is not required)."""
    return [p for p in entry_periods(frequency, quarter) if p.kind is Frequency(frequency).kind]


def anything_due(frequencies: Iterable[Frequency | str], quarter: Period) -> bool:
    """Whether a return for `quarter` asks for any figure, from an agency whose
    indicators have these frequencies: one leading only annual indicators owes
    nothing in Q1 to Q3, one leading only 4-monthly ones nothing in Q3."""
    return any(required_periods(frequency, quarter) for frequency in frequencies)


def return_expected(quarter: Period, reporting_from: Period | None) -> bool:
    """Whether returns are expected for `quarter` at all: from the partnership's
    "Reporting from" quarter on (`PerformanceSettings.reporting_from`), and for
    every quarter when it has none (None: a partnership set up before the setting
    existed, as before). A quarter before it owes nothing: no return for it is due
    or overdue, whatever figures were entered for it (an import of its history)."""
    return reporting_from is None or quarter >= reporting_from


def return_owed(
    frequencies: Iterable[Frequency | str], quarter: Period, reporting_from: Period | None
) -> bool:
    """Whether an agency whose indicators have these frequencies owes a return for
    `quarter`: the quarter is one returns are expected for (`return_expected`) and
    asks it for a figure (`anything_due`). "My returns" and My Roundtable list a
    return not yet submitted only when it is owed."""
    return return_expected(quarter, reporting_from) and anything_due(frequencies, quarter)


def parse_reporting_from(text: str, today: date) -> Period | None:
    """The "Reporting from" quarter as an administrator types it: "2026/27 Q3"
    (also "2026-27-Q3", "2026/27 quarter 3", any case), or None when left empty
    (no first quarter: every quarter is expected). Anything else raises
    `ValueError` naming the field and the format, with `today`'s quarter as the
    example."""
    if not (text or "").strip():
        return None
    try:
        return parse_quarter(text)
    except ValueError:
        example = example_periods(today).quarter
        raise ValueError(
            f"Reporting from must be a quarter written as its financial year and quarter "
            f"number, like {example}"
        ) from None


def is_big_jump(value: Decimal | None, previous: Decimal | None, factor: int) -> bool:
    """Whether `value` is `factor` times `previous` or more, or 1/`factor` of it or
    less (a likely slip: 87 for 8.7, a count for a rate). Not when
    either is missing, `previous` is 0, the signs differ or `factor` is 0 (off)."""
    if value is None or previous is None or factor <= 0 or previous == 0:
        return False
    if (value < 0) != (previous < 0) or value == 0:
        return False
    ratio = abs(value) / abs(previous)
    return ratio >= factor or ratio * factor <= 1


def jump_message(value: Decimal, previous: Decimal, previous_label: str) -> str:
    """The warning for a big jump, asking for confirmation."""
    ratio = abs(value) / abs(previous)
    if ratio > 1:
        how = f"{plain_decimal(ratio.quantize(Decimal('0.1')))} times"
    else:
        how = f"1/{plain_decimal((1 / ratio).quantize(Decimal('0.1')))} of"
    return (
        f"{plain_decimal(value)} is {how} {previous_label}'s figure ({plain_decimal(previous)}); "
        "check it, and tick ‘The figure is right’ to save it"
    )


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `start`. Bank holidays
    are not counted out: a partnership sets its deadline in working days knowing that."""
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def return_deadline(quarter: Period, working_days: int) -> date:
    """When an agency's return for `quarter` is due: `working_days` working days
    after the quarter ends (the partnership's setting, 20 by default)."""
    return add_working_days(quarter.end, working_days)


class ReturnProgress(StrEnum):
    """Where a return stands for the person who makes it, on "My returns"."""

    NOT_EXPECTED = "not_expected"
    NOT_DUE = "not_due"
    DUE = "due"
    OVERDUE = "overdue"
    AWAITING_APPROVAL = "awaiting_approval"
    RETURNED = "returned"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return _PROGRESS_LABEL[self]

    @property
    def colour(self) -> str:
        return _PROGRESS_COLOUR[self]


_PROGRESS_LABEL = {
    ReturnProgress.NOT_EXPECTED: "Not expected",
    ReturnProgress.NOT_DUE: "Quarter not ended",
    ReturnProgress.DUE: "Due",
    ReturnProgress.OVERDUE: "Overdue",
    ReturnProgress.AWAITING_APPROVAL: "Awaiting approval",
    ReturnProgress.RETURNED: "Returned for changes",
    ReturnProgress.APPROVED: "Approved",
}
_PROGRESS_COLOUR = {
    ReturnProgress.NOT_EXPECTED: "grey",
    ReturnProgress.NOT_DUE: "grey",
    ReturnProgress.DUE: "yellow",
    ReturnProgress.OVERDUE: "red",
    ReturnProgress.AWAITING_APPROVAL: "blue",
    ReturnProgress.RETURNED: "orange",
    ReturnProgress.APPROVED: "green",
}


def return_progress(
    state: str,
    quarter: Period,
    deadline: date,
    today: date,
    reporting_from: Period | None = None,
) -> ReturnProgress:
    """Where a return stands: approved, awaiting approval (submitted), otherwise
    (not submitted, or returned) not due before its quarter ends, due until its
    deadline and overdue after it; a returned one stays "returned" until overdue.

    A quarter before the partnership's "Reporting from" quarter (`return_expected`)
    is never due nor overdue: its return, if one was submitted, stands as it is
    (approved, awaiting approval, returned), and otherwise is not expected."""
    if state == "approved":
        return ReturnProgress.APPROVED
    if state == "submitted":
        return ReturnProgress.AWAITING_APPROVAL
    if not return_expected(quarter, reporting_from):
        return ReturnProgress.RETURNED if state == "returned" else ReturnProgress.NOT_EXPECTED
    if today > deadline:
        return ReturnProgress.OVERDUE
    if state == "returned":
        return ReturnProgress.RETURNED
    if today <= quarter.end:
        return ReturnProgress.NOT_DUE
    return ReturnProgress.DUE
