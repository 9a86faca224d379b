"""Every message and hint that gives an example period gives one from today's
financial year (`core.dates.example_periods`), not the demo's "2011/12 Q2"."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import load_command_class

from roundtable.core.imports import Row, RowReader

# A day far from the demo's years and from when the tests were written: 2031/32 Q1.
FROZEN = datetime.datetime(2031, 5, 10, 12, tzinfo=datetime.UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


def _help(app: str, name: str) -> str:
    parser = load_command_class(f"roundtable.{app}", name).create_parser("roundtable", name)
    return " ".join(parser.format_help().split())


def test_a_performance_period_that_cannot_be_read_is_told_this_years_forms():
    from roundtable.performance.periods import parse_period, parse_quarter

    with pytest.raises(ValueError, match="use 2031/32, 2031/32 Q1–Q4, 2031/32 T1–T3 or 2031-05"):
        parse_period("soon")
    with pytest.raises(ValueError, match="use a quarter like 2031/32 Q1"):
        parse_quarter("2031/32")


def test_the_commands_period_options_give_this_years_examples():
    assert 'The report period, e.g. "2031/32 Q1"' in _help("performance", "performance_report")
    assert "Only this period, like 2031 or 2031/32" in _help("lis", "lis_export")


def test_the_lis_exports_period_filter_gives_this_years_examples():
    from roundtable.lis.queries import _periods_like

    assert _periods_like() == "2031 or 2031/32"


def test_money_gives_this_financial_year_as_its_example():
    from roundtable.projects.forms_money import YearField
    from roundtable.projects.imports_funding import _year
    from roundtable.projects.rules_money import YearError, parse_financial_year

    with pytest.raises(YearError, match="write it like 2031/32"):
        parse_financial_year("soon")
    field = YearField()
    assert str(field.help_text) == "For example, 2031/32"
    with pytest.raises(ValidationError) as caught:
        field.clean("")
    assert caught.value.messages == ["Enter the financial year, like 2031/32"]
    errors: list = []
    _year(RowReader(Row(2, {"financial_year": ""}), errors))
    assert [e.message for e in errors] == ["enter the financial year, like 2031/32"]


@pytest.mark.django_db
def test_the_agenda_items_report_period_hint_gives_this_quarter(partnership):
    from roundtable.meetings.forms import ItemForm

    form = ItemForm(partnership=partnership)
    assert str(form["performance_report"].help_text).endswith("for example 2031/32 Q1")
    assert "for example 2031/32 Q1" in form["performance_report"].as_field_group()
    with time_machine.travel(datetime.datetime(2032, 1, 10, 12, tzinfo=datetime.UTC)):
        # Worked out when the form is drawn, not when the server started.
        later = ItemForm(partnership=partnership)["performance_report"]
        assert "for example 2031/32 Q4" in later.as_field_group()


def test_a_strategy_import_gives_this_year_as_its_example():
    from roundtable.strategy.importers import _Batch

    errors: list = []
    _Batch.year(None, RowReader(Row(2, {"start_year": "3000"}), errors), "start_year")
    assert [e.message for e in errors] == ["3000 is not a year; enter a year like 2031"]
