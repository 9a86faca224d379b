"""`roundtable lis import-indicators`: the indicator library the LIS shares with performance."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from roundtable.performance.models import Indicator
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

HEADER = "code,name,value_type,polarity,multiplier,unit,definition,source,ci_method,decimals"


def write(tmp_path, *lines):
    path = tmp_path / "indicators.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_new_indicators_are_on_the_lis_and_not_in_the_performance_report(
    tmp_path, partnership, capsys
):
    path = write(
        tmp_path,
        HEADER,
        'STR1,Stroke admissions,rate,lower,100000,"per 100,000",Emergency admissions,NHS,Byar,1',
        "POP1,Residents,count,none,,,,Census 2011,,0",
    )
    call_command("lis_import_indicators", path)
    assert "2 new and 0 updated LIS indicators" in capsys.readouterr().out
    stroke = Indicator.objects.get(code="STR1")
    assert (stroke.value_type, stroke.polarity, stroke.multiplier) == ("rate", "lower", 100_000)
    assert (stroke.in_report, stroke.on_lis, stroke.ci_method) == (False, True, "Byar")
    assert stroke.data_source == "NHS"
    assert Indicator.objects.get(code="POP1").decimals == 0


def test_a_performance_indicator_is_published_on_the_lis_and_stays_in_the_report(
    tmp_path, partnership
):
    IndicatorFactory(partnership=partnership, code="NI 39", name="Alcohol admissions")
    call_command(
        "lis_import_indicators",
        write(tmp_path, HEADER, "ni 39,Alcohol admissions,rate,lower,100000,,,,,1"),
    )
    indicator = Indicator.objects.get()
    assert (indicator.in_report, indicator.on_lis, indicator.value_type) == (True, True, "rate")


def test_bad_rows_are_named_and_nothing_is_imported(tmp_path, partnership):
    path = write(
        tmp_path,
        HEADER,
        "A1,One,percentage,higher,,,,,,",
        "A2,Two,speed,sideways,7,,,,,x",
        "a1,Again,count,none,,,,,,",
    )
    with pytest.raises(CommandError) as failure:
        call_command("lis_import_indicators", path)
    message = str(failure.value)
    assert "Row 3, value_type: 'speed' is not a value type" in message
    assert "Row 3, polarity: 'sideways' is not a polarity" in message
    assert "Row 3, multiplier: '7' is not a multiplier" in message
    assert "Row 3, decimals: 'x' is not a whole number" in message
    assert "Row 4, code: this code is already on row 2" in message
    assert not Indicator.objects.exists()


def test_missing_headers_are_named(tmp_path, partnership):
    with pytest.raises(CommandError, match="Row 1, value_type: this column is missing"):
        call_command("lis_import_indicators", write(tmp_path, "code,name,polarity", "A,B,higher"))


def test_importing_the_same_file_again_writes_nothing(tmp_path, partnership, capsys):
    path = write(tmp_path, HEADER, "POP1,Residents,count,none,,,,Census 2011,,0")
    call_command("lis_import_indicators", path)
    indicator = Indicator.objects.get()
    call_command("lis_import_indicators", path)
    assert "0 new and 0 updated LIS indicators, 1 unchanged" in capsys.readouterr().out
    assert indicator.history.count() == 1
    call_command(
        "lis_import_indicators", write(tmp_path, HEADER, "POP1,Residents,count,none,,,,ONS,,0")
    )
    assert Indicator.objects.get().data_source == "ONS"
    assert indicator.history.count() == 2
