"""Exports of a dataset: the four formats, their validators, the filters, and the
dataset page's downloads."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import frictionless
import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from jsonstat_validator import JSONStatValidationError, validate_jsonstat

from roundtable.core.dates import example_periods
from roundtable.core.testing import under
from roundtable.geography.tests.factories import LocalAuthorityFactory
from roundtable.lis import exports, queries
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory


def like_today() -> str:
    """The periods a wrong period filter gives as examples: today's calendar and
    financial years ("2026 or 2026/27"), worked out as the test runs (worked out as the
    module was imported, a run that went past midnight into a new year or financial
    year expected the old one's)."""
    today = example_periods(datetime.date.today())
    return f"{today.calendar_year} or {today.financial_year}"


pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)
# A suppressed cell's figures: no export may hold any of them.
SECRETS = ("987654.125", "8765431", "876.0625", "881.1875")
ANONYMOUS = AnonymousUser()


@pytest.fixture
def world(partnership):
    borough = LocalAuthorityFactory(code="E09000009", name="Ealing")
    other = LocalAuthorityFactory(code="E09000033", name="Westminster")
    a = LsoaFactory(code="E01000001", name="Ealing 001A", parent=borough)
    b = LsoaFactory(code="E01000002", name="Ealing 001B", parent=borough)
    c = LsoaFactory(code="E01000003", name="Westminster 001A", parent=other)
    rate = IndicatorFactory(
        partnership=partnership,
        code="ADM",
        name="Stroke admissions",
        value_type="rate",
        unit="per 100,000",
        multiplier=100_000,
        decimals=1,
        in_report=False,
        on_lis=True,
    )
    share = IndicatorFactory(
        partnership=partnership,
        code="SHR",
        name="Share of residents",
        value_type="proportion",
        unit="%",
        in_report=False,
        on_lis=True,
    )
    dataset = DatasetFactory(
        partnership=partnership,
        slug="stroke",
        title="Stroke admissions by LSOA",
        source="Stroke maps",
        themes=["Health"],
    )
    for area, value in ((a, 120.5), (b, 98.25), (c, 77.0)):
        for period in ("2011", "2012"):
            ObservationFactory(
                dataset=dataset, indicator=rate, area=area, period=period, value=value, count=12
            )
    ObservationFactory(dataset=dataset, indicator=share, area=a, period="2011", value=40.0)
    ObservationFactory(
        dataset=dataset, indicator=share, area=a, period="2011", sex="Female", value=41.0
    )
    ObservationFactory(
        dataset=dataset,
        indicator=share,
        area=a,
        period="2011",
        sex="Male",
        suppressed=True,
        value=float(SECRETS[0]),
        count=3,
        denominator=float(SECRETS[1]),
        lower_ci_95=float(SECRETS[2]),
        upper_ci_95=float(SECRETS[3]),
        ci_method="Wilson score",
    )
    return dataset


def table_of(dataset, selection=None, viewer=ANONYMOUS):
    """`viewer` None is the command line's `--include-held`: every indicator."""
    return exports.build_table(
        dataset,
        selection or queries.ExportSelection(),
        viewer,
        homepage="https://example.org/ealing/lis/datasets/stroke/",
        created=WHEN,
    )


def every_text(content: bytes) -> str:
    """The bytes, and every member of a zip (XLSX, Data Package) decompressed."""
    texts = [content.decode("utf-8", errors="replace")]
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            texts += [archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist()]
    return "\n".join(texts)


def rows_of(table: exports.ExportTable) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(exports.csv_bytes(table).decode())))


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_no_export_holds_a_suppressed_cells_figures(world, fmt):
    text = every_text(exports.export_bytes(table_of(world), fmt))
    for secret in SECRETS:
        assert secret not in text
    assert "Suppressed to protect confidentiality" in text or fmt == "jsonstat"
    assert "41" in text  # the cell beside it is there


def test_a_held_datasets_export_for_its_partnership_holds_no_suppressed_figure(world):
    world.published = False
    world.save()
    for fmt in exports.FORMATS:
        table = table_of(world, viewer=None)
        assert len(table.rows) == 9
        text = every_text(exports.export_bytes(table, fmt))
        assert not any(secret in text for secret in SECRETS)


def test_csv_has_the_download_columns_and_every_breakdown(world):
    rows = rows_of(table_of(world))
    assert list(rows[0]) == queries.DOWNLOAD_HEADER
    assert len(rows) == 9
    sexes = [r["sex"] for r in rows if r["indicator"] == "SHR"]
    assert sexes == ["", "Female", "Male"]
    male = rows[-1]
    assert male["value"] == male["count"] == male["denominator"] == male["ci_method"] == ""


def test_filters_choose_indicators_area_type_within_and_period(world):
    chosen = queries.check_selection(world, ANONYMOUS, ["adm"], "lsoa", "e09000009", "2012")
    assert chosen == queries.ExportSelection(("ADM",), "lsoa", "E09000009", "2012")
    rows = rows_of(table_of(world, chosen))
    assert [(r["indicator"], r["area_code"], r["period"]) for r in rows] == [
        ("ADM", "E01000001", "2012"),
        ("ADM", "E01000002", "2012"),
    ]
    assert len(rows_of(table_of(world, queries.ExportSelection(period="2011")))) == 6


def test_filters_that_name_nothing_are_refused_naming_each_filter(world):
    with pytest.raises(queries.SelectionInvalid) as caught:
        queries.check_selection(
            world, ANONYMOUS, ["ADM", "NOPE"], "parish", "E09999999", "last year"
        )
    problems = dict(caught.value.problems)
    assert problems["indicator"] == (
        "the dataset has no indicator NOPE; its indicators are ADM, SHR"
    )
    assert problems["area_type"].startswith("parish is not an area type; use one of")
    assert problems["within"] == "no area has the code E09999999; enter a code like E09000009"
    assert problems["period"] == f"last year is not a period; enter one like {like_today()}"


def test_an_indicator_that_is_not_public_is_left_out_of_a_public_export(world, partnership):
    hidden = IndicatorFactory(partnership=partnership, code="HID", is_public=False, on_lis=True)
    ObservationFactory(dataset=world, indicator=hidden, period="2011", value=55.5)
    table = table_of(world)
    assert "HID" not in {r["indicator"] for r in table.rows}
    assert "HID" not in [i.code for i in table.indicators]


def test_xlsx_has_the_observations_the_indicators_and_about_sheets(world):
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(table_of(world))))
    assert book.sheetnames == ["Observations", "Indicators", "About"]
    rows = list(book["Observations"].iter_rows(values_only=True))
    assert list(rows[0]) == queries.DOWNLOAD_HEADER
    assert rows[1][:4] == ("ADM", "E01000001", "Ealing 001A", "2011")
    assert rows[1][7] == 120.5
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Licence"] == "Open Government Licence v3.0"
    assert about["Filters"] == "None: the whole dataset"


def test_data_package_folder_is_valid_under_frictionless(world, tmp_path):
    folder = tmp_path / "stroke"
    exports.write_export(table_of(world), "datapackage", folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "datapackage.json",
        "indicators.csv",
        "observations.csv",
    ]
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["name"] == "stroke"
    assert descriptor["licenses"] == [
        {
            "name": "OGL-UK-3.0",
            "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            "title": "Open Government Licence v3.0",
        }
    ]
    assert descriptor["sources"] == [{"title": "Stroke maps"}]
    schema = descriptor["resources"][0]["schema"]
    assert schema["primaryKey"] == ["indicator", "area_code", "period", "sex", "age", "category"]
    assert {f["name"]: f["type"] for f in schema["fields"]}["value"] == "number"
    assert all(f["description"] for f in schema["fields"])


def test_data_package_zip_is_valid_under_frictionless(world, tmp_path):
    path = tmp_path / "stroke.zip"
    exports.write_export(table_of(world), "datapackage", path)
    with zipfile.ZipFile(path) as archive:
        assert "datapackage.json" in archive.namelist()
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_finds_a_broken_package_invalid(world, tmp_path):
    """The validation above can fail: a value that is not a number is caught."""
    folder = tmp_path / "broken"
    exports.write_export(table_of(world), "datapackage", folder)
    observations = folder / "observations.csv"
    observations.write_text(observations.read_text().replace("120.5", "lots", 1))
    assert not frictionless.validate(str(folder / "datapackage.json")).valid


def test_json_stat_is_valid_and_places_each_value_by_its_dimensions(world):
    data = exports.jsonstat(table_of(world))
    assert validate_jsonstat(data)
    assert data["version"] == "2.0"
    assert data["id"] == ["indicator", "area", "period", "sex", "age", "category", "measure"]
    assert data["size"] == [2, 3, 2, 3, 1, 1, 7]
    assert data["role"] == {"metric": ["indicator"], "geo": ["area"], "time": ["period"]}
    sex = data["dimension"]["sex"]["category"]
    assert sex["index"] == {"_T": 0, "Female": 1, "Male": 2}
    assert sex["label"]["_T"] == "All"
    assert data["dimension"]["indicator"]["category"]["unit"]["SHR"]["symbol"] == "%"

    def index(indicator, area, period, sex, measure):
        position = [
            data["dimension"][name]["category"]["index"][value]
            for name, value in zip(
                data["id"], (indicator, area, period, sex, "_T", "_T", measure), strict=True
            )
        ]
        flat = 0
        for value, size in zip(position, data["size"], strict=True):
            flat = flat * size + value
        return str(flat)

    assert data["value"][index("ADM", "E01000002", "2012", "_T", "value")] == 98.25
    assert data["value"][index("SHR", "E01000001", "2011", "Female", "value")] == 41.0
    suppressed = index("SHR", "E01000001", "2011", "Male", "value")
    assert suppressed not in data["value"]
    assert data["status"][suppressed] == "suppressed"
    assert data["status"][index("SHR", "E01000001", "2011", "Male", "denominator")] == "suppressed"
    assert all(int(key) < 2 * 3 * 2 * 3 * 7 for key in data["value"])


def test_json_stat_validator_catches_a_broken_dataset(world):
    """The validation above can fail: a size that does not match is caught."""
    data = exports.jsonstat(table_of(world))
    data["size"][0] = 5
    with pytest.raises(JSONStatValidationError, match="size"):
        validate_jsonstat(data)


# The dataset page's downloads -----------------------------------------------------


def export_address(partnership, fmt, slug="stroke"):
    return under(partnership, reverse("lis:dataset-export", args=[slug, fmt]))


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_every_web_download_leaves_out_a_suppressed_cells_figures(client, partnership, world, fmt):
    response = client.get(export_address(partnership, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.CONTENT_TYPES[fmt]
    assert (
        f'filename="{"stroke" + ("-datapackage" if fmt == "datapackage" else "")}.'
        in (response["Content-Disposition"])
    )
    text = every_text(response.content)
    assert not any(secret in text for secret in SECRETS)


def test_web_download_carries_the_filters(client, partnership, world):
    response = client.get(
        export_address(partnership, "csv"),
        {"indicator": ["ADM"], "within": "E09000009", "period": "2011"},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["area_code"] for r in rows] == ["E01000001", "E01000002"]


def test_dataset_page_links_each_download_with_the_chosen_filters(client, partnership, world):
    page = client.get(
        under(partnership, reverse("lis:dataset-detail", args=["stroke"])),
        {"indicator": "ADM", "area_type": "lsoa", "period": "2012"},
    )
    links = dict(page.context["downloads"].links)
    assert links["JSON-stat 2.0"] == (
        under(partnership, reverse("lis:dataset-export", args=["stroke", "jsonstat"]))
        + "?indicator=ADM&area_type=lsoa&period=2012"
    )
    html = page.content.decode()
    downloads = page.context["downloads"]
    chosen = list(csv.DictReader(io.StringIO(client.get(links["CSV"]).content.decode())))
    assert downloads.chosen == len(chosen) < downloads.total
    assert (
        f"Download these {downloads.chosen} of the {downloads.total} observations, "
        "with the filters chosen above, as:" in html
    )
    whole = client.get(under(partnership, reverse("lis:dataset-detail", args=["stroke"])))
    assert whole.context["downloads"].chosen is None
    assert "Download the whole dataset as:" in whole.content.decode()
    assert 'value="ADM" checked' in html
    assert '<option value="2012" selected>2012</option>' in html
    assert '<option value="lsoa" selected>Lower layer super output area (LSOA)</option>' in html


def test_a_wrong_filter_shows_the_page_with_the_problem_and_no_download(client, partnership, world):
    response = client.get(export_address(partnership, "csv"), {"period": "soon", "indicator": "X"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Period: soon is not a period; enter one like {like_today()}" in html
    assert "Indicator: the dataset has no indicator X; its indicators are ADM, SHR" in html
    assert response.context["downloads"].links == []


def test_an_unknown_format_is_404(client, partnership, world):
    assert client.get(export_address(partnership, "pdf")).status_code == 404


def test_held_datasets_downloads_are_404_outside_its_partnership(
    client, partnership, world, board_member, other_partnership_officer
):
    world.published = False
    world.save()
    address = export_address(partnership, "jsonstat")
    assert client.get(address).status_code == 404
    client.force_login(other_partnership_officer)
    assert client.get(address).status_code == 404
    client.force_login(board_member)
    response = client.get(address)
    assert response.status_code == 200
    assert not any(secret in response.content.decode() for secret in SECRETS)


@pytest.mark.parametrize("count", [2, 20])
def test_download_takes_the_same_queries_whatever_the_number_of_rows(
    client, partnership, count, django_assert_num_queries
):
    dataset = DatasetFactory(partnership=partnership, slug="many")
    indicator = IndicatorFactory(partnership=partnership, code="MANY", in_report=False)
    for _ in range(count):
        ObservationFactory(dataset=dataset, indicator=indicator)
    address = export_address(partnership, "jsonstat", slug="many")
    # the partnership (from the address), the dataset, its indicator codes (to check the
    # filter), the observations, their indicators
    with django_assert_num_queries(5):
        response = client.get(address, {"indicator": "MANY"})
    assert len(json.loads(response.content)["value"]) == count * 3  # value, count, denominator


def test_dataset_page_offers_no_indicator_the_visitor_may_not_see(
    client, partnership, world, board_member
):
    hidden = IndicatorFactory(
        partnership=partnership, code="HID", name="Internal measure", is_public=False
    )
    ObservationFactory(dataset=world, indicator=hidden, period="2011", value=55.5)
    address = under(partnership, reverse("lis:dataset-detail", args=["stroke"]))
    page = client.get(address).content.decode()
    assert "Internal measure" not in page
    refused = client.get(export_address(partnership, "csv"), {"indicator": "HID"})
    assert refused.status_code == 400
    assert "HID" not in refused.content.decode().split("its indicators are")[1][:20]
    client.force_login(board_member)
    assert "Internal measure" in client.get(address).content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_dataset_page_takes_the_same_queries_whatever_the_number_of_rows(
    client, partnership, count, django_assert_num_queries
):
    dataset = DatasetFactory(partnership=partnership, slug="many")
    for _ in range(count):
        indicator = IndicatorFactory(partnership=partnership, in_report=False)
        ObservationFactory(dataset=dataset, indicator=indicator)
    address = under(partnership, reverse("lis:dataset-detail", args=["many"]))
    # the partnership (from the address), the dataset, its observations counted, the
    # filters' indicators, area types and periods, and the indicators it maps
    with django_assert_num_queries(7):
        response = client.get(address)
    assert len(response.context["downloads"].choices.indicators) == count
