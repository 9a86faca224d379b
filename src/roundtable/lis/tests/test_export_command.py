"""`roundtable lis export`: every format to a file, the filters, and bad input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from io import StringIO
from pathlib import Path

import frictionless
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from jsonstat_validator import validate_jsonstat

from roundtable.cli import project_commands, translate
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

SECRETS = ("987654.125", "8765431", "876.0625")


@pytest.fixture
def dataset(partnership):
    indicator = IndicatorFactory(
        partnership=partnership, code="RES", name="Residents", in_report=False, on_lis=True
    )
    dataset = DatasetFactory(partnership=partnership, slug="census", title="Census residents")
    area = LsoaFactory()
    for period, value in (("2011", 1500), ("2012", 1510)):
        ObservationFactory(
            dataset=dataset, indicator=indicator, area=area, period=period, value=value, count=value
        )
    ObservationFactory(
        dataset=dataset,
        indicator=indicator,
        area=area,
        period="2011",
        sex="Male",
        suppressed=True,
        count=3,
        value=float(SECRETS[0]),
        denominator=float(SECRETS[1]),
        lower_ci_95=float(SECRETS[2]),
    )
    return dataset


def export(*args: str) -> str:
    out = StringIO()
    call_command("lis_export", *args, stdout=out)
    return out.getvalue()


def every_text(path: Path) -> str:
    if path.is_dir():
        return "\n".join(p.read_text() for p in sorted(path.iterdir()))
    content = path.read_bytes()
    texts = [content.decode("utf-8", errors="replace")]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            texts += [archive.read(n).decode() for n in archive.namelist()]
    return "\n".join(texts)


def test_the_roundtable_command_offers_lis_export():
    groups = project_commands()
    assert "export" in groups["lis"]
    assert translate(["lis", "export", "--dataset", "x"], groups) == [
        "lis_export",
        "--dataset",
        "x",
    ]


def test_writes_csv_and_says_what_it_wrote(dataset, tmp_path):
    path = tmp_path / "census.csv"
    said = export("--dataset", "census", "--format", "csv", "--output", str(path))
    assert said.strip() == f"Wrote 3 observations of 1 indicator (csv) to {path}"
    rows = list(csv.DictReader(path.open()))
    assert [(r["period"], r["sex"], r["value"]) for r in rows] == [
        ("2011", "", "1500.0"),
        ("2011", "Male", ""),
        ("2012", "", "1510.0"),
    ]


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("csv", "c.csv"), ("xlsx", "c.xlsx"), ("datapackage", "c.zip"), ("jsonstat", "c.json")],
)
def test_no_format_holds_a_suppressed_cells_figures(dataset, tmp_path, fmt, name):
    path = tmp_path / name
    export("--dataset", "census", "--format", fmt, "--output", str(path))
    text = every_text(path)
    if fmt == "xlsx":
        book = openpyxl.load_workbook(path)
        text += "\n".join(
            str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r
        )
    assert not any(secret in text for secret in SECRETS)
    assert "1510" in text


def test_data_package_folder_passes_the_frictionless_validate_command(dataset, tmp_path):
    folder = tmp_path / "census-package"
    export("--dataset", "census", "--format", "datapackage", "--output", str(folder))
    assert frictionless.validate(str(folder / "datapackage.json")).valid
    frictionless_cli = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(  # noqa: S603 (our own venv's command, fixed arguments)
        [str(frictionless_cli), "validate", str(folder / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_data_package_zip_is_valid(dataset, tmp_path):
    path = tmp_path / "census.zip"
    export("--dataset", "census", "--format", "datapackage", "--output", str(path))
    assert frictionless.validate(str(path)).valid


def test_json_stat_is_valid(dataset, tmp_path):
    path = tmp_path / "census.json"
    export("--dataset", "census", "--format", "jsonstat", "--output", str(path))
    data = json.loads(path.read_text())
    assert validate_jsonstat(data)
    assert data["dimension"]["period"]["category"]["index"] == {"2011": 0, "2012": 1}


def test_filters_narrow_the_export(dataset, tmp_path):
    path = tmp_path / "census.csv"
    said = export(
        "--dataset", "census", "--format", "csv", "--output", str(path), "--period", "2012"
    )
    assert said.startswith("Wrote 1 observation of 1 indicator")
    assert [r["period"] for r in csv.DictReader(path.open())] == ["2012"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dataset", "nope", "--format", "csv"], "--dataset: no dataset has the slug nope"),
        (["--dataset", "census", "--format", "pdf"], "--format: pdf is not an export format"),
        (
            ["--dataset", "census", "--format", "csv", "--indicator", "XYZ"],
            "--indicator: the dataset has no indicator XYZ; its indicators are RES",
        ),
        (
            ["--dataset", "census", "--format", "csv", "--area-type", "parish"],
            "--area-type: parish is not an area type",
        ),
        (
            ["--dataset", "census", "--format", "csv", "--within", "E09999999"],
            "--within: no area has the code E09999999",
        ),
        (
            ["--dataset", "census", "--format", "csv", "--period", "someday"],
            "--period: someday is not a period",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_option(dataset, tmp_path, args, message):
    path = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=message):
        export(*args, "--output", str(path))
    assert not path.exists()


def test_output_in_a_missing_folder_is_refused(dataset, tmp_path):
    with pytest.raises(CommandError, match="--output: the folder .* does not exist"):
        export("--dataset", "census", "--format", "csv", "--output", str(tmp_path / "no/x.csv"))


def test_a_held_dataset_needs_include_held_and_still_leaves_out_suppressed_figures(
    dataset, partnership, tmp_path
):
    dataset.published = False
    dataset.save()
    hidden = IndicatorFactory(partnership=partnership, code="INT", is_public=False, on_lis=True)
    ObservationFactory(dataset=dataset, indicator=hidden, period="2011", value=7.25)
    path = tmp_path / "held.csv"
    with pytest.raises(CommandError, match="held by a partner, not published; add --include-held"):
        export("--dataset", "census", "--format", "csv", "--output", str(path))
    said = export("--dataset", "census", "--format", "csv", "--output", str(path), "--include-held")
    assert said.startswith("Wrote 4 observations of 2 indicators")
    text = path.read_text()
    assert "INT" in text
    assert not any(secret in text for secret in SECRETS)


def test_include_held_does_not_open_a_published_datasets_hidden_indicators(
    dataset, partnership, tmp_path
):
    hidden = IndicatorFactory(partnership=partnership, code="INT", is_public=False, on_lis=True)
    ObservationFactory(dataset=dataset, indicator=hidden, period="2011", value=7.25)
    path = tmp_path / "out.csv"
    export("--dataset", "census", "--format", "csv", "--output", str(path), "--include-held")
    assert "INT" not in path.read_text()
