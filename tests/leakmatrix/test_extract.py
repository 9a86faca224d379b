"""The matrix reads a canary in every format it checks, however the format wraps it."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl

from roundtable.meetings.tests.papers import pdf_with_text
from tests.leakmatrix.extract import XLSX, normalised, text_of

CANARY = "CANARY-restricted-item-title-zq7f3a5b"


def found(content_type: str, content: bytes) -> bool:
    return CANARY in normalised(text_of(content_type, content))


def test_it_reads_html_text_and_attribute_values():
    assert found("text/html", f"<p>{CANARY[:6]}&#45;{CANARY[7:]}</p>".encode())
    assert found("text/html", f'<a title="{CANARY}">x</a>'.encode())


def test_it_reads_escaped_json():
    body = json.dumps({"title": CANARY}, ensure_ascii=True).replace("-", "\\u002d")
    assert found("application/json", body.encode())


def test_it_reads_folded_icalendar_lines():
    body = f"SUMMARY:{CANARY[:20]}\r\n {CANARY[20:]}\r\n"
    assert found("text/calendar; charset=utf-8", body.encode())


def test_it_reads_escaped_xml():
    assert found(
        "text/xml", f"<agendaitemtitle>{CANARY.replace('-', '&#x2D;')}</agendaitemtitle>".encode()
    )


def test_it_reads_pdf_text():
    assert found("application/pdf", pdf_with_text("Cover", f"Item {CANARY}"))


def test_it_reads_every_cell_and_sheet_name_of_a_workbook():
    book = openpyxl.Workbook()
    book.active["C9"] = f"note: {CANARY}"
    out = io.BytesIO()
    book.save(out)
    assert found(XLSX, out.getvalue())
    book = openpyxl.Workbook()
    book.active.title = "zq7f3a5b"
    out = io.BytesIO()
    book.save(out)
    assert "zq7f3a5b" in text_of(XLSX, out.getvalue())


def test_it_misses_nothing_but_the_canary():
    assert not found("text/html", b"<p>CANARY-restricted-item-title</p>")


def test_it_reads_every_member_of_a_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps({"title": "x"}))
        archive.writestr("observations.csv", f"note\n{CANARY}\n")
    assert found("application/zip", out.getvalue())
