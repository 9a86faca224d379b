"""core.exports.Listing: one list page's CSV and XLSX download, built from the
page's own request→rows function (issue 11, item 7)."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from django.http import Http404
from django.test import RequestFactory, override_settings
from openpyxl import load_workbook

from roundtable.core.exports import (
    Column,
    Listing,
    cell,
    download_here,
    download_links,
    download_problem,
)


@dataclass
class Row:
    name: str
    on: datetime.date | None

    def get_absolute_url(self) -> str:
        return f"/things/{self.name}/"


def _rows(request):
    wanted = request.GET.get("q", "")
    every = [Row('=HYPERLINK("http://evil")', datetime.date(2011, 10, 3)), Row("Plain", None)]
    return [row for row in every if wanted in row.name]


THINGS = Listing(
    name="things",
    title="Things",
    columns=(Column("Name", lambda r: r.name), Column("Held on", lambda r: r.on)),
    rows=_rows,
)


def test_the_download_keeps_the_filter_and_writes_iso_dates_and_addresses():
    response = THINGS.download(RequestFactory().get("/things.csv", {"q": "HYPER"}), "csv")
    assert response["Content-Disposition"] == 'attachment; filename="things.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Held on", "Address"]
    assert rows[1][1] == "2011-10-03"
    assert rows[1][2].startswith("http://testserver/things/")
    assert len(rows) == 2


def test_the_csv_download_cannot_run_a_formula():
    response = THINGS.download(RequestFactory().get("/things.csv"), "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[2] == ["Plain", "", "http://testserver/things/Plain/"]


def test_the_xlsx_download_keeps_formula_like_text_as_text():
    response = THINGS.download(RequestFactory().get("/things.xlsx"), "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Things"
    assert [c.value for c in sheet[1]] == ["Name", "Held on", "Address"]
    assert sheet["A2"].value == '=HYPERLINK("http://evil")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "2011-10-03"


def test_other_formats_are_not_found():
    with pytest.raises(Http404):
        THINGS.download(RequestFactory().get("/things.pdf"), "pdf")


@override_settings(TIME_ZONE="Europe/London")
def test_cells_are_iso_dates_local_times_and_yes_or_no():
    summer = datetime.datetime(2011, 7, 1, 16, 0, tzinfo=datetime.UTC)
    assert cell(summer) == "2011-07-01 17:00"
    assert cell(datetime.date(2012, 1, 16)) == "2012-01-16"
    assert cell(True) == "Yes"
    assert cell(None) == ""
    assert cell(3) == 3


def test_download_links_carry_the_filters_but_not_the_page_number():
    request = RequestFactory().get("/", {"q": "health", "sector": "public", "page": "3"})
    links = download_links(request, "recommendations:tracker-download")
    assert links == {
        "csv": "/recommendations/tracker.csv?q=health&sector=public",
        "xlsx": "/recommendations/tracker.xlsx?q=health&sector=public",
    }
    assert download_links(RequestFactory().get("/"), "recommendations:tracker-download") == {
        "csv": "/recommendations/tracker.csv",
        "xlsx": "/recommendations/tracker.xlsx",
    }


def test_a_page_that_downloads_itself_keeps_every_choice_but_those_left_out():
    request = RequestFactory().get("/", {"area": ["E1", "E2"], "add": "W5", "download": "xlsx"})
    assert download_here(request) == {
        "csv": "?area=E1&area=E2&add=W5&download=csv",
        "xlsx": "?area=E1&area=E2&add=W5&download=xlsx",
    }
    assert download_here(request, leave_out=("add",))["csv"] == "?area=E1&area=E2&download=csv"


@pytest.mark.parametrize("asked", ["", "csv", "xlsx"])
def test_a_download_in_a_format_there_is_has_no_problem(asked):
    assert download_problem(asked) == ""


@pytest.mark.parametrize("asked", ["pdf", "CSV", " csv"])
def test_a_download_in_no_format_names_the_choice_what_was_asked_and_the_formats(asked):
    assert download_problem(asked) == (
        f"download: \u201c{asked}\u201d is not a format to download; choose csv or xlsx"
    )
