"""Imports of figures refuse what the database cannot hold, and old figures too large
for it still report (issue #10, faults 11, 12, 13, 15 and 16)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError
from django.db import connection
from openpyxl import Workbook

from roundtable.core.imports import ImportFailed, read_table
from roundtable.performance import parsers
from roundtable.performance.imports import import_data_issues
from roundtable.performance.models import DataIssue, IndicatorValue
from roundtable.performance.tests.test_commands import INDICATORS, main

pytestmark = pytest.mark.django_db

HEADER = "code,period,actual,target,estimated,note,numerator,denominator\n"


@pytest.fixture
def indicators(tmp_path, partnership):
    (tmp_path / "indicators.csv").write_text(INDICATORS)
    main(["performance", "import-indicators", str(tmp_path / "indicators.csv")])
    return tmp_path


def import_values(directory, text: str, name: str = "values.csv") -> None:
    (directory / name).write_text(text)
    main(["performance", "import-values", str(directory / name)])


def test_a_figure_with_more_than_14_digits_before_the_point_is_refused(indicators):
    with pytest.raises(CommandError) as excinfo:
        import_values(
            indicators,
            HEADER + "NI 123,2011/12 Q1,481,,,,,\nNI 123,2011/12 Q2,123456789012345678901,,,,,\n",
        )
    assert (
        "Row 3, actual: '123456789012345678901' is too large; enter a number with at most "
        "14 digits before the decimal point"
    ) in str(excinfo.value)
    assert not IndicatorValue.objects.exists()


def test_an_xlsx_float_too_large_to_store_is_refused(indicators):
    workbook = Workbook()
    workbook.active.append(HEADER.strip().split(","))
    workbook.active.append(["NI 123", "2011/12 Q1", 481, 1e20, None, None])
    workbook.save(indicators / "values.xlsx")
    with pytest.raises(CommandError) as excinfo:
        main(["performance", "import-values", str(indicators / "values.xlsx")])
    assert "Row 2, target: '100000000000000000000' is too large" in str(excinfo.value)
    assert not IndicatorValue.objects.exists()


def test_a_figure_of_14_digits_before_the_point_is_imported(indicators):
    import_values(indicators, HEADER + "NI 123,2011/12 Q1,12345678901234,-12345678901234.5,,,,\n")
    value = IndicatorValue.objects.get()
    assert (value.actual, value.target) == (
        Decimal("12345678901234"),
        Decimal("-12345678901234.5"),
    )


def test_a_fraction_whose_figure_is_too_large_is_refused(indicators):
    with pytest.raises(CommandError) as excinfo:
        import_values(indicators, HEADER + "NI 123,2011/12 Q1,,,,,99999999999999,0.000001\n")
    assert "Row 2, denominator: " in str(excinfo.value)
    assert "is too large" in str(excinfo.value)
    assert not IndicatorValue.objects.exists()


def test_the_same_rule_checks_a_figure_typed_in_a_form():
    with pytest.raises(ValueError, match="at most 14 digits"):
        parsers.parse_number("123456789012345")
    assert parsers.parse_number("12345678901234") == Decimal("12345678901234")


def test_a_nul_character_in_a_note_is_refused_on_every_database(indicators):
    with pytest.raises(CommandError) as excinfo:
        import_values(indicators, HEADER + "NI 123,2011/12 Q1,481,,,bad\x00note,,\n")
    assert "Row 2, note: this cell contains a NUL character" in str(excinfo.value)
    assert not IndicatorValue.objects.exists()


def test_an_over_long_cell_is_refused_by_the_command_without_a_traceback(indicators):
    with pytest.raises(CommandError) as excinfo:
        import_values(indicators, HEADER + f"NI 123,2011/12 Q1,481,,,{'x' * 131_073},,\n")
    assert "Row 2, note: this cell has 131,073 characters" in str(excinfo.value)


def test_a_data_issue_given_twice_in_one_file_is_refused(partnership, indicators):
    table = read_table(
        io.BytesIO(
            b"code,issue,kind\nNI 123,Figures late,no data available\nNI 123,figures  LATE,no data available\n"
        ),
        "issues.csv",
    )
    with pytest.raises(ImportFailed) as excinfo:
        import_data_issues(table, partnership, None)
    assert [str(e) for e in excinfo.value.errors] == [
        "Row 3, issue: this is a duplicate of row 2; keep one"
    ]
    assert not DataIssue.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite ever stored such a figure")
@pytest.mark.parametrize("fmt", ["json", "html", "xlsx"])
def test_a_figure_stored_before_the_check_still_reports(indicators, fmt):
    import_values(indicators, HEADER + "NI 123,2011/12 Q1,481,,,,,\nNI 123,2011/12 Q2,421,,,,,\n")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE performance_indicatorvalue SET actual = 123456789012345678901 "
            "WHERE period = '2011/12 Q2'"
        )
    out = indicators / f"report.{fmt}"
    main(["performance", "report", "--period", "2011/12 Q2", "--format", fmt, "--output", str(out)])
    if fmt == "json":
        (row,) = json.loads(out.read_text())
        assert row["actual"] == 123456789012346000000
    elif fmt == "html":
        assert "123,456,789,012,346,000,000" in out.read_text()
    assert IndicatorValue.objects.get(period="2011/12 Q2").actual == Decimal(
        "123456789012346000000"
    )
