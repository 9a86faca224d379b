"""LIS period labels: every kind the issue names, their dates, and labels that are not periods."""

from __future__ import annotations

from datetime import date

import pytest

from roundtable.lis.periods import PeriodError, PeriodKind, parse_period


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
    with pytest.raises(PeriodError, match="enter a period like 2011, 2011/12"):
        parse_period(text)
