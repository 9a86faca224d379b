"""The periods LIS statistics are for: a text label as published, with its kind and dates.

Pure functions, no Django. Labels are the ones Fingertips and the ONS print:

- calendar year "2011" (January to December);
- financial year "2011/12" (April to March);
- academic year "2011/12 (academic)" (September to August), or "2011/12" read with
  the kind given explicitly;
- quarter of a financial year "2011/12 Q2" (Q1 is April to June), of a calendar year
  "2011 Q2" (Q1 is January to March);
- month "2011-07";
- pooled years "2017 - 19" (2017 to 2019) and "2015/16 - 17/18" (April 2015 to March 2018).

`parse_period(label)` returns a `Period` whose `label` is the canonical spelling (so
"2017-2019" and "2017 - 19" are one period), or raises `PeriodError` saying what a
period looks like. `series_kind(label)` says which periods a trend line may join
with it: periods of the same kind, and pooled periods of the same length.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from roundtable.core.dates import example_periods, site_today


class PeriodKind(StrEnum):
    CALENDAR_YEAR = "calendar_year"
    FINANCIAL_YEAR = "financial_year"
    ACADEMIC_YEAR = "academic_year"
    FINANCIAL_QUARTER = "financial_quarter"
    CALENDAR_QUARTER = "calendar_quarter"
    MONTH = "month"
    POOLED_CALENDAR = "pooled_calendar"
    POOLED_FINANCIAL = "pooled_financial"


class PeriodError(ValueError):
    """A label that is not a period."""


def expected(today: date) -> str:
    """What a period looks like, with examples from `today` (`core.dates.example_periods`;
    pooled years, the three before): on 6 December 2026, "enter a period like 2026,
    2026/27, 2026/27 (academic), 2026/27 Q3, 2026-12, 2023 - 25 or 2023/24 - 25/26"."""
    examples = example_periods(today)
    year = today.year
    pooled = f"{year - 3} - {(year - 1) % 100:02d}"
    pooled_financial = (
        f"{year - 3}/{(year - 2) % 100:02d} - {(year - 1) % 100:02d}/{year % 100:02d}"
    )
    return (
        f"enter a period like {examples.calendar_year}, {examples.financial_year}, "
        f"{examples.academic_year}, {examples.quarter}, {examples.month}, "
        f"{pooled} or {pooled_financial}"
    )


def _expected() -> str:
    return expected(site_today())


MAX_POOLED_YEARS = 20


@dataclass(frozen=True)
class Period:
    """A period: its canonical label, kind, and first and last days."""

    label: str
    kind: PeriodKind
    start: date
    end: date

    def __str__(self) -> str:
        return self.label


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_year(first: int, short: str) -> int:
    """The year "12" in "2011/12" stands for; PeriodError unless it follows `first`."""
    year = int(short) if len(short) == 4 else (first // 100) * 100 + int(short)
    if len(short) == 2 and year < first:
        year += 100
    if year != first + 1:
        raise PeriodError(f"{first}/{short} is not two years in a row; {_expected()}")
    return year


def _split_year(first: int, short: str = "") -> str:
    return f"{first}/{(first + 1) % 100:02d}"


def _year_after(first: int, text: str) -> int:
    """The year "19" in "2017 - 19" stands for: the first one after `first`, at most
    MAX_POOLED_YEARS later."""
    if len(text) == 4:
        year = int(text)
    else:
        year = (first // 100) * 100 + int(text)
        year = year + 100 if year < first else year
    if not first < year <= first + MAX_POOLED_YEARS:
        raise PeriodError(
            f"{first} - {text} does not end a few years after it starts; {_expected()}"
        )
    return year


_CALENDAR = re.compile(r"(\d{4})")
_SPLIT = re.compile(r"(\d{4})\s*/\s*(\d{2}|\d{4})")
_ACADEMIC = re.compile(r"(\d{4})\s*/\s*(\d{2}|\d{4})\s*\(academic\)", re.IGNORECASE)
_QUARTER = re.compile(r"(\d{4})(?:\s*/\s*(\d{2}|\d{4}))?\s+Q([1-4])", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_POOLED_CALENDAR = re.compile(r"(\d{4})\s+-\s+(\d{2}|\d{4})")
_POOLED_FINANCIAL = re.compile(
    r"(\d{4})\s*/\s*(\d{2}|\d{4})\s+-\s+(\d{2}|\d{4})\s*/\s*(\d{2}|\d{4})"
)


def _split_period(first: int, short: str, kind: PeriodKind) -> Period:
    _next_year(first, short)
    label = _split_year(first, short)
    if kind is PeriodKind.ACADEMIC_YEAR:
        return Period(f"{label} (academic)", kind, date(first, 9, 1), date(first + 1, 8, 31))
    return Period(label, PeriodKind.FINANCIAL_YEAR, date(first, 4, 1), date(first + 1, 3, 31))


def parse_period(text: str, kind: PeriodKind | str | None = None) -> Period:
    """The period `text` names; `kind` "academic_year" reads "2011/12" as an academic
    year (the default for a split year is financial). PeriodError if it names none."""
    label = " ".join(str(text).split())
    wanted = PeriodKind(kind) if kind else None
    if match := _CALENDAR.fullmatch(label):
        year = int(match[1])
        return Period(label, PeriodKind.CALENDAR_YEAR, date(year, 1, 1), date(year, 12, 31))
    if match := _ACADEMIC.fullmatch(label):
        return _split_period(int(match[1]), match[2], PeriodKind.ACADEMIC_YEAR)
    if match := _SPLIT.fullmatch(label):
        chosen = PeriodKind.ACADEMIC_YEAR if wanted is PeriodKind.ACADEMIC_YEAR else None
        return _split_period(int(match[1]), match[2], chosen or PeriodKind.FINANCIAL_YEAR)
    if match := _QUARTER.fullmatch(label):
        first, quarter = int(match[1]), int(match[3])
        if match[2]:
            _next_year(first, match[2])
            month = 4 + 3 * (quarter - 1)  # Q1 starts in April, Q4 in January
            year = first + (month > 12)
            month = month - 12 if month > 12 else month
            start, end = date(year, month, 1), _month_end(year, month + 2)
            return Period(
                f"{_split_year(first, match[2])} Q{quarter}",
                PeriodKind.FINANCIAL_QUARTER,
                start,
                end,
            )
        start = date(first, 3 * quarter - 2, 1)
        return Period(
            f"{first} Q{quarter}",
            PeriodKind.CALENDAR_QUARTER,
            start,
            _month_end(first, 3 * quarter),
        )
    if match := _MONTH.fullmatch(label):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"{label} has no month {month:02d}; {_expected()}")
        return Period(label, PeriodKind.MONTH, date(year, month, 1), _month_end(year, month))
    if match := _POOLED_CALENDAR.fullmatch(label):
        first = int(match[1])
        last = _year_after(first, match[2])
        return Period(
            f"{first} - {last % 100:02d}",
            PeriodKind.POOLED_CALENDAR,
            date(first, 1, 1),
            date(last, 12, 31),
        )
    if match := _POOLED_FINANCIAL.fullmatch(label):
        first = int(match[1])
        _next_year(first, match[2])
        last = _year_after(first, match[3])
        _next_year(last, match[4])
        return Period(
            f"{_split_year(first, match[2])} - {_split_year(last, match[4])[2:]}",
            PeriodKind.POOLED_FINANCIAL,
            date(first, 4, 1),
            date(last + 1, 3, 31),
        )
    raise PeriodError(f"{label or 'a blank'} is not a period; {_expected()}")


# Series of one kind ---------------------------------------------------------------

_ADJECTIVES = {
    PeriodKind.CALENDAR_YEAR: "calendar-year",
    PeriodKind.FINANCIAL_YEAR: "financial-year",
    PeriodKind.ACADEMIC_YEAR: "academic-year",
    PeriodKind.FINANCIAL_QUARTER: "quarterly",
    PeriodKind.CALENDAR_QUARTER: "calendar-quarter",
    PeriodKind.MONTH: "monthly",
}
_NOUNS = {
    PeriodKind.CALENDAR_YEAR: ("calendar year", "calendar years"),
    PeriodKind.FINANCIAL_YEAR: ("financial year", "financial years"),
    PeriodKind.ACADEMIC_YEAR: ("academic year", "academic years"),
    PeriodKind.FINANCIAL_QUARTER: ("quarter", "quarters"),
    PeriodKind.CALENDAR_QUARTER: ("calendar quarter", "calendar quarters"),
    PeriodKind.MONTH: ("month", "months"),
}
#: The month a year-to-date figure starts again in: April for the quarters of a
#: financial year and for months (the performance report's years), January for the
#: quarters of a calendar year. Years and pooled years do not start again.
_YEAR_STARTS = {
    PeriodKind.FINANCIAL_QUARTER: 4,
    PeriodKind.MONTH: 4,
    PeriodKind.CALENDAR_QUARTER: 1,
}


@dataclass(frozen=True)
class SeriesKind:
    """Which periods one trend line may join: periods of one kind, and pooled
    periods of one length (a 3-year period is not the next point after a 5-year
    one, nor after a single year)."""

    kind: PeriodKind
    #: How many years each pooled period covers; 0 for the other kinds.
    years: int = 0

    @property
    def adjective(self) -> str:
        """ "monthly", "financial-year", "3-year pooled": for "the monthly figures"."""
        if self.kind is PeriodKind.POOLED_CALENDAR:
            return f"{self.years}-year pooled"
        if self.kind is PeriodKind.POOLED_FINANCIAL:
            return f"{self.years}-financial-year pooled"
        return _ADJECTIVES[self.kind]

    def noun(self, n: int = 2) -> str:
        """ "month" or "months", "pooled 3-year period(s)": the periods, `n` of them."""
        if self.kind in (PeriodKind.POOLED_CALENDAR, PeriodKind.POOLED_FINANCIAL):
            unit = "year" if self.kind is PeriodKind.POOLED_CALENDAR else "financial-year"
            return f"pooled {self.years}-{unit} period" + ("" if n == 1 else "s")
        one, many = _NOUNS[self.kind]
        return one if n == 1 else many

    @property
    def year_starts(self) -> int | None:
        """The month in which a year-to-date figure of this kind starts again; None for
        years and pooled years."""
        return _YEAR_STARTS.get(self.kind)


def _years_covered(period: Period) -> int:
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
    return (months + 1) // 12


@lru_cache(maxsize=4096)
def series_kind(label: str) -> SeriesKind | None:
    """The kind of series the period `label` belongs to; None when it names no period.
    Cached: a profile asks once for each of its thousands of figures, and a few dozen
    labels cover them all."""
    try:
        period = parse_period(label)
    except PeriodError:
        return None
    pooled = period.kind in (PeriodKind.POOLED_CALENDAR, PeriodKind.POOLED_FINANCIAL)
    return SeriesKind(period.kind, _years_covered(period) if pooled else 0)


# English whatever the process's locale (strftime's %B follows it).
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@lru_cache(maxsize=4096)
def period_name(label: str, *, short: bool = False) -> str:
    """How a period reads on a page: a month by name ("June 2012", or "Jun 2012"
    `short`, for a chart's axis), any other period as its label, which is already
    how Fingertips and the ONS print it ("2011/12 Q2", "2017 - 19"). Files, the APIs
    and addresses keep the label ("2012-06"); a text that is not a period is
    returned as it is."""
    try:
        period = parse_period(label)
    except PeriodError:
        return label
    if period.kind is not PeriodKind.MONTH:
        return period.label
    month = MONTH_NAMES[period.start.month - 1]
    return f"{month[:3] if short else month} {period.start.year}"
