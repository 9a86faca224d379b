"""Example dates for form hints, as plain functions (no Django but `site_today`:
tested without the database in `core/tests/test_dates.py`).

A hint's example should be a date someone might type today: "For example,
16 January 2012" reads as a mistake on a form for scheduling next month's meeting,
and so does a date from the demo's papers on a form recording what was done last
week. A date people plan ahead (a due date, a lease's end) gets the 16th of next
month (`example_date`); a date of something that happened (done on, decided on, a
lease's start) the 16th of last month (`past_example_date`). Both are written the
same way, in words ("16 January 2027").

Messages of the command line and of imports (CSV and XLSX files) give the same
example written as such files and options are written, in ISO ("2027-01-16";
`example_date_iso`): "--on '1 Feb' is not a date; enter a date like 2026-11-16".

Periods are given the same way (`example_periods`): the financial year, quarter,
calendar year, academic year and month today is in ("for example 2026/27 Q3"), not
the demo's 2011/12.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

#: How an example date is written: the GOV.UK style ("16 January 2027"), which every
#: date field accepts (`core.imports.parse_date`, format "%d %B %Y").
EXAMPLE_FORMAT = "%-d %B %Y"

#: The day of the month examples fall on: past the 12th, so it cannot be misread as
#: a month if someone types it with slashes.
EXAMPLE_DAY = 16


def site_today() -> datetime.date:
    """Today where the site is (`TIME_ZONE`, London): `timezone.localdate()`, the day
    the forms' hints and the imports' messages work their examples out from, for the
    plain-function modules (period parsers, money rules) whose messages give one.

    Not `date.today()`: that is the process's zone, which is London's as Django runs,
    but a test that travels in time to a moment in UTC (time_machine) leaves it at
    UTC, so from 23:00 to midnight UTC in summer its example was another day's (at the
    end of March, another financial year's) than the form's beside it. The one clock
    read of this module; Django is imported only when it is called."""
    from django.utils import timezone

    return timezone.localdate()


def example_date(today: datetime.date) -> datetime.date:
    """A near-future date for a hint: the 16th of next month (16 to 46 days ahead)."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return datetime.date(year, month, EXAMPLE_DAY)


def past_example_date(today: datetime.date) -> datetime.date:
    """A recent past date for a hint: the 16th of last month (14 to 47 days ago)."""
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return datetime.date(year, month, EXAMPLE_DAY)


def example_date_text(today: datetime.date, *, past: bool = False) -> str:
    """`example_date` (or with `past`, `past_example_date`) as a hint writes it:
    "16 January 2027"."""
    example = past_example_date(today) if past else example_date(today)
    return f"{example:{EXAMPLE_FORMAT}}"


def example_date_iso(today: datetime.date, *, past: bool = False) -> str:
    """`example_date` (or with `past`, `past_example_date`) as a file or a command-line
    option writes it: "2027-01-16"."""
    example = past_example_date(today) if past else example_date(today)
    return example.isoformat()


# -- Example periods -------------------------------------------------------------------


@dataclass(frozen=True)
class ExamplePeriods:
    """Periods to give as examples on `today`, written as the period parsers read them
    (`performance.periods.parse_period`, `lis.periods.parse_period`, the money rules'
    `parse_financial_year`): "2011/12 Q2" in a hint reads as a mistake in 2026, as a
    date from the demo's papers does."""

    financial_year: str  # the financial year today is in (1 April to 31 March): "2026/27"
    quarter: str  # its quarter today is in (Q1 is April to June): "2026/27 Q3"
    calendar_year: str  # "2026"
    academic_year: str  # the academic year (1 September to 31 August): "2026/27 (academic)"
    month: str  # "2026-12"


def _split_year(first: int) -> str:
    return f"{first}/{(first + 1) % 100:02d}"


def example_periods(today: datetime.date) -> ExamplePeriods:
    """The periods today is in, of each kind, as examples for hints and messages:
    on 6 December 2026, 2026/27, 2026/27 Q3, 2026, 2026/27 (academic) and 2026-12."""
    financial = today.year if today.month >= 4 else today.year - 1
    quarter = (today.month - 4) % 12 // 3 + 1
    academic = today.year if today.month >= 9 else today.year - 1
    return ExamplePeriods(
        financial_year=_split_year(financial),
        quarter=f"{_split_year(financial)} Q{quarter}",
        calendar_year=str(today.year),
        academic_year=f"{_split_year(academic)} (academic)",
        month=f"{today:%Y-%m}",
    )
