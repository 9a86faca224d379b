"""Example dates for hints: near-future, in the GOV.UK style, and accepted by the
date fields."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from roundtable.core.dates import (
    example_date,
    example_date_iso,
    example_date_text,
    example_periods,
    past_example_date,
    site_today,
)
from roundtable.core.imports import parse_date

# 23:30 UTC on 31 March 2027 is 00:30 on 1 April in London (summer time): the site's
# day, and financial year, are the next ones. A test travelling to a moment in UTC
# leaves `date.today()` at UTC's day; the examples must be the site's, as the forms'.
LAST_HALF_HOUR_UTC = datetime.datetime(2027, 3, 31, 23, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("today", "example"),
    [
        (datetime.date(2026, 12, 6), datetime.date(2027, 1, 16)),
        (datetime.date(2026, 12, 31), datetime.date(2027, 1, 16)),
        (datetime.date(2027, 1, 1), datetime.date(2027, 2, 16)),
        (datetime.date(2027, 1, 31), datetime.date(2027, 2, 16)),
    ],
)
def test_the_example_is_the_16th_of_next_month(today, example):
    assert example_date(today) == example
    assert 16 <= (example - today).days <= 46


def test_the_example_is_written_in_the_govuk_style():
    assert example_date_text(datetime.date(2026, 12, 6)) == "16 January 2027"


def test_the_date_fields_accept_the_example_as_written():
    assert parse_date(example_date_text(datetime.date(2026, 12, 6))) == datetime.date(2027, 1, 16)


@pytest.mark.parametrize(
    ("today", "example"),
    [
        (datetime.date(2026, 12, 6), datetime.date(2026, 11, 16)),
        (datetime.date(2026, 12, 31), datetime.date(2026, 11, 16)),
        (datetime.date(2027, 1, 1), datetime.date(2026, 12, 16)),
        (datetime.date(2027, 3, 31), datetime.date(2027, 2, 16)),
    ],
)
def test_the_past_example_is_the_16th_of_last_month(today, example):
    assert past_example_date(today) == example
    assert 14 <= (today - example).days <= 47


def test_the_past_example_is_written_the_same_way():
    assert example_date_text(datetime.date(2027, 1, 6), past=True) == "16 December 2026"
    written = example_date_text(datetime.date(2027, 1, 6), past=True)
    assert parse_date(written) == datetime.date(2026, 12, 16)


def test_the_example_for_files_and_options_is_written_in_iso():
    assert example_date_iso(datetime.date(2026, 12, 6)) == "2027-01-16"
    assert example_date_iso(datetime.date(2026, 12, 6), past=True) == "2026-11-16"
    assert parse_date(example_date_iso(datetime.date(2026, 12, 6))) == datetime.date(2027, 1, 16)


@pytest.mark.parametrize(
    ("today", "financial", "quarter", "academic"),
    [
        (datetime.date(2026, 12, 6), "2026/27", "2026/27 Q3", "2026/27 (academic)"),
        (datetime.date(2027, 1, 1), "2026/27", "2026/27 Q4", "2026/27 (academic)"),
        (datetime.date(2027, 3, 31), "2026/27", "2026/27 Q4", "2026/27 (academic)"),
        (datetime.date(2027, 4, 1), "2027/28", "2027/28 Q1", "2026/27 (academic)"),
        (datetime.date(2027, 8, 31), "2027/28", "2027/28 Q2", "2026/27 (academic)"),
        (datetime.date(2027, 9, 1), "2027/28", "2027/28 Q2", "2027/28 (academic)"),
        (datetime.date(2099, 6, 30), "2099/00", "2099/00 Q1", "2098/99 (academic)"),
    ],
)
def test_example_periods_are_the_ones_today_is_in(today, financial, quarter, academic):
    from roundtable.lis.periods import parse_period as parse_lis_period
    from roundtable.performance.periods import Period, PeriodKind, parse_period
    from roundtable.projects.rules_money import parse_financial_year

    examples = example_periods(today)
    assert examples.financial_year == financial
    assert examples.quarter == quarter
    assert examples.academic_year == academic
    assert examples.calendar_year == str(today.year)
    assert examples.month == f"{today:%Y-%m}"
    # As the parsers read them, and the periods today is in.
    assert parse_period(examples.quarter) == Period.containing(today, PeriodKind.QUARTER)
    assert parse_period(examples.financial_year) == Period.containing(today, PeriodKind.YEAR)
    assert parse_period(examples.month) == Period.containing(today, PeriodKind.MONTH)
    assert parse_financial_year(examples.financial_year) == financial
    for label in (
        examples.financial_year,
        examples.quarter,
        examples.calendar_year,
        examples.academic_year,
        examples.month,
    ):
        assert parse_lis_period(label).label == label
        assert parse_lis_period(label).start <= today <= parse_lis_period(label).end


@time_machine.travel(LAST_HALF_HOUR_UTC, tick=False)
def test_the_sites_today_is_londons_day_not_the_processs():
    assert site_today() == datetime.date(2027, 4, 1)
