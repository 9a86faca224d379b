"""Converting papers with LibreOffice: results in order, failures and time limits."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from roundtable.meetings import convert
from roundtable.meetings.tests.papers import docx_bytes, docx_with_text


def _fake_soffice(tmp_path, monkeypatch, script: str) -> None:
    program = tmp_path / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    monkeypatch.setattr(convert, "soffice", lambda: str(program))


def test_nothing_to_convert_needs_no_libreoffice(monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    assert convert.to_pdf([]) == []


def test_without_libreoffice_conversion_is_refused(monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    with pytest.raises(convert.ConversionError, match="not installed"):
        convert.to_pdf([(".docx", b"x")])


def test_libreoffice_stopping_with_an_error_is_a_conversion_error(tmp_path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, "exit 3")
    with pytest.raises(convert.ConversionError, match="status 3"):
        convert.to_pdf([(".docx", b"x")])


def test_libreoffice_is_stopped_when_it_takes_too_long(tmp_path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, "sleep 30")
    with pytest.raises(convert.ConversionError, match="longer than 1 seconds"):
        convert.to_pdf([(".docx", b"x")], timeout=1)


def test_libreoffice_converts_each_document_in_order_and_none_for_a_bad_one():
    if convert.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed, so papers cannot be converted")

    good, bad, other = convert.to_pdf(
        [
            (".docx", docx_with_text("First paper")),
            (".docx", docx_bytes()),
            (".docx", docx_with_text("Third paper", "Its second page")),
        ]
    )

    assert bad is None
    assert PdfReader(io.BytesIO(good)).pages[0].extract_text().strip() == "First paper"
    pages = [page.extract_text().strip() for page in PdfReader(io.BytesIO(other)).pages]
    assert pages == ["Third paper", "Its second page"]
