"""Test papers (small real PDFs with words on every page, a minimal DOCX) and a
published agenda with restricted material, for the outputs tests."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

if TYPE_CHECKING:
    from roundtable.meetings.models import Meeting
    from roundtable.partnership.models import Body


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_with_text(*pages: str) -> bytes:
    """An A4 PDF with one page per string, each string written on its page."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for text in pages:
        page = writer.add_blank_page(width=595, height=842)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 14 Tf 72 760 Td ({_escape(text)}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {
                NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref}),
                NameObject("/ProcSet"): ArrayObject([NameObject("/PDF"), NameObject("/Text")]),
            }
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    """A zip holding a Word document part: enough for the upload check."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx_with_text(*pages: str) -> bytes:
    """A real Word document (one LibreOffice opens) with one page per string."""
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    page_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    body = page_break.join(f"<w:p><w:r><w:t>{_xml(text)}</w:t></w:r></w:p>" for text in pages)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        docx.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        docx.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{word}"><w:body>{body}</w:body></w:document>',
        )
    return out.getvalue()


ODF_TEXT = "application/vnd.oasis.opendocument.text"


def odt_with_text(*paragraphs: str, mimetype: str = ODF_TEXT) -> bytes:
    """A real OpenDocument text (one LibreOffice opens), one paragraph per string:
    the `mimetype` part first and stored, then the manifest and the content."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    manifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    body = "".join(f"<text:p>{_xml(paragraph)}</text:p>" for paragraph in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as odt:
        odt.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        odt.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<manifest:manifest xmlns:manifest="{manifest}" manifest:version="1.2">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
        )
        odt.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<office:document-content xmlns:office="{office}" xmlns:text="{text}" '
            'office:version="1.2"><office:body><office:text>'
            f"{body}</office:text></office:body></office:document-content>",
        )
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def build_agenda(body: Body, *, start: datetime.datetime | None = None) -> Meeting:
    """A published agenda of the Ealing kind, with an exempt item:

    1 Apologies (no paper) · 2 Performance report (PDF, 2 pages) · 3 Estates review
    (restricted, with a PDF) · 4 Community safety (an open PDF and a restricted PDF,
    and sub-item 4a with a DOCX).
    """
    from roundtable.meetings import services
    from roundtable.meetings.choices import Purpose, RestrictionCategory

    meeting = services.schedule_meeting(
        None,
        body,
        start=start or timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0)),
        end=(start or timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0)))
        + datetime.timedelta(hours=2),
        venue="Perceval House, Room 5.12",
    )
    add = services.add_agenda_item
    add(None, meeting, title="Apologies and introductions", purpose=Purpose.INFORMATION)
    report = add(None, meeting, title="Quarterly performance report", purpose=Purpose.DECISION)
    services.add_paper(
        None,
        report,
        title="Performance report Q2",
        upload=upload("report.pdf", pdf_with_text("Performance page one", "Performance page two")),
    )
    estates = add(
        None,
        meeting,
        title="Estates disposal of Acton depot",
        restricted=True,
        restriction_category=RestrictionCategory.FINANCIAL,
    )
    services.add_paper(
        None,
        estates,
        title="Depot valuation",
        upload=upload("valuation.pdf", pdf_with_text("Confidential depot valuation")),
    )
    safety = add(None, meeting, title="Community safety update", purpose=Purpose.DISCUSSION)
    services.add_paper(
        None,
        safety,
        title="Safer Ealing summary",
        upload=upload("safety.pdf", pdf_with_text("Safer Ealing summary page")),
    )
    services.add_paper(
        None,
        safety,
        title="Informant list",
        upload=upload("informants.pdf", pdf_with_text("Secret informant names")),
        restricted=True,
        restriction_category=RestrictionCategory.CRIME,
    )
    ward = add(None, meeting, title="Ward panels", parent=safety)
    services.add_paper(
        None, ward, title="Ward panel plan", upload=upload("plan.docx", docx_bytes())
    )
    services.publish_agenda(None, meeting)
    return meeting


def build_previous_meeting(body: Body, *, circulate: bool = True) -> Meeting:
    """The body's meeting of 24 October 2011, agenda published and minuted: item 1
    open (discussion, a resolution, an action due 1 December 2011), item 2
    restricted (discussion, a resolution, an action). Its minutes are circulated
    unless `circulate` is False (then they are still being written)."""
    from roundtable.meetings import services
    from roundtable.meetings.choices import RestrictionCategory

    start = timezone.make_aware(datetime.datetime(2011, 10, 24, 17, 0))
    meeting = services.schedule_meeting(
        None, body, start=start, end=start + datetime.timedelta(hours=2), venue="Room 5.12"
    )
    add = services.add_agenda_item
    localism = add(None, meeting, title="Localism Bill")
    disposals = add(
        None,
        meeting,
        title="Property disposals",
        restricted=True,
        restriction_category=RestrictionCategory.FINANCIAL,
    )
    services.publish_agenda(None, meeting)
    services.save_item_minutes(None, localism, "Minuted Localism discussion")
    services.add_resolution(None, localism, "That the Board note the Localism Bill")
    services.add_action(
        None,
        body,
        item=localism,
        description="Map the community assets",
        due=datetime.date(2011, 12, 1),
    )
    services.save_item_minutes(None, disposals, "Secret disposal minutes")
    services.add_resolution(None, disposals, "That the secret disposal proceed")
    services.add_action(None, body, item=disposals, description="Send the secret disposal list")
    if circulate:
        services.circulate_minutes(None, meeting)
    return meeting
