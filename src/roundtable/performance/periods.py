"""Reporting periods in UK financial years: plain values, no database.

A financial year runs from 1 April to 31 March and is written "2011/12". Within it:

- quarters "2011/12 Q1" .. "Q4" (Q1 = April–June, Q4 = January–March);
- 4-monthly tranches "2011/12 T1" .. "T3" (T1 = April–July, T2 = August–November,
  T3 = December–March);
- months, written by calendar month "2011-07" (January–March 2012 belong to 2011/12).

A `Period` is (kind, financial year start, index). For months the index counts from
April (1) to March (12), so every kind splits the year the same way: period `index`
covers months `(index - 1) * length + 1` .. `index * length` of the year.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, total_ordering

from roundtable.core.dates import example_periods, site_today


def period_help(today: datetime.date) -> str:
    """How to write a period, with examples from `today`'s financial year
    (`core.dates.example_periods`): "use 2026/27, 2026/27 Q1–Q4, 2026/27 T1–T3 or
    2026-12"."""
    examples = example_periods(today)
    year = examples.financial_year
    return f"use {year}, {year} Q1–Q4, {year} T1–T3 or {examples.month}"


class PeriodKind(StrEnum):
    """How long a period is."""

    YEAR = "year"
    QUARTER = "quarter"
    TRANCHE = "tranche"
    MONTH = "month"

    @property
    def length(self) -> int:
        """Months in one period of this kind."""
        return _LENGTH[self]

    @property
    def per_year(self) -> int:
        """Periods of this kind in a financial year."""
        return 12 // _LENGTH[self]


_LENGTH = {PeriodKind.YEAR: 12, PeriodKind.QUARTER: 3, PeriodKind.TRANCHE: 4, PeriodKind.MONTH: 1}


class Frequency(StrEnum):
    """How often an indicator is measured (its shortest period)."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    FOUR_MONTHLY = "4-monthly"
    ANNUAL = "annual"

    @property
    def label(self) -> str:
        return _FREQUENCY_LABEL[self]

    @property
    def kind(self) -> PeriodKind:
        """The kind of period one measurement covers."""
        return _FREQUENCY_KIND[self]


_FREQUENCY_LABEL = {
    Frequency.MONTHLY: "Monthly",
    Frequency.QUARTERLY: "Quarterly",
    Frequency.FOUR_MONTHLY: "4-monthly",
    Frequency.ANNUAL: "Annual",
}
_FREQUENCY_KIND = {
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.FOUR_MONTHLY: PeriodKind.TRANCHE,
    Frequency.ANNUAL: PeriodKind.YEAR,
}


def as_kind(kind_or_frequency: PeriodKind | Frequency | str) -> PeriodKind:
    """A `PeriodKind` from a kind, a frequency, or either's value ("quarter", "4-monthly")."""
    if isinstance(kind_or_frequency, Frequency):
        return kind_or_frequency.kind
    if isinstance(kind_or_frequency, PeriodKind):
        return kind_or_frequency
    if kind_or_frequency in PeriodKind._value2member_map_:
        return PeriodKind(kind_or_frequency)
    return Frequency(kind_or_frequency).kind


def financial_year_of(date: datetime.date) -> int:
    """The calendar year in which the financial year holding `date` starts."""
    return date.year if date.month >= 4 else date.year - 1


def _format_year(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


@total_ordering
@dataclass(frozen=True, slots=True, repr=False)
class Period:
    """A financial year, quarter, tranche or month.

    `year` is the calendar year the financial year starts in (2011 for "2011/12");
    `index` is the position in that year, from 1 (months count from April).
    Periods sort by start date, shorter first; equal periods hash equal.
    """

    kind: PeriodKind
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        if not 1 <= self.index <= self.kind.per_year:
            raise ValueError(
                f"A {self.kind} is numbered 1 to {self.kind.per_year}, not {self.index}"
            )
        if not 1000 <= self.year <= 9998:
            raise ValueError(f"{self.year} is not a four-digit year")

    # Constructors -----------------------------------------------------------------

    @classmethod
    def for_year(cls, year: int) -> Period:
        """The financial year starting in April of `year`: `Period.for_year(2011)` is
        2011/12."""
        return cls(PeriodKind.YEAR, year)

    @classmethod
    def quarter(cls, year: int, number: int) -> Period:
        return cls(PeriodKind.QUARTER, year, number)

    @classmethod
    def tranche(cls, year: int, number: int) -> Period:
        return cls(PeriodKind.TRANCHE, year, number)

    @classmethod
    def month(cls, calendar_year: int, month: int) -> Period:
        """A calendar month: `Period.month(2012, 2)` is February 2012 (in 2011/12)."""
        if not 1 <= month <= 12:
            raise ValueError(f"A month is numbered 1 to 12, not {month}")
        year = calendar_year if month >= 4 else calendar_year - 1
        return cls(PeriodKind.MONTH, year, (month - 4) % 12 + 1)

    @classmethod
    def containing(cls, date: datetime.date, kind: PeriodKind | Frequency) -> Period:
        """The period of `kind` that `date` falls in."""
        kind = as_kind(kind)
        year = financial_year_of(date)
        month_index = (date.month - 4) % 12 + 1
        return cls(kind, year, (month_index - 1) // kind.length + 1)

    @classmethod
    def from_dates(cls, start: datetime.date, end: datetime.date) -> Period:
        """The period running from `start` to `end` inclusive (as stored on a record).

        Raises `ValueError` if the dates are not exactly a financial year, quarter,
        tranche or month.
        """
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.TRANCHE, PeriodKind.YEAR):
            period = cls.containing(start, kind)
            if period.start == start and period.end == end:
                return period
        raise ValueError(
            f"{start:%d %B %Y} to {end:%d %B %Y} is not a financial year, quarter, tranche or month"
        )

    # Where it sits ------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        """The first month of this period, counted from April = 1."""
        return (self.index - 1) * self.kind.length + 1

    @property
    def last_month(self) -> int:
        """The last month of this period, counted from April = 1."""
        return self.index * self.kind.length

    @property
    def length(self) -> int:
        """How many months the period covers."""
        return self.kind.length

    @property
    def months_elapsed(self) -> int:
        """Months of the financial year up to the end of this period (Q2 → 6)."""
        return self.last_month

    @staticmethod
    def _calendar(year: int, month_index: int) -> tuple[int, int]:
        month = (month_index + 2) % 12 + 1
        return (year if month >= 4 else year + 1), month

    @property
    def start(self) -> datetime.date:
        """The first day of the period."""
        year, month = self._calendar(self.year, self.first_month)
        return datetime.date(year, month, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period (inclusive)."""
        year, month = self._calendar(self.year, self.last_month)
        return datetime.date(year, month, calendar.monthrange(year, month)[1])

    @property
    def calendar_year(self) -> int:
        """For a month: its calendar year (2012 for 2012-02)."""
        return self._calendar(self.year, self.first_month)[0]

    @property
    def calendar_month(self) -> int:
        """For a month: its calendar month number (2 for 2012-02)."""
        return self._calendar(self.year, self.first_month)[1]

    @property
    def financial_year_label(self) -> str:
        """The financial year written as in "2011/12"."""
        return _format_year(self.year)

    @property
    def financial_year(self) -> Period:
        """The financial year this period belongs to (2012-02 → 2011/12)."""
        return Period(PeriodKind.YEAR, self.year)

    # Text ----------------------------------------------------------------------------

    @property
    def slug(self) -> str:
        """The period as an address carries it: "2011-12-q2", "2011-12-t1",
        "2011-12-year", "2011-07". `period_from_slug` reads it back."""
        if self.kind is PeriodKind.YEAR:
            return f"{str(self).replace('/', '-')}-year"
        return str(self).lower().replace("/", "-").replace(" ", "-")

    def __str__(self) -> str:
        """The canonical form: "2011/12", "2011/12 Q2", "2011/12 T1", "2011-07"."""
        fy = _format_year(self.year)
        if self.kind is PeriodKind.YEAR:
            return fy
        if self.kind is PeriodKind.QUARTER:
            return f"{fy} Q{self.index}"
        if self.kind is PeriodKind.TRANCHE:
            return f"{fy} T{self.index}"
        return f"{self.calendar_year}-{self.calendar_month:02d}"

    @property
    def label(self) -> str:
        """Words for a page: "2011/12", "Quarter 2 2011/12", "July 2011",
        "Tranche 1 2011/12 (April to July)"."""
        fy = _format_year(self.year)
        if self.kind is PeriodKind.YEAR:
            return fy
        if self.kind is PeriodKind.QUARTER:
            return f"Quarter {self.index} {fy}"
        if self.kind is PeriodKind.MONTH:
            return f"{calendar.month_name[self.calendar_month]} {self.calendar_year}"
        first = calendar.month_name[self.start.month]
        last = calendar.month_name[self.end.month]
        return f"Tranche {self.index} {fy} ({first} to {last})"

    def __repr__(self) -> str:
        return f"Period({str(self)!r})"

    # Arithmetic ----------------------------------------------------------------------

    @cache  # noqa: B019 - periods are immutable and few; the cache is the point
    def _step(self, steps: int) -> Period:
        position = self.year * self.kind.per_year + (self.index - 1) + steps
        year, index = divmod(position, self.kind.per_year)
        return Period(self.kind, year, index + 1)

    def previous(self) -> Period:
        """The period of the same kind just before (2011/12 Q1 → 2010/11 Q4)."""
        return self._step(-1)

    def next(self) -> Period:
        """The period of the same kind just after (2011/12 Q4 → 2012/13 Q1)."""
        return self._step(1)

    def same_period_last_year(self) -> Period:
        """The same quarter, tranche, month or year one year earlier."""
        return Period(self.kind, self.year - 1, self.index)

    def periods_in_year(self, kind: PeriodKind | Frequency) -> tuple[Period, ...]:
        """All periods of `kind` in this period's financial year, in order."""
        kind = as_kind(kind)
        return tuple(Period(kind, self.year, i) for i in range(1, kind.per_year + 1))

    def contains(self, other: Period) -> bool:
        """Whether every month of `other` falls within this period (a period contains
        itself)."""
        return (
            self.year == other.year
            and self.first_month <= other.first_month
            and other.last_month <= self.last_month
        )

    @cache  # noqa: B019 - periods are immutable and few; the cache is the point
    def months(self) -> tuple[Period, ...]:
        """The months of this period, in order."""
        return self.periods_of_frequency_within(PeriodKind.MONTH)

    @cache  # noqa: B019 - periods are immutable and few; the cache is the point
    def periods_of_frequency_within(self, frequency: PeriodKind | Frequency) -> tuple[Period, ...]:
        """The periods of `frequency` that make up this period, in order.

        Empty when they do not fit exactly (a quarter holds no tranches; a month holds no
        quarters): see `frequency_fits`.
        """
        kind = as_kind(frequency)
        if not _divides(kind, self):
            return ()
        return tuple(
            Period(kind, self.year, i)
            for i in range(
                (self.first_month - 1) // kind.length + 1, self.last_month // kind.length + 1
            )
        )

    @cache  # noqa: B019 - periods are immutable and few; the cache is the point
    def period_to_date(self, kind: PeriodKind | Frequency | None = None) -> tuple[Period, ...]:
        """The periods of `kind` (default: this period's kind) from the start of the
        financial year up to and including this period, in order.

        Only whole periods ending by this period's end count: for 2011-08, the quarters
        to date are (2011/12 Q1,) because Q2 has not finished.
        """
        kind = self.kind if kind is None else as_kind(kind)
        count = self.last_month // kind.length
        return tuple(Period(kind, self.year, i) for i in range(1, count + 1))

    # Ordering ------------------------------------------------------------------------

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.first_month, self.kind.length)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()


def _divides(kind: PeriodKind, period: Period) -> bool:
    """Whether `period` is made of whole periods of `kind`."""
    return (
        period.kind.length >= kind.length
        and (period.first_month - 1) % kind.length == 0
        and period.last_month % kind.length == 0
    )


@cache
def frequency_fits(frequency: Frequency | PeriodKind, period: Period) -> bool:
    """Whether an indicator measured at `frequency` may have a value for `period`.

    A value may be for a period as long as or longer than the indicator's frequency,
    never shorter, and the period must be made of whole periods of the frequency: a
    monthly indicator may have monthly, quarterly, tranche and annual values; a
    quarterly one quarterly and annual values (not tranches, which cut across quarters);
    a 4-monthly one tranche and annual values; an annual one only annual values.
    """
    return _divides(as_kind(frequency), period)


def reported_period(report: Period, frequency: Frequency | PeriodKind) -> Period | None:
    """The period whose figures an indicator measured at `frequency` shows in a
    report for the period `report`; None when it has none to show yet.

    When the frequency fits the report period, the report period itself. An
    indicator measured less often shows the latest period of its own frequency
    that overlaps the report period and ends before the next report period ends:
    a quarterly report goes to the board about a quarter in arrears, so a tranche
    ending in the next quarter is known by then, but a year's outturn is not until
    its last quarter. In the Ealing pack's Quarter 2 2011/12 report, NI 195 a
    (4-monthly) shows T2 (August to November 2011) and Local 30 (annual) shows
    nothing for 2011/12, only its 2010/11 outturn in the last-year column.
    """
    if frequency_fits(frequency, report):
        return report
    deadline = report.next().end
    candidate = Period.containing(report.end, as_kind(frequency))
    while candidate.end >= report.start:
        if candidate.end < deadline:
            return candidate
        candidate = candidate.previous()
    return None


def return_quarter(period: Period) -> Period:
    """The quarter whose return collects, and whose report first shows, a period's
    figures: the first quarter for which `reported_period` gives it.

    Months and quarters: the quarter they are in. 4-monthly tranches: T1
    (April–July) in Q1, T2 (August–November) in Q2, T3 (December–March) in Q4, as
    the Ealing pack's Quarter 2 report shows T2. The year: Q4.
    """
    quarter = Period.containing(period.start, PeriodKind.QUARTER)
    while quarter.start <= period.end:
        if reported_period(quarter, period.kind) == period:
            return quarter
        quarter = quarter.next()
    return Period.containing(period.end, PeriodKind.QUARTER)


def parse_quarter(text: str) -> Period:
    """A quarter from a URL: "2011-12-Q2" or "2011/12 Q2"; ValueError otherwise."""
    text = text.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        text = f"{text[:4]}/{text[5:7]} {text[8:]}"
    period = parse_period(text)
    if period.kind is not PeriodKind.QUARTER:
        example = example_periods(site_today()).quarter
        raise ValueError(f"'{text}' is not a quarter; use a quarter like {example}")
    return period


def return_due_for(today: datetime.date) -> Period:
    """The quarter whose return is being collected on `today`: the last one to have
    ended (on 2 December 2026, 2026/27 Q2)."""
    return Period.containing(today, PeriodKind.QUARTER).previous()


_YEAR = r"(?P<y1>\d{4})\s*/\s*(?P<y2>\d{2}|\d{4})"
_FY_RE = re.compile(
    rf"^{_YEAR}(?:\s*(?:(?P<q>q|quarter)\s*(?P<qn>\d+)|(?P<t>t|tranche)\s*(?P<tn>\d+)))?$"
)
_MONTH_RE = re.compile(r"^(?P<y>\d{4})\s*-\s*(?P<m>\d{1,2})$")
_NAMED_MONTH_RE = re.compile(r"^(?P<name>[a-z]+)\.?[\s\-/]*(?P<y>\d{4}|\d{2})$")
_MONTH_NAMES = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}


def _bad(text: str) -> ValueError:
    return ValueError(f"'{text}' is not a period; {period_help(site_today())}")


_SLUG = re.compile(r"^(\d{4})-(\d{2})-(?:([qt])(\d)|(year))$")


def period_from_slug(slug: str) -> Period:
    """Read a period from an address: `Period.slug`'s forms, or anything
    `parse_period` reads. Raises `ValueError` like it."""
    match = _SLUG.match(slug.strip().lower())
    if match is None:
        return parse_period(slug)
    start, end, letter, index, _ = match.groups()
    text = f"{start}/{end}" + (f" {letter.upper()}{index}" if letter else "")
    return parse_period(text)


def parse_period(text: str) -> Period:
    """Read a period written as "2011/12", "2011/12 Q2", "2011/12 T1" or "2011-07".

    Also accepted, any case and spacing: "2011/2012", "2011/12 Quarter 2",
    "2011/12 Tranche 1", and month names as spreadsheets write them ("Jul-11",
    "July 2011", "Sept 2011"). Raises `ValueError` with a message a user can act on.
    """
    raw = text
    text = " ".join(str(text).strip().lower().split())
    if match := _FY_RE.match(text):
        return _parse_fy(raw, match)
    if match := _MONTH_RE.match(text):
        month = int(match["m"])
        if not 1 <= month <= 12:
            raise _bad(raw)
        return Period.month(int(match["y"]), month)
    if (match := _NAMED_MONTH_RE.match(text)) and match["name"] in _MONTH_NAMES:
        year = int(match["y"])
        if year < 100:
            year += 2000
        return Period.month(year, _MONTH_NAMES[match["name"]])
    raise _bad(raw)


def period_words(text: str) -> str:
    """A stored period in words for a page ("July 2011", "Quarter 2 2011/12"); the
    stored text itself should it not read as a period."""
    try:
        return parse_period(text).label
    except ValueError:
        return text


def _parse_fy(raw: str, match: re.Match[str]) -> Period:
    year = int(match["y1"])
    second = int(match["y2"])
    expected = year + 1 if len(match["y2"]) == 4 else (year + 1) % 100
    if second != expected:
        raise ValueError(
            f"'{raw}' is not a period: a financial year runs into the next year, "
            f"so write {_format_year(year)}"
        )
    if match["q"] is not None:
        kind, number = PeriodKind.QUARTER, int(match["qn"])
    elif match["t"] is not None:
        kind, number = PeriodKind.TRANCHE, int(match["tn"])
    else:
        return Period.for_year(year)
    if not 1 <= number <= kind.per_year:
        raise _bad(raw)
    return Period(kind, year, number)
