"""Meetings benchmark (#5): the board pack of a big meeting.

A published agenda of 40 items, each with a 5-page PDF paper laid out by
WeasyPrint with real text and fonts (200 pages of papers), and one DOCX paper;
measures building the full pack (cover, agenda, merge, bookmarks, page numbers).
Target: under 10 s. Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/meetings_pack.py
"""

from __future__ import annotations

import datetime
import io
import statistics
import time

ITEMS = 40
PAGES_PER_PAPER = 5
REPEATS = 3

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from roundtable.meetings import pack, services  # noqa: E402
from roundtable.meetings.tests.papers import docx_bytes  # noqa: E402
from roundtable.partnership.models import Body, Partnership  # noqa: E402


def paper_pdf() -> bytes:
    paragraph = "<p>" + "The partnership reviewed progress against the priorities. " * 40 + "</p>"
    sections = [
        f"<section><h1>Section {n}</h1>{paragraph}</section>" for n in range(PAGES_PER_PAPER)
    ]
    style = (
        "<style>section { break-after: page; } section:last-child { break-after: auto; }</style>"
    )
    content = HTML(string=f"<html><head>{style}</head><body>{''.join(sections)}</body></html>")
    pdf = content.write_pdf()
    if len(PdfReader(io.BytesIO(pdf)).pages) != PAGES_PER_PAPER:
        raise SystemExit("The sample paper did not come out at the expected length")
    return pdf


def main() -> None:
    partnership = Partnership.objects.create(name="Benchmark partnership", slug="bench")
    body = Body.objects.create(partnership=partnership, name="Executive board", slug="exec")
    start = timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0))
    meeting = services.schedule_meeting(None, body, start=start, venue="Town Hall")
    content = paper_pdf()
    for n in range(ITEMS):
        item = services.add_agenda_item(None, meeting, title=f"Item {n + 1}: theme report")
        services.add_paper(
            None, item, title=f"Paper {n + 1}", upload=SimpleUploadedFile(f"p{n}.pdf", content)
        )
    services.add_paper(
        None, item, title="Workbook notes", upload=SimpleUploadedFile("notes.docx", docx_bytes())
    )
    services.publish_agenda(None, meeting)

    timings, pages = [], 0
    for _ in range(REPEATS):
        began = time.perf_counter()
        built = pack.build_pack(meeting, AnonymousUser(), lambda path: f"https://example.org{path}")
        timings.append(time.perf_counter() - began)
        pages = len(PdfReader(io.BytesIO(built)).pages)
    print(f"Database: {DATABASE}")
    print(
        f"Board pack, {ITEMS} items, {ITEMS * PAGES_PER_PAPER} pages of PDF papers + 1 DOCX: "
        f"{pages} pages, {len(built) / 1e6:.1f} MB, p50 {statistics.median(timings):.2f} s "
        f"(min {min(timings):.2f} s, max {max(timings):.2f} s, {REPEATS} runs)"
    )


if __name__ == "__main__":
    main()
