"""The board pack: one PDF per meeting, as the reader may see it.

A cover and the agenda, laid out by WeasyPrint from `meetings/pack/pack.html`,
then every paper in agenda order: PDF papers page for page (merged with pypdf),
and for a DOCX or XLSX paper a separator page saying where to download it. The
pack has bookmarks for the cover, the agenda, each item and each paper, and
"Page X of Y" stamped on every page, papers included.

The agenda cites the pack page on which each item's papers start, so it must
know its own length first: it is laid out, its pages counted, and laid out again
with the right numbers until the count holds (once or twice in practice).

What goes in comes from `queries.agenda_for(meeting, user)`, so the public and
signed-in non-members get the public pack (no restricted item or paper) and the
body's members and managers the full one.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

from roundtable.core.permissions import Action, can
from roundtable.meetings.queries import AgendaEntry, agenda_for, current_version

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.meetings.models import Meeting, Paper, PaperVersion

logger = logging.getLogger(__name__)

PUBLIC = "public"
FULL = "full"
# The agenda is laid out again while its length keeps changing; it settles at once
# unless a page number's extra digit pushes a line over a page.
MAX_LAYOUTS = 4
NUMBERS_FONT = "/RtPackNumbers"


@dataclass
class PackPaper:
    """A paper in the pack: its pages (a PDF's own, or one separator page) and where
    they start in the pack (1-based)."""

    paper: Paper
    version: PaperVersion
    url: str
    reader: PdfReader | None = None
    problem: str = ""
    start: int = 0

    @property
    def pages(self) -> int:
        return len(self.reader.pages) if self.reader is not None else 1

    @property
    def is_merged(self) -> bool:
        return self.reader is not None


@dataclass
class PackItem:
    number: str
    entry: AgendaEntry
    papers: list[PackPaper] = field(default_factory=list)

    @property
    def is_sub_item(self) -> bool:
        return self.entry.item.parent_id is not None

    @property
    def start(self) -> int | None:
        return self.papers[0].start if self.papers else None


@dataclass
class Pack:
    meeting: Meeting
    edition: str
    items: list[PackItem]
    agenda_pages: int = 1
    generated_at: object = None

    @property
    def papers(self) -> list[PackPaper]:
        return [paper for item in self.items for paper in item.papers]

    @property
    def separators(self) -> list[PackPaper]:
        return [paper for paper in self.papers if not paper.is_merged]

    @property
    def is_public(self) -> bool:
        return self.edition == PUBLIC


def edition_for(user: User | AnonymousUser, meeting: Meeting) -> str:
    """The full pack for the body's members and managers, the public one otherwise."""
    return FULL if can(user, Action.VIEW_RESTRICTED, meeting) else PUBLIC


def _read_pdf(version: PaperVersion) -> tuple[PdfReader | None, str]:
    try:
        with version.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        if len(reader.pages) == 0:
            return None, "The PDF has no pages."
    except (OSError, PdfReadError, ValueError, KeyError, TypeError):
        logger.warning("Paper version %s could not be read for a pack", version.pk)
        return None, "The PDF could not be read, so it is not included in this pack."
    return reader, ""


def _pack_items(entries: list[AgendaEntry], url_for: Callable[[Paper], str]) -> list[PackItem]:
    items = []
    for entry in entries:
        pack_item = PackItem(entry.number, entry)
        for paper in entry.papers:
            version = current_version(paper)
            if version is None:
                continue
            pack_paper = PackPaper(paper, version, url_for(paper))
            if version.content_type == "application/pdf":
                pack_paper.reader, pack_paper.problem = _read_pdf(version)
            pack_item.papers.append(pack_paper)
        items.append(pack_item)
        items += _pack_items(entry.sub_items, url_for)
    return items


def _number_pages(pack: Pack) -> None:
    page = 1 + pack.agenda_pages + 1
    for paper in pack.papers:
        paper.start = page
        page += paper.pages


def _layout(pack: Pack) -> bytes:
    """Lay out the cover, agenda and separator pages until the agenda's own length
    agrees with the page numbers it cites; returns that PDF."""
    # Imported here: importing WeasyPrint loads Pango, which only the pack needs.
    from weasyprint import HTML

    for _ in range(MAX_LAYOUTS):
        _number_pages(pack)
        html = render_to_string("meetings/pack/pack.html", {"pack": pack})
        document = HTML(string=html).render()
        agenda_pages = len(document.pages) - 1 - len(pack.separators)
        if agenda_pages == pack.agenda_pages:
            return document.write_pdf()
        pack.agenda_pages = agenda_pages
    raise RuntimeError("The pack's agenda did not settle on a length")


def _stamp(writer: PdfWriter, page: PageObject, text: str, font: object) -> None:
    """Write `text` at the foot of the page, right-aligned on a white patch, leaving
    the page's own content untouched (it is wrapped in q … Q)."""
    box = page.mediabox
    size = 9
    width = len(text) * size * 0.55 + 8
    x = float(box.right) - 28 - width
    y = float(box.bottom) + 14
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    fonts[NameObject(NUMBERS_FONT)] = font
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(
        (
            f"\nQ q 1 1 1 rg {x:.1f} {y - 4:.1f} {width:.1f} {size + 8} re f "
            f"0 0 0 rg BT {NUMBERS_FONT} {size} Tf {x + 4:.1f} {y + 1:.1f} Td "
            f"({text}) Tj ET Q\n"
        ).encode("latin-1")
    )
    contents = page.get("/Contents")
    existing = []
    if contents is not None:
        resolved = contents.get_object()
        existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *existing, writer._add_object(after)]
    )


def _assemble(pack: Pack, laid_out: bytes) -> bytes:
    own = PdfReader(io.BytesIO(laid_out))
    writer = PdfWriter()
    for page in own.pages[: 1 + pack.agenda_pages]:
        writer.add_page(page)
    separators = iter(own.pages[1 + pack.agenda_pages :])
    for paper in pack.papers:
        if paper.reader is not None:
            for page in paper.reader.pages:
                writer.add_page(page)
        else:
            writer.add_page(next(separators))

    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        _stamp(writer, page, f"Page {number} of {total}", font)

    writer.add_outline_item(title="Cover", page_number=0)
    writer.add_outline_item(title="Agenda", page_number=1)
    parents: dict[int, object] = {}
    for item in pack.items:
        title = f"{item.number}. {item.entry.item.title}"
        target = (item.start or 2) - 1
        parent = parents.get(item.entry.item.parent_id) if item.is_sub_item else None
        mark = writer.add_outline_item(title=title, page_number=target, parent=parent)
        parents[item.entry.item.pk] = mark
        for paper in item.papers:
            writer.add_outline_item(
                title=paper.paper.title, page_number=paper.start - 1, parent=mark
            )
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": pack_title(pack.meeting), "/Creator": "Roundtable"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pack_title(meeting: Meeting) -> str:
    when = timezone.localtime(meeting.start)
    return f"{meeting.body.name}: {when:%-d %B %Y}"


def build_pack(
    meeting: Meeting, user: User | AnonymousUser, url_for: Callable[[Paper], str]
) -> bytes:
    """The meeting's pack as `user` may see it; `url_for` gives a paper's absolute
    download address (printed on the separator pages)."""
    pack = Pack(
        meeting=meeting,
        edition=edition_for(user, meeting),
        items=_pack_items(agenda_for(meeting, user), url_for),
        generated_at=timezone.localtime(),
    )
    return _assemble(pack, _layout(pack))
