"""`roundtable lis import`: the tidy statistics file, all or nothing, every problem named."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from roundtable.core.dates import site_today
from roundtable.core.imports import ImportFailed
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.tests.factories import AreaFactory
from roundtable.lis import intervals
from roundtable.lis.imports import DatasetOptions, import_observations
from roundtable.lis.management.commands.lis_import import Command as ImportCommand
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.periods import expected
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory
from roundtable.partnership.tests.factories import OrganisationFactory
from roundtable.performance.models import Indicator
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

HEADER = "indicator,area_code,period,value,count,denominator,lower_ci_95,upper_ci_95"


@pytest.fixture
def library(partnership):
    """Three LIS indicators (a proportion, a rate per 100,000, a count) and two LSOAs."""
    for code, value_type, multiplier in (
        ("P1", "proportion", 1),
        ("R1", "rate", 100_000),
        ("C1", "count", 1),
    ):
        IndicatorFactory(
            partnership=partnership,
            code=code,
            value_type=value_type,
            multiplier=multiplier,
            in_report=False,
            on_lis=True,
        )
    LsoaFactory(code="E01000001", name="Ealing 001A")
    LsoaFactory(code="E01000002", name="Ealing 001B")
    return partnership


def write(tmp_path: Path, *lines: str, name: str = "stats.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path: Path, partnership, slug: str = "census", **options) -> str:
    return import_observations(path, partnership, DatasetOptions(slug=slug, **options))


def problems(path: Path, partnership) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        run(path, partnership)
    assert Observation.objects.count() == 0
    assert not Dataset.objects.filter(slug="census").exists()
    return [str(e) for e in failure.value.errors]


def test_import_creates_the_dataset_and_writes_every_row(tmp_path, library):
    path = write(
        tmp_path,
        HEADER,
        "P1,E01000001,2011,12.5,25,200,9.1,16.9",
        "R1,E01000002,2011/12,,30,20000,,",
        "C1,E01000001,2017 - 2019,,40,,,",
    )
    summary = run(path, library, title="Census 2011", licence="CC-BY-4.0")
    dataset = Dataset.objects.get(slug="census")
    assert (dataset.title, dataset.licence, dataset.published) == ("Census 2011", "CC-BY-4.0", True)
    assert summary == "3 observations of 3 indicators into Census 2011"
    rows = {o.indicator.code: o for o in Observation.objects.select_related("indicator")}
    assert rows["P1"].value == 12.5
    assert rows["P1"].lower_ci_95 == 9.1
    assert rows["R1"].value == pytest.approx(150.0)  # 30 / 20,000 per 100,000
    assert rows["R1"].period == "2011/12"
    assert str(rows["R1"].period_start) == "2011-04-01"
    assert rows["C1"].value == 40
    assert rows["C1"].period == "2017 - 19"
    assert str(rows["C1"].period_end) == "2019-12-31"


def test_a_value_left_blank_is_the_count_over_the_denominator_as_a_percentage(tmp_path, library):
    run(
        write(tmp_path, "indicator,area_code,period,count,denominator", "P1,E01000001,2011,5,20"),
        library,
    )
    assert Observation.objects.get().value == 25.0


def test_reimporting_replaces_the_same_cells_and_keeps_the_others(tmp_path, library):
    run(
        write(tmp_path, HEADER, "P1,E01000001,2011,12.5,25,200,,", "P1,E01000002,2011,10,20,200,,"),
        library,
    )
    run(write(tmp_path, HEADER, "P1,E01000001,2011,15,30,200,,"), library)
    values = dict(Observation.objects.values_list("area__code", "value"))
    assert values == {"E01000001": 15.0, "E01000002": 10.0}


def test_reimporting_with_the_same_options_writes_no_dataset_history(tmp_path, library):
    path = write(tmp_path, HEADER, "P1,E01000001,2011,12.5,25,200,,")
    run(path, library, title="Census 2011")
    dataset = Dataset.objects.get()
    run(path, library, title="Census 2011")
    assert dataset.history.count() == 1
    run(path, library, title="Census 2011 residents")
    assert dataset.history.count() == 2
    assert Dataset.objects.get().title == "Census 2011 residents"


def test_breakdowns_are_separate_cells(tmp_path, library):
    path = write(
        tmp_path,
        "indicator,area_code,period,value,sex,age,category",
        "C1,E01000001,2011,10,,,",
        "C1,E01000001,2011,6,Female,,",
        "C1,E01000001,2011,4,Male,,",
        "C1,E01000001,2011,3,Male,18-64,",
        "C1,E01000001,2011,2,,,Decile 1",
    )
    run(path, library)
    assert Observation.objects.count() == 5


def test_counts_below_the_dataset_threshold_are_marked_suppressed(tmp_path, library):
    path = write(
        tmp_path,
        "indicator,area_code,period,count,denominator",
        "P1,E01000001,2011,4,200",
        "P1,E01000002,2011,5,200",
        "P1,E01000001,2012,0,200",
    )
    run(path, library)
    suppressed = dict(Observation.objects.values_list("count", "suppressed"))
    assert suppressed == {4.0: True, 5.0: False, 0.0: False}


def test_the_threshold_is_the_datasets_own(tmp_path, library):
    run(
        write(tmp_path, "indicator,area_code,period,count,denominator", "P1,E01000001,2011,8,200"),
        library,
        suppress_below=10,
    )
    assert Dataset.objects.get().suppress_below == 10
    assert Observation.objects.get().suppressed


def test_limits_not_given_are_computed_and_their_method_named(tmp_path, library):
    path = write(
        tmp_path,
        HEADER,
        "P1,E01000001,2011,,25,200,,",
        "R1,E01000001,2011,,30,20000,,",
        "R1,E01000002,2011,,7,20000,,",
        "C1,E01000001,2011,,40,,,",
    )
    run(path, library, suppress_below=0)
    rows = {
        (o.indicator.code, o.area.code): o
        for o in Observation.objects.select_related("indicator", "area")
    }
    proportion = rows["P1", "E01000001"]
    expected = intervals.confidence_limits("proportion", count=25, denominator=200, multiplier=100)
    assert proportion.ci_method == "Wilson score"
    assert (proportion.lower_ci_95, proportion.upper_ci_95) == pytest.approx(
        (expected.lower_95, expected.upper_95)
    )
    assert proportion.lower_ci_99_8 == pytest.approx(expected.lower_99_8)
    assert proportion.lower_ci_95 < proportion.value < proportion.upper_ci_95
    assert rows["R1", "E01000001"].ci_method == "Byar's method"
    assert rows["R1", "E01000002"].ci_method == "Exact Poisson"  # a count under 10
    expected = intervals.confidence_limits("rate", count=7, denominator=20000, multiplier=100_000)
    assert rows["R1", "E01000002"].upper_ci_99_8 == pytest.approx(expected.upper_99_8)
    assert rows["C1", "E01000001"].ci_method == "Byar's method"


def test_limits_given_are_kept_and_named_by_the_indicator(tmp_path, library):
    Indicator.objects.filter(code="R1").update(ci_method="Dobson")
    path = write(
        tmp_path,
        HEADER,
        "P1,E01000001,2011,12.5,25,200,9.1,16.9",
        "R1,E01000001,2011,150,30,20000,100,210",
    )
    run(path, library)
    rows = {o.indicator.code: o for o in Observation.objects.select_related("indicator")}
    assert (rows["P1"].lower_ci_95, rows["P1"].upper_ci_95) == (9.1, 16.9)
    assert rows["P1"].ci_method == "Given with the data"
    assert rows["R1"].lower_ci_99_8 is None  # not given, and not mixed with computed ones
    assert rows["R1"].ci_method == "Dobson"


def test_no_limits_are_made_for_an_indicator_that_has_none(tmp_path, library):
    """A census count is complete, not a sample: its indicator says "None", so the
    import computes no limits for it (the same count of another indicator gets
    Byar's)."""
    Indicator.objects.filter(code="C1").update(ci_method="None: a census figure, not a sample")
    IndicatorFactory(partnership=library, code="C2", value_type="count", in_report=False)
    path = write(tmp_path, HEADER, "C1,E01000001,2011,,40,,,", "C2,E01000001,2011,,40,,,")
    run(path, library)
    rows = {o.indicator.code: o for o in Observation.objects.select_related("indicator")}
    census = rows["C1"]
    assert (census.value, census.count) == (40, 40)
    assert (census.lower_ci_95, census.upper_ci_95, census.lower_ci_99_8) == (None, None, None)
    assert census.ci_method == ""
    assert rows["C2"].ci_method == "Byar's method"


def test_limits_given_for_an_indicator_that_has_none_are_refused(tmp_path, library):
    Indicator.objects.filter(code="C1").update(ci_method="None")
    path = write(tmp_path, HEADER, "C1,E01000001,2011,,40,,35,46", "C1,E01000002,2011,,41,,,")
    assert problems(path, library) == [
        "Row 2, lower_ci_95: this indicator's figures have no confidence limits (its "
        "ci_method is None); leave the limit columns blank, or name the method in roundtable "
        "lis import-indicators"
    ]


def test_no_limits_are_made_up_for_a_mean(tmp_path, library):
    IndicatorFactory(partnership=library, code="M1", value_type="mean", in_report=False)
    run(write(tmp_path, "indicator,area_code,period,value", "M1,E01000001,2011,3.2"), library)
    observation = Observation.objects.get()
    assert (observation.lower_ci_95, observation.ci_method) == (None, "")


def test_a_breakdown_that_would_give_a_small_count_away_is_suppressed_too(tmp_path, library):
    path = write(
        tmp_path,
        "indicator,area_code,period,value,sex",  # a count's value is its count
        "C1,E01000001,2011,43,",
        "C1,E01000001,2011,3,Female",
        "C1,E01000001,2011,40,Male",
        "C1,E01000002,2011,3,Female",  # no total for this area: nothing to work it out from
        "C1,E01000002,2011,40,Male",
    )
    run(path, library)
    suppressed = {
        (o.area.code, o.sex): o.suppressed for o in Observation.objects.select_related("area")
    }
    assert suppressed == {
        ("E01000001", ""): False,
        ("E01000001", "Female"): True,
        ("E01000001", "Male"): True,  # 43 - 40 would give the 3 away
        ("E01000002", "Female"): True,
        ("E01000002", "Male"): False,
    }


def test_areas_that_would_give_a_small_count_away_through_their_parent_are_suppressed(
    tmp_path, library
):
    msoa = AreaFactory(code="E02000001", name="Ealing 001", area_type=AreaType.MSOA)
    Area.objects.filter(code__in=["E01000001", "E01000002"]).update(parent=msoa)
    LsoaFactory(code="E01000003", name="Ealing 001C", parent=msoa)
    path = write(
        tmp_path,
        "indicator,area_code,period,value",
        "C1,E02000001,2011,63",
        "C1,E01000001,2011,2",
        "C1,E01000002,2011,21",
        "C1,E01000003,2011,40",
    )
    run(path, library)
    suppressed = dict(Observation.objects.values_list("area__code", "suppressed"))
    assert suppressed == {
        "E02000001": False,
        "E01000001": True,
        "E01000002": True,  # the smallest other area
        "E01000003": False,
    }


def test_an_xlsx_file_imports_like_a_csv(tmp_path, library):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Area code", "Period", "Value"])
    sheet.append(["P1", "E01000001", "2011/12 Q2", 33.3])
    path = tmp_path / "stats.xlsx"
    book.save(path)
    run(path, library)
    observation = Observation.objects.get()
    assert (observation.period, observation.value) == ("2011/12 Q2", 33.3)


def test_publisher_is_found_by_its_name(tmp_path, library, council):
    run(
        write(tmp_path, "indicator,area_code,period,value", "C1,E01000001,2011,3"),
        library,
        publisher="ealing council",
    )
    assert Dataset.objects.get().publisher == council


def test_an_unknown_publisher_is_refused(tmp_path, library):
    with pytest.raises(ImportFailed, match="--publisher: .* has no partner named Nobody"):
        run(
            write(tmp_path, "indicator,area_code,period,value", "C1,E01000001,2011,3"),
            library,
            publisher="Nobody",
        )
    assert not Dataset.objects.exists()


def test_an_organisation_that_is_not_a_partner_may_not_publish(tmp_path, library):
    """An organisation the partnership only engages is not public, so it may not be
    named as a published dataset's publisher (its name would be shown to everyone)."""
    OrganisationFactory(partnership=library, name="Experian", is_partner=False)
    with pytest.raises(ImportFailed, match="--publisher: Experian is not a partner"):
        run(
            write(tmp_path, "indicator,area_code,period,value", "C1,E01000001,2011,3"),
            library,
            publisher="Experian",
        )
    assert not Dataset.objects.exists()


def test_another_partnerships_dataset_is_refused(tmp_path, library, other_partnership):
    DatasetFactory(partnership=other_partnership, slug="census")
    with pytest.raises(ImportFailed, match="another partnership's dataset"):
        run(write(tmp_path, "indicator,area_code,period,value", "C1,E01000001,2011,3"), library)
    assert not Observation.objects.exists()


# Bad input: nothing written, every problem named by row and column ----------------


def test_import_rejects_unknown_indicator_and_area_codes(tmp_path, library):
    found = problems(
        write(tmp_path, HEADER, "XX,E01000001,2011,1,,,,", "P1,E01999999,2011,1,,,,"), library
    )
    assert found[0].startswith("Row 2, indicator: no indicator of Ealing")
    assert found[1].startswith("Row 3, area_code: no area has this code")


def test_import_rejects_a_period_that_does_not_parse(tmp_path, library):
    found = problems(write(tmp_path, HEADER, "P1,E01000001,last year,1,,,,"), library)
    assert found == [f"Row 2, period: last year is not a period; {expected(site_today())}"]


def test_import_rejects_a_value_that_is_not_a_number(tmp_path, library):
    found = problems(
        write(tmp_path, HEADER, "P1,E01000001,2011,twelve,,,,", "P1,E01000002,2011,1,x,10,,"),
        library,
    )
    assert found == [
        "Row 2, value: enter a number, like 72.5",
        "Row 3, count: enter a number, like 72.5",
    ]


def test_import_rejects_a_count_above_its_denominator(tmp_path, library):
    found = problems(write(tmp_path, HEADER, "C1,E01000001,2011,,30,20,,"), library)
    assert found == ["Row 2, count: the count is more than its denominator; check both"]


def test_import_rejects_confidence_limits_that_do_not_contain_the_value(tmp_path, library):
    found = problems(
        write(tmp_path, HEADER, "P1,E01000001,2011,12.5,,,13,16", "P1,E01000002,2011,12.5,,,9,11"),
        library,
    )
    assert found == [
        "Row 2, lower_ci_95: the lower limit is above the value; check both",
        "Row 3, upper_ci_95: the upper limit is below the value; check both",
    ]


def test_import_rejects_a_proportion_over_100_percent(tmp_path, library):
    found = problems(write(tmp_path, HEADER, "P1,E01000001,2011,112,,,,"), library)
    assert found == ["Row 2, value: a proportion is a percentage from 0 to 100; check the value"]


def test_import_rejects_duplicate_cells_in_one_file(tmp_path, library):
    found = problems(
        write(
            tmp_path,
            HEADER,
            "P1,E01000001,2011,1,,,,",
            "C1,E01000001,2011,1,,,,",
            "p1,E01000001,2011,2,,,,",
        ),
        library,
    )
    assert found == ["Row 4, indicator: this cell is already on row 2; keep one of them"]


def test_import_rejects_missing_and_unknown_headers(tmp_path, library):
    found = problems(write(tmp_path, "indicator,area,value", "P1,E01000001,1"), library)
    assert found[0] == "Row 1, area_code: this column is missing; add it to the header row"
    assert found[1] == "Row 1, period: this column is missing; add it to the header row"
    assert found[2].startswith("Row 1, area: unknown column; expected some of: indicator,")


def test_import_needs_a_value_or_a_count_and_denominator_column(tmp_path, library):
    found = problems(
        write(tmp_path, "indicator,area_code,period,count", "P1,E01000001,2011,1"), library
    )
    assert found == ["Row 1, value: add a column named value, or columns count and denominator"]


def test_import_rejects_a_row_with_neither_value_nor_count(tmp_path, library):
    found = problems(write(tmp_path, HEADER, "P1,E01000001,2011,,5,,,"), library)
    assert found == ["Row 2, value: this is blank; give a value, or a count and a denominator"]


def test_import_rejects_repeated_columns(tmp_path, library):
    found = problems(
        write(tmp_path, "indicator,area_code,period,value,value", "P1,E01000001,2011,1,2"), library
    )
    assert found == ["Row 1, value: this column appears more than once; keep one"]


def test_import_rejects_an_empty_file(tmp_path, library):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert problems(path, library) == ["empty.csv is empty: it has no header row"]


def test_import_rejects_a_file_with_a_header_and_no_rows(tmp_path, library):
    found = problems(write(tmp_path, HEADER), library)
    assert found == ["the file has a header row but no data; add rows"]


def test_import_names_every_problem_of_every_row(tmp_path, library):
    found = problems(write(tmp_path, HEADER, "XX,E01999999,nope,abc,,,,"), library)
    assert [f.split(":")[0] for f in found] == [
        "Row 2, area_code",
        "Row 2, indicator",
        "Row 2, period",
        "Row 2, value",
    ]


def test_a_million_rows_with_one_bad_row_at_the_end_writes_nothing(tmp_path, library):
    rows = 1_000_000
    last = pl.int_range(rows, eager=True) == rows - 1
    frame = pl.DataFrame(
        {
            "indicator": pl.repeat("C1", rows, eager=True),
            "area_code": pl.repeat("E01000001", rows, eager=True),
            "period": pl.repeat("2011", rows, eager=True),
            "category": pl.int_range(rows, eager=True).cast(pl.String),
            "value": pl.select(
                pl.when(last).then(pl.lit("oops")).otherwise(pl.lit("1"))
            ).to_series(),
        }
    )
    path = tmp_path / "big.csv"
    frame.write_csv(path)
    found = problems(path, library)
    assert found == [f"Row {rows + 1}, value: enter a number, like 72.5"]


# The commands -----------------------------------------------------------------------


def test_command_imports_and_says_what_it_did(tmp_path, library, capsys):
    path = write(tmp_path, "indicator,area_code,period,value", "C1,E01000001,2011,3")
    call_command("lis_import", str(path), "--dataset", "census", "--title", "Census")
    assert "Imported 1 observation of 1 indicator into Census" in capsys.readouterr().out


def test_command_runs_without_the_projects_system_checks(tmp_path, library, monkeypatch):
    """The checks load every URL, view and API schema: about a CPU second an import
    does not use. Run as the shell runs it (`call_command` always skips them)."""
    checked = []
    monkeypatch.setattr(BaseCommand, "check", lambda self, *a, **k: checked.append(a))
    path = write(tmp_path, "indicator,area_code,period,value", "C1,E01000001,2011,3")
    command = ImportCommand()
    parser = command.create_parser("roundtable", "lis_import")
    options = vars(parser.parse_args([str(path), "--dataset", "census"]))
    command.execute(*options.pop("args", ()), **options)
    assert checked == []
    assert Observation.objects.count() == 1


def test_command_lists_at_most_50_problems_then_how_many_more(tmp_path, library):
    lines = [f"XX,E01000001,{2000 + i},1" for i in range(60)]
    path = write(tmp_path, "indicator,area_code,period,value", *lines)
    with pytest.raises(CommandError) as failure:
        call_command("lis_import", str(path), "--dataset", "census")
    message = str(failure.value)
    assert message.startswith("Nothing was imported. Fix these 60 problems:\nRow 2, indicator:")
    assert message.count("\nRow ") == 50
    assert message.endswith("… and 10 more")
    assert not Observation.objects.exists()
