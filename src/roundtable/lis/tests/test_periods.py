"""LIS period labels: every kind the issue names, their dates, and labels that are not periods."""

from __future__ import annotations

import datetime
import re
from datetime import date

import pytest
import time_machine

from roundtable.core.dates import site_today
from roundtable.lis.periods import (
    PeriodError,
    PeriodKind,
    SeriesKind,
    expected,
    parse_period,
    period_name,
    series_kind,
)

# 23:30 UTC on 31 March 2027 is 00:30 on 1 April in London (summer time): the site's
# day, and financial year, are the next ones. A test travelling to a moment in UTC
# leaves `date.today()` at UTC's day; the examples must be the site's, as the forms'.
LAST_HALF_HOUR_UTC = datetime.datetime(2027, 3, 31, 23, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("text", "label", "kind", "start", "end"),
    [
        ("2011", "2011", PeriodKind.CALENDAR_YEAR, date(2011, 1, 1), date(2011, 12, 31)),
        ("2011/12", "2011/12", PeriodKind.FINANCIAL_YEAR, date(2011, 4, 1), date(2012, 3, 31)),
        ("2011/2012", "2011/12", PeriodKind.FINANCIAL_YEAR, date(2011, 4, 1), date(2012, 3, 31)),
        ("1999/00", "1999/00", PeriodKind.FINANCIAL_YEAR, date(1999, 4, 1), date(2000, 3, 31)),
        (
            "2011/12 (academic)",
            "2011/12 (academic)",
            PeriodKind.ACADEMIC_YEAR,
            date(2011, 9, 1),
            date(2012, 8, 31),
        ),
        (
            "2011/12 Q1",
            "2011/12 Q1",
            PeriodKind.FINANCIAL_QUARTER,
            date(2011, 4, 1),
            date(2011, 6, 30),
        ),
        (
            "2011/12 q2",
            "2011/12 Q2",
            PeriodKind.FINANCIAL_QUARTER,
            date(2011, 7, 1),
            date(2011, 9, 30),
        ),
        (
            "2011/12 Q3",
            "2011/12 Q3",
            PeriodKind.FINANCIAL_QUARTER,
            date(2011, 10, 1),
            date(2011, 12, 31),
        ),
        (
            "2011/12 Q4",
            "2011/12 Q4",
            PeriodKind.FINANCIAL_QUARTER,
            date(2012, 1, 1),
            date(2012, 3, 31),
        ),
        ("2011 Q1", "2011 Q1", PeriodKind.CALENDAR_QUARTER, date(2011, 1, 1), date(2011, 3, 31)),
        ("2012-02", "2012-02", PeriodKind.MONTH, date(2012, 2, 1), date(2012, 2, 29)),
        (
            "2017 - 19",
            "2017 - 19",
            PeriodKind.POOLED_CALENDAR,
            date(2017, 1, 1),
            date(2019, 12, 31),
        ),
        (
            "2017 - 2019",
            "2017 - 19",
            PeriodKind.POOLED_CALENDAR,
            date(2017, 1, 1),
            date(2019, 12, 31),
        ),
        (
            "1998 - 02",
            "1998 - 02",
            PeriodKind.POOLED_CALENDAR,
            date(1998, 1, 1),
            date(2002, 12, 31),
        ),
        (
            "2015/16 - 17/18",
            "2015/16 - 17/18",
            PeriodKind.POOLED_FINANCIAL,
            date(2015, 4, 1),
            date(2018, 3, 31),
        ),
        (
            " 2015/16  -  2017/18 ",
            "2015/16 - 17/18",
            PeriodKind.POOLED_FINANCIAL,
            date(2015, 4, 1),
            date(2018, 3, 31),
        ),
    ],
)
def test_period_labels_parse_to_their_kind_and_dates(text, label, kind, start, end):
    period = parse_period(text)
    assert (period.label, period.kind, period.start, period.end) == (label, kind, start, end)


def test_a_split_year_is_academic_when_the_kind_says_so():
    period = parse_period("2011/12", kind="academic_year")
    assert period.label == "2011/12 (academic)"
    assert (period.start, period.end) == (date(2011, 9, 1), date(2012, 8, 31))


@pytest.mark.parametrize(
    "text",
    ["", "last year", "2011/13", "2011-13", "2011/12 Q5", "2019 - 17", "2017/18 - 15/16", "11/12"],
)
def test_labels_that_are_not_periods_say_what_a_period_looks_like(text):
    # With examples of today's (`expected`), not the demo's 2011/12.
    with pytest.raises(PeriodError, match=re.escape(expected(site_today()))):
        parse_period(text)


def test_what_a_period_looks_like_is_said_with_todays_periods():
    assert expected(date(2026, 12, 6)) == (
        "enter a period like 2026, 2026/27, 2026/27 (academic), 2026/27 Q3, 2026-12, "
        "2023 - 25 or 2023/24 - 25/26"
    )
    for example in ("2023 - 25", "2023/24 - 25/26"):  # each example reads as a period
        assert parse_period(example).label == example


# Series of one kind ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "kind", "adjective", "one", "many"),
    [
        (
            "2011",
            SeriesKind(PeriodKind.CALENDAR_YEAR),
            "calendar-year",
            "calendar year",
            "calendar years",
        ),
        (
            "2011/12",
            SeriesKind(PeriodKind.FINANCIAL_YEAR),
            "financial-year",
            "financial year",
            "financial years",
        ),
        (
            "2011/12 Q2",
            SeriesKind(PeriodKind.FINANCIAL_QUARTER),
            "quarterly",
            "quarter",
            "quarters",
        ),
        ("2011-07", SeriesKind(PeriodKind.MONTH), "monthly", "month", "months"),
        (
            "2017 - 19",
            SeriesKind(PeriodKind.POOLED_CALENDAR, 3),
            "3-year pooled",
            "pooled 3-year period",
            "pooled 3-year periods",
        ),
        (
            "2015/16 - 19/20",
            SeriesKind(PeriodKind.POOLED_FINANCIAL, 5),
            "5-financial-year pooled",
            "pooled 5-financial-year period",
            "pooled 5-financial-year periods",
        ),
    ],
)
def test_a_period_belongs_to_a_series_of_its_kind_with_words_for_it(
    label, kind, adjective, one, many
):
    assert series_kind(label) == kind
    assert kind.adjective == adjective
    assert kind.noun(1) == one
    assert kind.noun(12) == many


def test_a_quarter_a_month_and_a_year_are_three_kinds_of_series():
    kinds = {series_kind(label) for label in ("2011/12", "2011/12 Q2", "2011-07")}
    assert len(kinds) == 3


def test_pooled_periods_of_different_lengths_are_different_series():
    assert series_kind("2016 - 18") == series_kind("2017 - 19")
    assert series_kind("2017 - 19") != series_kind("2015 - 19")


def test_year_to_date_figures_start_again_in_april_or_january_and_years_never():
    assert series_kind("2011-07").year_starts == 4
    assert series_kind("2011/12 Q3").year_starts == 4
    assert series_kind("2011 Q3").year_starts == 1
    assert series_kind("2011/12").year_starts is None
    assert series_kind("2017 - 19").year_starts is None


def test_a_label_that_is_no_period_has_no_series_kind():
    assert series_kind("2011/12 T1") is None


@pytest.mark.parametrize(
    ("label", "name", "short"),
    [
        ("2012-06", "June 2012", "Jun 2012"),
        ("2011-09", "September 2011", "Sep 2011"),
        ("2011", "2011", "2011"),
        ("2011/12", "2011/12", "2011/12"),
        ("2011/12 Q2", "2011/12 Q2", "2011/12 Q2"),
        ("2011/12 (academic)", "2011/12 (academic)", "2011/12 (academic)"),
        ("2017 - 19", "2017 - 19", "2017 - 19"),
        ("not a period", "not a period", "not a period"),
        ("", "", ""),
    ],
)
def test_a_month_reads_by_its_name_and_other_periods_as_their_label(label, name, short):
    assert period_name(label) == name
    assert period_name(label, short=True) == short


@time_machine.travel(LAST_HALF_HOUR_UTC, tick=False)
def test_a_label_that_is_not_a_period_is_told_the_sites_periods_as_examples():
    with pytest.raises(PeriodError) as refused:
        parse_period("last year")
    assert str(refused.value) == f"last year is not a period; {expected(date(2027, 4, 1))}"
    assert "2027/28 Q1, 2027-04" in str(refused.value)
