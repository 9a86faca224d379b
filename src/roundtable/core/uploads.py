"""Checking uploaded documents and images before they are stored (no Django imports).

The type is judged by the file's contents, not only its name: a PDF must start
like one, a DOCX or XLSX must be a zip holding a Word document or a workbook, an
OpenDocument file (ODT, ODS, ODP) a zip whose `mimetype` names its kind, a
PNG or JPEG must start with its signature. Names with path characters are refused
rather than cleaned, so nothing is stored under a name the uploader did not choose.
Meetings' papers and the recommendations tracker's evidence use it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from roundtable.core.words import listed

# Every type Roundtable stores, by extension: the content type it is served with.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
DOCUMENTS = (".pdf", ".docx", ".xlsx")
DOCUMENTS_AND_IMAGES = (*DOCUMENTS, ".png", ".jpg", ".jpeg")
# Meetings' papers: documents, and OpenDocument text, spreadsheets and presentations
# (LibreOffice's own formats, which the board pack converts with LibreOffice).
OPENDOCUMENTS = (".odt", ".ods", ".odp")
PAPERS = (*DOCUMENTS, *OPENDOCUMENTS)

# The part an Office file of each kind must contain (they are all zip files).
_OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}
_KINDS = {
    ".pdf": "a PDF: its contents are not a PDF document",
    ".docx": "a Word document: its contents do not match its name",
    ".xlsx": "an Excel workbook: its contents do not match its name",
    ".odt": "an OpenDocument text: its contents do not match its name",
    ".ods": "an OpenDocument spreadsheet: its contents do not match its name",
    ".odp": "an OpenDocument presentation: its contents do not match its name",
    ".png": "a PNG image: its contents are not a PNG image",
    ".jpg": "a JPEG image: its contents are not a JPEG image",
    ".jpeg": "a JPEG image: its contents are not a JPEG image",
}
BAD_NAME_CHARACTERS = set('/\\:*?"<>|\x00')


def extension(filename: str) -> str:
    """ ".pdf" for "Report.PDF"; "" when the name has no extension."""
    name = filename.strip()
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def type_names(allowed: Iterable[str]) -> str:
    """ "PDF, DOCX or XLSX" for the extensions allowed (JPEG named once)."""
    names: list[str] = []
    for ext in allowed:
        name = "JPEG" if ext in {".jpg", ".jpeg"} else ext.lstrip(".").upper()
        if name not in names:
            names.append(name)
    return listed(names, "or")


def name_problem(filename: str) -> str | None:
    """Why a file name is refused (path characters, "..", nothing at all), or None."""
    name = filename.strip()
    if not name or name in {".", ".."} or BAD_NAME_CHARACTERS & set(name) or ".." in name:
        return (
            f"The file name '{filename}' is not allowed: it must not contain "
            "/ \\ : * ? \" < > | or '..'"
        )
    return None


def check_upload(
    filename: str,
    size: int,
    content: bytes,
    limit: int,
    *,
    allowed: Iterable[str] = DOCUMENTS,
    noun: str = "The file",
) -> list[str]:
    """Problems with an uploaded file, in words for the person uploading it.

    `limit` is in bytes; `allowed` the extensions accepted; `noun` how the messages
    name the file ("The paper must be smaller than 10 MB").
    """
    allowed = tuple(allowed)
    problems = []
    bad_name = name_problem(filename)
    if bad_name:
        problems.append(bad_name)
    name = filename.strip()
    ext = extension(name)
    if ext not in allowed:
        problems.append(f"{noun} must be a {type_names(allowed)} file")
    if size == 0:
        problems.append("The selected file is empty")
    elif size > limit:
        problems.append(f"{noun} must be smaller than {limit // (1024 * 1024)} MB")
    if problems:
        return problems
    if not contents_match(ext, content):
        problems.append(f"'{name}' is not {_KINDS[ext]}")
    return problems


def contents_match(ext: str, content: bytes) -> bool:
    """Whether `content` is a file of the kind its extension says."""
    if ext == ".pdf":
        return content.lstrip()[:5] == b"%PDF-"
    if ext in _OFFICE_PARTS:
        return _zip_has(content, _OFFICE_PARTS[ext])
    if ext in _SIGNATURES:
        return content.startswith(_SIGNATURES[ext])
    if ext in OPENDOCUMENTS:
        return _zip_mimetype(content) == CONTENT_TYPES[ext]
    return False


def _zip_mimetype(content: bytes) -> str | None:
    """An OpenDocument file's `mimetype` part (the zip's first entry, which names
    its kind), or None when it is no zip or has none."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None


def _zip_has(content: bytes, part: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return part in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
