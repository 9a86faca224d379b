"""core.uploads: types judged by contents, names with path characters refused, size limits."""

from __future__ import annotations

import io
import zipfile

import pytest

from roundtable.core import uploads

LIMIT = 10 * 1024 * 1024
PDF = b"%PDF-1.4\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
IMAGES = uploads.DOCUMENTS_AND_IMAGES


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Report.pdf", PDF),
        ("Minutes.DOCX", office("word/document.xml")),
        ("Tracker.xlsx", office("xl/workbook.xml")),
        ("Photo.png", PNG),
        ("Photo.JPG", JPEG),
        ("Photo.jpeg", JPEG),
    ],
)
def test_good_files_pass(name, content):
    assert uploads.check_upload(name, len(content), content, LIMIT, allowed=IMAGES) == []


@pytest.mark.parametrize(
    ("name", "content", "size", "message"),
    [
        ("report.exe", b"MZ", 2, "must be a PDF, DOCX, XLSX, PNG or JPEG file"),
        ("photo.png", JPEG, len(JPEG), "is not a PNG image"),
        ("photo.jpg", PNG, len(PNG), "is not a JPEG image"),
        ("photo.jpg", b"<svg/>", 6, "is not a JPEG image"),
        ("report.pdf", b"<html>", 6, "is not a PDF"),
        ("report.docx", PDF, len(PDF), "is not a Word document"),
        ("report.xlsx", office("word/document.xml"), 100, "is not an Excel workbook"),
        ("../../etc/passwd.pdf", PDF, len(PDF), "is not allowed"),
        ("C:\\evidence\\photo.png", PNG, len(PNG), "is not allowed"),
        ("report.pdf", b"", 0, "is empty"),
        ("report.pdf", PDF, LIMIT + 1, "smaller than 10 MB"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name, content, size, message):
    problems = uploads.check_upload(name, size, content, LIMIT, allowed=IMAGES, noun="Evidence")
    assert any(message in p for p in problems), problems


def test_documents_only_by_default_and_the_noun_names_the_file():
    assert uploads.check_upload("p.png", len(PNG), PNG, LIMIT, noun="The paper") == [
        "The paper must be a PDF, DOCX or XLSX file"
    ]


def opendocument(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "kind", "judged_as"),
    [
        ("Notes.odt", "text", ".odt"),
        ("Budget.ODS", "spreadsheet", ".ods"),
        ("Slides.odp", "presentation", ".odp"),
    ],
)
def test_papers_may_be_opendocument_files_of_the_kind_their_name_says(name, kind, judged_as):
    content = opendocument(f"application/vnd.oasis.opendocument.{kind}")
    assert uploads.check_upload(name, len(content), content, LIMIT, allowed=uploads.PAPERS) == []
    other = opendocument("application/vnd.oasis.opendocument.graphics")
    assert uploads.check_upload(name, len(other), other, LIMIT, allowed=uploads.PAPERS) == [
        f"'{name}' is not an OpenDocument {kind}: its contents do not match its name"
    ]
    assert not uploads.contents_match(judged_as, office("content.xml"))


def test_type_names_and_extension():
    assert uploads.type_names([".pdf"]) == "PDF"
    assert uploads.type_names([".png", ".jpg", ".jpeg"]) == "PNG or JPEG"
    assert uploads.extension(" Report.PDF ") == ".pdf"
    assert uploads.extension("README") == ""
