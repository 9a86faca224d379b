"""Every word a response or an email carries, whatever its format, for canary checks."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from typing import Any

import openpyxl
from pypdf import PdfReader

# Line breaks in PDFs and folded iCalendar lines split a canary; none has a space.
_SPACE = re.compile(r"[\s\u00ad\u200b]+")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def body_of(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    parts = [page.extract_text() or "" for page in reader.pages]
    outline = reader.outline
    stack = list(outline)
    while stack:
        entry = stack.pop()
        if isinstance(entry, list):
            stack.extend(entry)
        else:
            parts.append(str(getattr(entry, "title", "")))
    metadata = reader.metadata or {}
    parts.extend(str(v) for v in metadata.values())
    return "\n".join(parts)


def xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=False)
    parts = []
    for sheet in book.worksheets:
        parts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(cell) for cell in row if cell is not None)
    return "\n".join(parts)


def zip_text(content: bytes) -> str:
    """Every member of a zip (a Data Package), each by its own kind."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(
            text_of(
                "application/json" if name.endswith(".json") else "text/plain", archive.read(name)
            )
            for name in archive.namelist()
        )


def text_of(content_type: str, content: bytes) -> str:
    """The text of a body by its content type: HTML with its attribute values, JSON
    unescaped, XML, iCalendar, CSV, PDF (pypdf), XLSX (every cell and sheet name), a zip
    (every member)."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/pdf" or content.startswith(b"%PDF"):
        return pdf_text(content)
    if kind == XLSX or (content.startswith(b"PK") and b"xl/" in content[:2000]):
        return xlsx_text(content)
    if kind == "application/zip" or content.startswith(b"PK"):
        return zip_text(content)
    raw = content.decode("utf-8", errors="replace")
    if kind.endswith("json"):
        try:
            return json.dumps(json.loads(raw), ensure_ascii=False)
        except ValueError:
            return raw
    if kind == "text/calendar":
        return raw.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
    # HTML and XML: entities unescaped; tags kept, so attribute values count too.
    return html.unescape(raw)


def normalised(text: str) -> str:
    return _SPACE.sub("", text)
