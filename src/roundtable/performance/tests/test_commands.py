"""The CLI contract: roundtable performance import-indicators / import-values / report.

The commands run through call_command with the names the `roundtable` CLI maps
to (tests/core test_cli covers the mapping): Django's command-line runner closes
database connections when a command ends, which would end the test's transaction.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from roundtable.cli import translate
from roundtable.performance.models import IndicatorValue


def main(argv: list[str]) -> None:
    """Run `roundtable …` as the CLI would, inside the test's transaction."""
    groups = {"performance": ["import-indicators", "import-values", "report"]}
    name, *args = translate(argv, groups)
    call_command(name, *args)


pytestmark = pytest.mark.django_db

INDICATORS = "code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance\nNI 123,Stopping Smoking,Health,higher,quarterly,count,no,NHS Ealing,5%\n"
VALUES = "code,period,actual,target,estimated,note\nNI 123,2011/12 Q1,481,,,\nNI 123,2011/12 Q2,421 (est),420,,\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "indicators.csv").write_text(INDICATORS)
    (tmp_path / "values.csv").write_text(VALUES)
    return tmp_path


def test_import_then_report_as_json(files, partnership, capsys):
    main(["performance", "import-indicators", str(files / "indicators.csv")])
    main(["performance", "import-values", str(files / "values.csv")])
    assert "values: 2 rows (2 created" in capsys.readouterr().out
    out = files / "report.json"
    main(
        [
            "performance",
            "report",
            "--period",
            "2011/12 Q2",
            "--format",
            "json",
            "--output",
            str(out),
        ]
    )
    (row,) = json.loads(out.read_text())
    assert (row["actual"], row["estimated"], row["previous_actual"], row["direction"]) == (
        421,
        True,
        481,
        "declining",
    )


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_report_writes_every_format(files, partnership, fmt):
    main(["performance", "import-indicators", str(files / "indicators.csv")])
    out = files / f"report.{fmt}"
    main(["performance", "report", "--period", "2011/12 Q2", "--format", fmt, "--output", str(out)])
    assert out.stat().st_size > 1000


def test_a_bad_import_exits_non_zero_naming_row_column_and_value(files, partnership, capsys):
    main(["performance", "import-indicators", str(files / "indicators.csv")])
    (files / "bad.csv").write_text(
        "code,period,actual,target,estimated,note\nNI 123,2011/12 Q7,x,,,\n"
    )
    with pytest.raises(CommandError) as excinfo:
        main(["performance", "import-values", str(files / "bad.csv")])
    # The command line prints this and exits with status 1.
    assert "Row 2, period: '2011/12 Q7' is not a period" in str(excinfo.value)
    assert "Row 2, actual: 'x'" in str(excinfo.value)


def test_an_import_refuses_a_decimal_comma_and_a_percentage_over_100(files, partnership):
    (files / "rates.csv").write_text(
        "code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance\n"
        "NI 8,Adult participation,Health,higher,quarterly,%,no,NHS Ealing,\n"
    )
    main(["performance", "import-indicators", str(files / "rates.csv")])
    (files / "bad.csv").write_text(
        "code,period,actual,target,estimated,note\n"
        'NI 8,2011/12 Q1,"8,7",90,,\n'
        "NI 8,2011/12 Q2,91.5,915,,\n"
        'NI 8,2011/12 Q3,"1,234.5",,,\n'
    )
    with pytest.raises(CommandError) as excinfo:
        main(["performance", "import-values", str(files / "bad.csv")])
    message = str(excinfo.value)
    assert "Row 2, actual: '8,7' is not a number; use a full stop for decimals, like 8.7" in message
    assert "Row 3, target: 915% is not a percentage from 0 to 100" in message
    assert "Row 4, actual: 1234.5% is not a percentage from 0 to 100" in message
    assert not IndicatorValue.objects.exists()


def test_several_partnerships_need_to_be_named(files, partnership, other_partnership, capsys):
    with pytest.raises(CommandError, match="say which with --partnership"):
        main(["performance", "import-indicators", str(files / "indicators.csv")])


def test_an_unparsable_report_period_is_an_error(partnership, capsys):
    with pytest.raises(CommandError, match="is not a period"):
        main(["performance", "report", "--period", "next quarter"])
