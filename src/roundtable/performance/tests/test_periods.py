"""Period rules: plain functions, no database."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from roundtable.core.dates import site_today
from roundtable.performance.periods import (
    Frequency,
    Period,
    PeriodKind,
    as_kind,
    financial_year_of,
    frequency_fits,
    parse_period,
    parse_quarter,
    period_help,
    period_words,
    reported_period,
    return_due_for,
)

# 23:30 UTC on 31 March 2027 is 00:30 on 1 April in London (summer time): the site's
# day, and financial year, are the next ones. A test travelling to a moment in UTC
# leaves `date.today()` at UTC's day; the examples must be the site's, as the forms'.
LAST_HALF_HOUR_UTC = datetime.datetime(2027, 3, 31, 23, 30, tzinfo=datetime.UTC)

FY = Period.for_year(2011)
Q1, Q2, Q3, Q4 = (Period.quarter(2011, n) for n in range(1, 5))
T1, T2, T3 = (Period.tranche(2011, n) for n in range(1, 4))
JULY = Period.month(2011, 7)


def p(text: str) -> Period:
    return parse_period(text)


# Parsing and formatting ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011/12", Period(PeriodKind.YEAR, 2011, 1)),
        ("2011/12 Q1", Period(PeriodKind.QUARTER, 2011, 1)),
        ("2011/12 Q4", Period(PeriodKind.QUARTER, 2011, 4)),
        ("2011/12 T1", Period(PeriodKind.TRANCHE, 2011, 1)),
        ("2011/12 T3", Period(PeriodKind.TRANCHE, 2011, 3)),
        ("2011-04", Period(PeriodKind.MONTH, 2011, 1)),
        ("2011-07", Period(PeriodKind.MONTH, 2011, 4)),
        ("2012-03", Period(PeriodKind.MONTH, 2011, 12)),
    ],
)
def test_parse_period_reads_the_canonical_forms(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2011/12", "2011/12 Q1", "2011/12 Q4", "2011/12 T2", "2011-07", "2012-02", "1999/00"],
)
def test_str_gives_back_the_canonical_form(text: str) -> None:
    assert str(parse_period(text)) == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("  2011/12  ", "2011/12"),
        ("2011/2012", "2011/12"),
        ("2011 / 12", "2011/12"),
        ("2011/12 q2", "2011/12 Q2"),
        ("2011/12Q2", "2011/12 Q2"),
        ("2011/12 Quarter 2", "2011/12 Q2"),
        ("2011/12 tranche 3", "2011/12 T3"),
        ("2011/12 t1", "2011/12 T1"),
        ("2011/12 Q 2", "2011/12 Q2"),
        ("2011-7", "2011-07"),
        ("Jul-11", "2011-07"),
        ("Sep-11", "2011-09"),
        ("Sept 2011", "2011-09"),
        ("July 2011", "2011-07"),
        ("feb 2012", "2012-02"),
        ("1999/2000", "1999/00"),
    ],
)
def test_parse_period_is_forgiving_about_case_spacing_and_spreadsheet_month_names(
    text: str, canonical: str
) -> None:
    assert str(parse_period(text)) == canonical


@pytest.mark.parametrize(
    "text",
    ["2011/12 Q5", "2011/12 Q0", "2011/12 T4", "2011-13", "2011-00", "", "Q2", "2011", "Smarch-11"],
)
def test_parse_period_rejects_a_non_period_and_says_what_to_write(text: str) -> None:
    # The examples are of today's financial year and month (`period_help`).
    with pytest.raises(ValueError, match=period_help(site_today())):
        parse_period(text)


def test_how_to_write_a_period_is_said_with_todays_year():
    told = "use 2026/27, 2026/27 Q1–Q4, 2026/27 T1–T3 or 2026-12"
    assert period_help(datetime.date(2026, 12, 6)) == told


def test_parse_period_message_quotes_what_was_given() -> None:
    with pytest.raises(ValueError, match=r"^'2011/12 Q5' is not a period; use"):
        parse_period("2011/12 Q5")


@pytest.mark.parametrize("text", ["2011/13", "2011/11", "2011/2013"])
def test_parse_period_rejects_a_year_that_does_not_run_into_the_next(text: str) -> None:
    with pytest.raises(ValueError, match="so write 2011/12"):
        parse_period(text)


def test_the_year_2099_runs_into_2100_written_00() -> None:
    assert str(Period.for_year(2099)) == "2099/00"
    assert parse_period("2099/00") == Period.for_year(2099)


def test_2009_10_is_written_with_a_leading_zero() -> None:
    assert str(Period.for_year(2009)) == "2009/10"
    assert str(Period.for_year(2008)) == "2008/09"
    assert str(Period.quarter(2009, 3)) == "2009/10 Q3"


def test_period_rejects_an_index_out_of_range() -> None:
    with pytest.raises(ValueError, match="numbered 1 to 4"):
        Period(PeriodKind.QUARTER, 2011, 5)
    with pytest.raises(ValueError, match="numbered 1 to 12"):
        Period.month(2011, 13)
    with pytest.raises(ValueError, match="numbered 1 to 1"):
        Period(PeriodKind.YEAR, 2011, 2)


def test_period_accepts_the_kind_as_text() -> None:
    assert Period("quarter", 2011, 2) == Q2  # type: ignore[arg-type]


def test_repr_shows_the_canonical_form() -> None:
    assert repr(Q2) == "Period('2011/12 Q2')"


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (FY, "2011/12"),
        (Q2, "Quarter 2 2011/12"),
        (JULY, "July 2011"),
        (T1, "Tranche 1 2011/12 (April to July)"),
        (T3, "Tranche 3 2011/12 (December to March)"),
    ],
)
def test_label_reads_as_words(period: Period, label: str) -> None:
    assert period.label == label


# Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2011/12", datetime.date(2011, 4, 1), datetime.date(2012, 3, 31)),
        ("2011/12 Q1", datetime.date(2011, 4, 1), datetime.date(2011, 6, 30)),
        ("2011/12 Q2", datetime.date(2011, 7, 1), datetime.date(2011, 9, 30)),
        ("2011/12 Q3", datetime.date(2011, 10, 1), datetime.date(2011, 12, 31)),
        ("2011/12 Q4", datetime.date(2012, 1, 1), datetime.date(2012, 3, 31)),
        ("2011/12 T1", datetime.date(2011, 4, 1), datetime.date(2011, 7, 31)),
        ("2011/12 T2", datetime.date(2011, 8, 1), datetime.date(2011, 11, 30)),
        ("2011/12 T3", datetime.date(2011, 12, 1), datetime.date(2012, 3, 31)),
        ("2011-07", datetime.date(2011, 7, 1), datetime.date(2011, 7, 31)),
        ("2012-02", datetime.date(2012, 2, 1), datetime.date(2012, 2, 29)),
        ("2011-02", datetime.date(2011, 2, 1), datetime.date(2011, 2, 28)),
    ],
)
def test_start_and_end_are_the_first_and_last_days(
    text: str, start: datetime.date, end: datetime.date
) -> None:
    assert (p(text).start, p(text).end) == (start, end)


def test_january_to_march_belong_to_the_previous_calendar_years_financial_year() -> None:
    february = p("2012-02")
    assert february.financial_year == p("2011/12")
    assert Period.containing(datetime.date(2012, 2, 14), PeriodKind.QUARTER) == Q4
    assert february.calendar_year == 2012
    assert february.calendar_month == 2


@pytest.mark.parametrize(
    ("date", "year"),
    [
        (datetime.date(2011, 4, 1), 2011),
        (datetime.date(2012, 3, 31), 2011),
        (datetime.date(2012, 1, 1), 2011),
        (datetime.date(2011, 3, 31), 2010),
    ],
)
def test_financial_year_of_a_date(date: datetime.date, year: int) -> None:
    assert financial_year_of(date) == year


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (PeriodKind.YEAR, "2011/12"),
        (PeriodKind.QUARTER, "2011/12 Q2"),
        (PeriodKind.TRANCHE, "2011/12 T2"),
        (Frequency.MONTHLY, "2011-08"),
    ],
)
def test_containing_finds_the_period_a_date_falls_in(
    kind: PeriodKind | Frequency, expected: str
) -> None:
    assert str(Period.containing(datetime.date(2011, 8, 31), kind)) == expected


def test_financial_year_label_and_months_elapsed() -> None:
    assert JULY.financial_year_label == "2011/12"
    assert (Q2.months_elapsed, T1.months_elapsed, JULY.months_elapsed, FY.months_elapsed) == (
        6,
        4,
        4,
        12,
    )
    assert (FY.length, Q2.length, T1.length, JULY.length) == (12, 3, 4, 1)


# Arithmetic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2011/12 Q2", "2011/12 Q1"),
        ("2011/12 Q1", "2010/11 Q4"),
        ("2011/12 T1", "2010/11 T3"),
        ("2011/12 T3", "2011/12 T2"),
        ("2011-04", "2011-03"),
        ("2012-01", "2011-12"),
        ("2011/12", "2010/11"),
        ("2000/01", "1999/00"),
    ],
)
def test_previous_steps_back_one_period_across_year_boundaries(text: str, previous: str) -> None:
    assert str(p(text).previous()) == previous


@pytest.mark.parametrize(
    ("text", "following"),
    [("2011/12 Q4", "2012/13 Q1"), ("2012-03", "2012-04"), ("2011-12", "2012-01")],
)
def test_next_steps_forward_across_year_boundaries(text: str, following: str) -> None:
    assert str(p(text).next()) == following
    assert p(text).next().previous() == p(text)


@pytest.mark.parametrize(
    ("text", "last_year"),
    [
        ("2011/12 Q2", "2010/11 Q2"),
        ("2011/12 T3", "2010/11 T3"),
        ("2012-02", "2011-02"),
        ("2011/12", "2010/11"),
    ],
)
def test_same_period_last_year(text: str, last_year: str) -> None:
    assert str(p(text).same_period_last_year()) == last_year


def test_periods_in_year_lists_every_period_of_a_kind_in_order() -> None:
    assert JULY.periods_in_year(PeriodKind.QUARTER) == (Q1, Q2, Q3, Q4)
    assert Q4.periods_in_year(Frequency.FOUR_MONTHLY) == (T1, T2, T3)
    assert Q1.periods_in_year("year") == (FY,)
    months = FY.periods_in_year(PeriodKind.MONTH)
    assert [str(m) for m in (months[0], months[8], months[9], months[11])] == [
        "2011-04",
        "2011-12",
        "2012-01",
        "2012-03",
    ]


def test_contains() -> None:
    assert FY.contains(Q2)
    assert FY.contains(p("2012-03"))
    assert Q2.contains(JULY)
    assert Q2.contains(Q2)
    assert T1.contains(JULY)
    assert not T1.contains(Q2)
    assert not Q2.contains(T2)
    assert not Q2.contains(FY)
    assert not FY.contains(p("2012-04"))
    assert p("2010/11").contains(p("2011-02"))
    assert not p("2010/11").contains(p("2011-04"))


def test_months() -> None:
    assert [str(m) for m in Q4.months()] == ["2012-01", "2012-02", "2012-03"]
    assert [str(m) for m in T2.months()] == ["2011-08", "2011-09", "2011-10", "2011-11"]
    assert JULY.months() == (JULY,)
    assert len(FY.months()) == 12


def test_period_to_date_lists_whole_periods_up_to_and_including_this_one() -> None:
    assert Q2.period_to_date() == (Q1, Q2)
    assert Q2.period_to_date(PeriodKind.MONTH) == tuple(Q1.months() + Q2.months())
    assert FY.period_to_date(Frequency.QUARTERLY) == (Q1, Q2, Q3, Q4)
    assert Q1.period_to_date() == (Q1,)
    assert T2.period_to_date() == (T1, T2)


def test_period_to_date_leaves_out_a_period_that_has_not_finished() -> None:
    assert p("2011-08").period_to_date(PeriodKind.QUARTER) == (Q1,)
    assert p("2011-05").period_to_date(PeriodKind.QUARTER) == ()
    assert Q2.period_to_date(PeriodKind.TRANCHE) == (T1,)


def test_periods_of_frequency_within() -> None:
    assert FY.periods_of_frequency_within(Frequency.QUARTERLY) == (Q1, Q2, Q3, Q4)
    assert FY.periods_of_frequency_within(Frequency.FOUR_MONTHLY) == (T1, T2, T3)
    assert Q2.periods_of_frequency_within(Frequency.MONTHLY) == Q2.months()
    assert Q2.periods_of_frequency_within(Frequency.QUARTERLY) == (Q2,)
    assert FY.periods_of_frequency_within(Frequency.ANNUAL) == (FY,)


def test_periods_of_frequency_within_is_empty_when_they_do_not_fit() -> None:
    assert Q2.periods_of_frequency_within(Frequency.FOUR_MONTHLY) == ()
    assert T1.periods_of_frequency_within(Frequency.QUARTERLY) == ()
    assert JULY.periods_of_frequency_within(Frequency.QUARTERLY) == ()
    assert Q2.periods_of_frequency_within(Frequency.ANNUAL) == ()


# Ordering and hashing -------------------------------------------------------------------


def test_periods_sort_by_start_then_shorter_first() -> None:
    given = [FY, Q2, p("2010/11 Q4"), T1, Q1, p("2011-04"), p("2012-03")]
    assert [str(x) for x in sorted(given)] == [
        "2010/11 Q4",
        "2011-04",
        "2011/12 Q1",
        "2011/12 T1",
        "2011/12",
        "2011/12 Q2",
        "2012-03",
    ]


def test_comparisons() -> None:
    assert Q1 < Q2
    assert Q2 > Q1
    assert Q1 <= Q1
    assert p("2010/11 Q4") < Q1
    assert p("2012-01") > p("2011-12")


def test_comparing_with_something_else_is_not_supported() -> None:
    with pytest.raises(TypeError):
        _ = Q1 < "2011/12 Q2"  # type: ignore[operator]


def test_equal_periods_hash_equal_and_work_as_dictionary_keys() -> None:
    values = {p("2011/12 Q2"): 421}
    assert values[Period.quarter(2011, 2)] == 421
    assert len({p("2011-07"), Period.month(2011, 7), p("Jul-11")}) == 1
    assert Q1 != T1


def test_periods_are_immutable() -> None:
    with pytest.raises(AttributeError):
        Q1.index = 2  # type: ignore[misc]


# Frequencies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "period", "fits"),
    [
        (Frequency.MONTHLY, "2011-07", True),
        (Frequency.MONTHLY, "2011/12 Q2", True),
        (Frequency.MONTHLY, "2011/12 T2", True),
        (Frequency.MONTHLY, "2011/12", True),
        (Frequency.QUARTERLY, "2011-07", False),
        (Frequency.QUARTERLY, "2011/12 Q2", True),
        (Frequency.QUARTERLY, "2011/12 T1", False),
        (Frequency.QUARTERLY, "2011/12", True),
        (Frequency.FOUR_MONTHLY, "2011-07", False),
        (Frequency.FOUR_MONTHLY, "2011/12 Q2", False),
        (Frequency.FOUR_MONTHLY, "2011/12 T3", True),
        (Frequency.FOUR_MONTHLY, "2011/12", True),
        (Frequency.ANNUAL, "2011/12 Q4", False),
        (Frequency.ANNUAL, "2011/12 T3", False),
        (Frequency.ANNUAL, "2011/12", True),
    ],
)
def test_a_value_may_be_for_a_period_as_long_as_the_frequency_or_longer_never_shorter(
    frequency: Frequency, period: str, fits: bool
) -> None:
    assert frequency_fits(frequency, p(period)) is fits


def test_frequency_labels_and_kinds() -> None:
    assert [f.label for f in Frequency] == ["Monthly", "Quarterly", "4-monthly", "Annual"]
    assert [f.kind for f in Frequency] == [
        PeriodKind.MONTH,
        PeriodKind.QUARTER,
        PeriodKind.TRANCHE,
        PeriodKind.YEAR,
    ]
    assert Frequency.FOUR_MONTHLY == "4-monthly"


def test_as_kind_accepts_kinds_frequencies_and_their_values() -> None:
    assert as_kind("4-monthly") is PeriodKind.TRANCHE
    assert as_kind("quarter") is PeriodKind.QUARTER
    assert as_kind(Frequency.ANNUAL) is PeriodKind.YEAR
    with pytest.raises(ValueError, match="fortnightly"):
        as_kind("fortnightly")


@pytest.mark.parametrize("text", ["2011/12", "2011/12 Q4", "2011/12 T2", "2012-02", "2011-07"])
def test_from_dates_rebuilds_a_stored_period(text: str) -> None:
    period = p(text)
    assert Period.from_dates(period.start, period.end) == period


def test_from_dates_refuses_dates_that_are_not_a_period() -> None:
    with pytest.raises(ValueError, match="01 May 2011 to 31 July 2011 is not a financial year"):
        Period.from_dates(datetime.date(2011, 5, 1), datetime.date(2011, 7, 31))
    with pytest.raises(ValueError, match="is not a financial year"):
        Period.from_dates(datetime.date(2011, 1, 1), datetime.date(2011, 12, 31))


# What a less frequent indicator shows in a report ----------------------------------------


@pytest.mark.parametrize(
    ("report", "frequency", "expected"),
    [
        # The frequency fits the report period: the period itself.
        ("2011/12 Q2", Frequency.MONTHLY, "2011/12 Q2"),
        ("2011/12 Q2", Frequency.QUARTERLY, "2011/12 Q2"),
        ("2011/12", Frequency.ANNUAL, "2011/12"),
        ("2011/12", Frequency.FOUR_MONTHLY, "2011/12"),
        # Tranches: the latest overlapping the quarter that ends before the next
        # quarter ends (the Ealing pack prints T2 in its Quarter 2 columns).
        ("2011/12 Q1", Frequency.FOUR_MONTHLY, "2011/12 T1"),
        ("2011/12 Q2", Frequency.FOUR_MONTHLY, "2011/12 T2"),
        ("2011/12 Q3", Frequency.FOUR_MONTHLY, "2011/12 T2"),
        ("2011/12 Q4", Frequency.FOUR_MONTHLY, "2011/12 T3"),
        # Years: only once the year has ended (Q4), never Q1 to Q3.
        ("2011/12 Q1", Frequency.ANNUAL, None),
        ("2011/12 Q2", Frequency.ANNUAL, None),
        ("2011/12 Q3", Frequency.ANNUAL, None),
        ("2011/12 Q4", Frequency.ANNUAL, "2011/12"),
        ("2011/12 T3", Frequency.ANNUAL, "2011/12"),
        ("2011/12 T2", Frequency.ANNUAL, None),
        # A monthly report: a quarter shows in its last month.
        ("2011-08", Frequency.QUARTERLY, None),
        ("2011-09", Frequency.QUARTERLY, "2011/12 Q2"),
        ("2011-07", Frequency.QUARTERLY, None),
        ("2012-03", Frequency.ANNUAL, "2011/12"),
        # A tranche report with a quarterly indicator: the latest quarter overlapping
        # it, but never one starting after it (the next year's Q1 for T3).
        ("2011/12 T3", Frequency.QUARTERLY, "2011/12 Q4"),
        ("2011/12 T1", Frequency.QUARTERLY, "2011/12 Q2"),
    ],
)
def test_a_less_frequent_indicator_shows_a_period_known_by_the_next_report(
    report, frequency, expected
):
    shown = reported_period(parse_period(report), frequency)
    assert (str(shown) if shown else None) == expected


@pytest.mark.parametrize(
    ("period", "quarter"),
    [
        ("2011-07", "2011/12 Q2"),
        ("2011/12 Q2", "2011/12 Q2"),
        ("2011/12 T1", "2011/12 Q1"),
        ("2011/12 T2", "2011/12 Q2"),
        ("2011/12 T3", "2011/12 Q4"),
        ("2011/12", "2011/12 Q4"),
    ],
)
def test_a_periods_return_is_the_first_quarter_whose_report_shows_it(period, quarter):
    from roundtable.performance.periods import reported_period, return_quarter

    found = return_quarter(parse_period(period))
    assert str(found) == quarter
    if parse_period(period).kind in (PeriodKind.TRANCHE, PeriodKind.YEAR):
        assert reported_period(found, parse_period(period).kind) == parse_period(period)


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        (datetime.date(2012, 1, 10), "2011/12 Q3"),
        (datetime.date(2011, 10, 1), "2011/12 Q2"),
        (datetime.date(2011, 4, 1), "2010/11 Q4"),
        (datetime.date(2026, 12, 2), "2026/27 Q2"),
    ],
)
def test_the_return_collected_is_the_last_quarter_ended(today, quarter):
    assert str(return_due_for(today)) == quarter


@pytest.mark.parametrize(
    ("stored", "words"),
    [("2011-07", "July 2011"), ("2011/12 Q2", "Quarter 2 2011/12"), ("2011/12", "2011/12")],
)
def test_a_stored_period_reads_in_words(stored: str, words: str) -> None:
    assert period_words(stored) == words


def test_a_stored_text_that_is_no_period_reads_as_itself() -> None:
    assert period_words("Q2 (pack)") == "Q2 (pack)"


@time_machine.travel(LAST_HALF_HOUR_UTC, tick=False)
def test_a_bad_period_or_quarter_is_told_the_sites_periods_as_examples():
    told = "'Smarch-11' is not a period; use 2027/28, 2027/28 Q1–Q4, 2027/28 T1–T3 or 2027-04"
    with pytest.raises(ValueError, match=f"^{re.escape(told)}$"):
        parse_period("Smarch-11")
    told = "'2011/12' is not a quarter; use a quarter like 2027/28 Q1"
    with pytest.raises(ValueError, match=f"^{re.escape(told)}$"):
        parse_quarter("2011/12")
