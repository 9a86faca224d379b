"""The pure rules of projects' money: amounts, financial years, totals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from roundtable.projects import rules_money as rules


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("£50k", "50000"),
        ("50k", "50000"),
        ("50K", "50000"),
        ("£ 50k", "50000"),
        ("£1,250,000", "1250000"),
        ("1.2m", "1200000"),
        ("£1.2m", "1200000"),
        ("1.5M", "1500000"),
        ("50,000.50", "50000.50"),
        ("50000", "50000"),
        ("50000.5", "50000.50"),
        ("£0", "0"),
        ("  £55,000  ", "55000"),
        ("£2.25k", "2250"),
        ("£1,250k", "1250000"),
        ("GBP 300", "300"),
    ],
)
def test_an_amount_written_as_people_write_it_is_read_exactly(text, pounds):
    assert rules.parse_amount(text) == Decimal(pounds).quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1,25", "commas separate thousands"),
        ("50.000", "ambiguous"),
        ("£", "not an amount"),
        ("", "enter an amount"),
        ("5k5", "a k or m must end the amount"),
        ("1,2,3", "commas separate thousands"),
        ("1.2.3", "more than one decimal point"),
        ("fifty", "not an amount"),
        ("1,250.505", "more than two decimals"),
        ("1.234567k", "whole number of pence"),
        ("£2,000,000,000,000", "too large"),
    ],
)
def test_an_ambiguous_or_unreadable_amount_is_refused_saying_how_to_write_it(text, says):
    with pytest.raises(rules.AmountError) as refused:
        rules.parse_amount(text)
    assert says in str(refused.value)


@pytest.mark.parametrize("text", ["£-5", "-5", "-£5", "(5,000)", "−5"])
def test_a_negative_amount_is_refused_saying_money_is_never_negative(text):
    with pytest.raises(rules.AmountError) as refused:
        rules.parse_amount(text)
    assert "never negative" in str(refused.value)
    assert "like £5,000" in str(refused.value)


def test_an_amount_is_written_back_in_pounds_with_pence_only_when_there_are_some():
    assert rules.format_amount(Decimal("50000")) == "£50,000"
    assert rules.format_amount(Decimal("50000.5")) == "£50,000.50"
    assert rules.format_amount(None) == ""


def test_a_stored_amount_is_checked_for_sign_pence_and_size():
    assert rules.check_amount(Decimal("-1")) is not None
    assert rules.check_amount(Decimal("1.005")) is not None
    assert rules.check_amount(Decimal("10")) is None
    assert rules.check_amount(None) == "enter an amount"


@pytest.mark.parametrize(
    "text", ["2011/12", "2011-12", "2011/2012", "2011-2012", " 2011 / 12 ", "FY2011/12"]
)
def test_a_financial_year_is_read_in_its_usual_spellings(text):
    assert rules.parse_financial_year(text) == "2011/12"


def test_the_year_at_the_turn_of_a_century_is_read():
    assert rules.parse_financial_year("1999/00") == "1999/00"
    assert rules.parse_financial_year("1999/2000") == "1999/00"


@pytest.mark.parametrize("text", ["2011/13", "2011", "11/12", "2011/2013", "Q1 2011"])
def test_a_financial_year_that_is_not_one_year_is_refused(text):
    with pytest.raises(rules.YearError) as refused:
        rules.parse_financial_year(text)
    assert "2011/12" in str(refused.value) or "like" in str(refused.value)


@time_machine.travel(datetime.datetime(2027, 3, 31, 23, 30, tzinfo=datetime.UTC), tick=False)
def test_a_year_that_cannot_be_read_is_told_the_sites_financial_year_as_example():
    # 23:30 UTC on 31 March 2027 is 1 April in London: the site's year is 2027/28.
    with pytest.raises(rules.YearError) as refused:
        rules.parse_financial_year("next year")
    assert str(refused.value) == "'next year' is not a financial year; write it like 2027/28"


def test_the_years_of_a_span_are_listed_and_a_backward_span_refused():
    assert rules.financial_years("2011/12", "2013/14") == ["2011/12", "2012/13", "2013/14"]
    with pytest.raises(rules.YearError):
        rules.financial_years("2013/14", "2011/12")


def test_budget_totals_are_summed_per_project_per_year_and_overall():
    f = rules.BudgetFigures
    totals = rules.budget_totals(
        [
            ("Southall", "2011/12", f(Decimal(100), Decimal(50), Decimal(10))),
            ("Southall", "2012/13", f(Decimal(200), Decimal(0), Decimal(0))),
            ("Assets", "2011/12", f(Decimal(5), Decimal(5), Decimal(5))),
            ("Southall", "2011/12", f(Decimal(1), Decimal(1), Decimal(1))),
        ]
    )
    assert list(totals["Southall"]) == ["2011/12", "2012/13", "total"]
    assert totals["Southall"]["2011/12"] == f(Decimal(101), Decimal(51), Decimal(11))
    assert totals["Southall"]["total"] == f(Decimal(301), Decimal(51), Decimal(11))
    assert totals["Assets"]["total"].remaining == Decimal(0)


def test_contributions_are_tabled_partners_by_years_with_totals_both_ways():
    grid = rules.grid(
        [
            ("Police", "2012/13", Decimal(30)),
            ("Council", "2011/12", Decimal(100)),
            ("Council", "2012/13", Decimal(50)),
            ("Council", "2011/12", Decimal(1)),
        ],
        columns=["2013/14"],
    )
    assert grid.rows == ["Council", "Police"]
    assert grid.columns == ["2011/12", "2012/13", "2013/14"]
    assert grid.lines() == [
        ("Council", [Decimal(101), Decimal(50), None], Decimal(151)),
        ("Police", [None, Decimal(30), None], Decimal(30)),
    ]
    assert grid.column_totals == {
        "2011/12": Decimal(101),
        "2012/13": Decimal(80),
        "2013/14": Decimal(0),
    }
    assert grid.total == Decimal(181)


def test_totals_by_status_keep_every_status_in_order():
    totals = rules.totals_by(
        [("b", Decimal(2)), ("a", Decimal(1)), ("b", Decimal(3))], ["a", "b", "c"]
    )
    assert totals == {"a": Decimal(1), "b": Decimal(5), "c": Decimal(0)}


def test_declined_funding_is_not_counted_in_the_pipeline_nor_as_secured():
    totals = rules.funding_totals(
        [
            ("awarded", Decimal("25000")),
            ("spent", Decimal("100000")),
            ("submitted", Decimal("1500000")),
            ("declined", Decimal("500")),
        ]
    )
    assert totals.in_pipeline == Decimal("1625000")
    assert totals.secured == Decimal("125000")
    assert totals.declined == Decimal("500")
    assert totals.count_in_pipeline == 3


def test_the_rules_statuses_are_the_funding_statuses_stored():
    from roundtable.projects.models_money import FundingStatus

    assert rules.DECLINED in FundingStatus.values
    assert set(rules.SECURED) <= set(FundingStatus.values)
