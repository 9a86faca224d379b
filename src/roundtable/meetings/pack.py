"""The board pack: one PDF per meeting, as the reader may see it.

A cover, the agenda, the minutes of the body's previous meeting, and matters
arising with the actions log, laid out by WeasyPrint from `meetings/pack/pack.html`,
then every paper in agenda order: PDF papers page for page (merged with pypdf),
Word and OpenDocument papers converted by LibreOffice (`convert.py`) when it is
installed, and for any other paper (an XLSX, or a document that could not be
converted) a separator page saying where to download it. The
pack has bookmarks for the cover, the agenda, each item and each paper, and
"Page X of Y" stamped on every page, papers included.

The agenda cites the pack page on which each item's papers start, so it must
know its own length first: it is laid out, its pages counted, and laid out again
with the right numbers until the count holds (once or twice in practice).

What goes in is read through the `visible_to` methods as the pack's reader: the
user for the members' pack (the body's members and managers), the public for the
public pack, whoever asks for it. So the public pack has no restricted item or
paper, the previous meeting's minutes only once approved, and the actions the
public may see; the members' pack has the draft (circulated) minutes too. Minutes
still being written are in no pack.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
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

from roundtable.core.permissions import Action as Can
from roundtable.core.permissions import can
from roundtable.meetings import convert, rules
from roundtable.meetings.attachments import Attachment, attachments_for
from roundtable.meetings.choices import Capacity, MinutesStatus
from roundtable.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    MinutesAmendment,
    Resolution,
)
from roundtable.meetings.permissions import sees_meeting_minutes
from roundtable.meetings.queries import (
    AgendaEntry,
    agenda_for,
    current_version,
    matters_arising,
    previous_meeting,
)
from roundtable.partnership.access import sees_internal_figures
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    import datetime

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
    """A paper in the pack: its pages (a PDF's own, a Word or OpenDocument paper
    converted by LibreOffice, or one separator page) and where they start in the
    pack (1-based)."""

    paper: Paper
    version: PaperVersion
    url: str
    reader: PdfReader | None = None
    problem: str = ""
    start: int = 0
    converted: bool = False

    @property
    def title(self) -> str:
        return self.paper.title

    @property
    def restricted(self) -> bool:
        return self.paper.restricted

    @property
    def is_convertible(self) -> bool:
        return self.version.content_type in convert.CONVERTIBLE

    @property
    def pages(self) -> int:
        return len(self.reader.pages) if self.reader is not None else 1

    @property
    def is_merged(self) -> bool:
        return self.reader is not None


@dataclass
class PackReport:
    """The performance report an item takes, laid out by performance's PDF renderer
    (public or internal version), in the pack after the item's own papers."""

    period: str
    url: str
    reader: PdfReader | None = None
    problem: str = ""
    start: int = 0
    version: None = None
    restricted: bool = False
    converted: bool = False
    is_convertible: bool = False

    @property
    def title(self) -> str:
        return rules.report_title(self.period)

    @property
    def pages(self) -> int:
        return len(self.reader.pages) if self.reader is not None else 1

    @property
    def is_merged(self) -> bool:
        return self.reader is not None


@dataclass
class PackAttachment:
    """A record another app places on the item (`attachments.py`), printed on a page
    of its own after the item's papers."""

    title: str
    url: str
    html: str
    reader: None = None
    problem: str = ""
    start: int = 0
    version: None = None
    restricted: bool = False
    converted: bool = False
    is_convertible: bool = False
    is_merged: bool = False
    pages: int = 1


@dataclass
class PackItem:
    number: str
    entry: AgendaEntry
    papers: list[PackPaper | PackReport | PackAttachment] = field(default_factory=list)

    @property
    def is_sub_item(self) -> bool:
        return self.entry.item.parent_id is not None

    @property
    def start(self) -> int | None:
        return self.papers[0].start if self.papers else None


@dataclass
class MinutedItem:
    """An item of the previous meeting with its minutes: the discussion, the
    resolutions "(i)…" and the actions raised under it."""

    number: str
    item: AgendaItem
    is_sub: bool
    resolutions: list[tuple[str, Resolution]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class PreviousMinutes:
    """The body's previous meeting, and its minutes when the reader may have them
    (`shown`): approved for everyone, circulated (draft) for members."""

    meeting: Meeting
    shown: bool
    items: list[MinutedItem] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    amendments: list[MinutesAmendment] = field(default_factory=list)

    @property
    def approved(self) -> bool:
        return self.meeting.minutes_status == MinutesStatus.APPROVED

    @property
    def present(self) -> list[Attendance]:
        return [a for a in self.attendance if a.status == "present" and not self._also(a)]

    @property
    def also_attending(self) -> list[Attendance]:
        return [a for a in self.attendance if a.status == "present" and self._also(a)]

    @property
    def apologies(self) -> list[Attendance]:
        return [a for a in self.attendance if a.status == "apologies"]

    @staticmethod
    def _also(record: Attendance) -> bool:
        return record.capacity == Capacity.IN_ATTENDANCE


@dataclass
class ArisingAction:
    """An open action from an earlier meeting, with how overdue it is at the meeting."""

    action: Action
    days_overdue: int


@dataclass
class Pack:
    meeting: Meeting
    edition: str
    items: list[PackItem]
    previous: PreviousMinutes | None = None
    arising: list[ArisingAction] = field(default_factory=list)
    # Pages before the first paper (cover, agenda, minutes, actions), and the page
    # each front section starts on: worked out by laying the pack out.
    front_pages: int = 4
    starts: dict[str, int] = field(default_factory=dict)
    generated_at: object = None

    @property
    def papers(self) -> list[PackPaper | PackReport | PackAttachment]:
        return [paper for item in self.items for paper in item.papers]

    @property
    def separators(self) -> list[PackPaper | PackReport | PackAttachment]:
        return [paper for paper in self.papers if not paper.is_merged]

    @property
    def is_public(self) -> bool:
        return self.edition == PUBLIC


def edition_for(user: User | AnonymousUser, meeting: Meeting) -> str:
    """The full pack for the body's members and managers, the public one otherwise."""
    return FULL if can(user, Can.VIEW_RESTRICTED, meeting) else PUBLIC


def reader_for(user: User | AnonymousUser, edition: str) -> User | AnonymousUser:
    """Whom the pack is read as: the public pack is the public's, whoever asks, so a
    signed-in non-member's own actions do not slip into a pack marked public."""
    return user if edition == FULL else AnonymousUser()


def previous_minutes(meeting: Meeting, reader: User | AnonymousUser) -> PreviousMinutes | None:
    """The previous meeting of the body, with the minutes `reader` may read: only
    circulated or approved minutes (never those still being written), each item as
    `minutes_visible_to` allows, its resolutions and actions as theirs do."""
    previous = previous_meeting(meeting)
    if previous is None:
        return None
    finished = previous.minutes_status in (MinutesStatus.CIRCULATED, MinutesStatus.APPROVED)
    if not finished or not sees_meeting_minutes(reader, previous):
        return PreviousMinutes(previous, shown=False)
    minuted = set(
        AgendaItem.objects.minutes_visible_to(reader)
        .filter(meeting=previous)
        .values_list("pk", flat=True)
    )
    items: dict[int, MinutedItem] = {}

    def walk(entries: list[AgendaEntry], is_sub: bool) -> None:
        for entry in entries:
            if entry.item.pk in minuted:
                items[entry.item.pk] = MinutedItem(entry.number, entry.item, is_sub)
            walk(entry.sub_items, True)

    walk(agenda_for(previous, reader), False)
    resolutions = Resolution.objects.visible_to(reader).filter(item__meeting=previous)
    for resolution in resolutions.order_by("item", "position"):
        if resolution.item_id in items:
            items[resolution.item_id].resolutions.append(
                (rules.roman(resolution.position), resolution)
            )
    actions = (
        Action.objects.visible_to(reader)
        .filter(item__meeting=previous)
        .select_related("owner_person", "owner_organisation")
        .order_by("pk")
    )
    for action in actions:
        if action.item_id in items:
            items[action.item_id].actions.append(action)
    attendance = (
        Attendance.objects.visible_to(reader)
        .filter(meeting=previous)
        .select_related("person", "organisation", "substitute_for")
    )
    return PreviousMinutes(
        previous,
        shown=True,
        items=list(items.values()),
        attendance=list(attendance),
        amendments=list(MinutesAmendment.objects.visible_to(reader).filter(meeting=previous)),
    )


def actions_arising(meeting: Meeting, reader: User | AnonymousUser) -> list[ArisingAction]:
    """The body's actions from earlier meetings still open, overdue as at the meeting
    (or today, for one still to come), as the meeting page's matters arising."""
    today: datetime.date = min(timezone.localdate(), timezone.localdate(meeting.start))
    return [
        ArisingAction(action, rules.days_overdue(action.due, action.status, today))
        for action in matters_arising(meeting, reader)
    ]


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


NOT_CONVERTED = (
    "This paper could not be converted to PDF, so it is not included in this pack. "
    "It is available to download."
)


def _convert(papers: list[PackPaper | PackReport]) -> None:
    """Word and OpenDocument papers converted to PDF by LibreOffice, all in one run,
    when it is installed; a paper it cannot convert is listed with its address and
    a word saying so. Without LibreOffice the papers are listed for download."""
    wanted = [paper for paper in papers if paper.is_convertible]
    if not wanted or not convert.is_available():
        return
    documents = []
    for paper in wanted:
        try:
            with paper.version.file.open("rb") as handle:
                content = handle.read()
        except OSError:
            content = b""
        documents.append((convert.CONVERTIBLE[paper.version.content_type], content))
    try:
        results = convert.to_pdf(documents)
    except convert.ConversionError as error:
        logger.warning("Papers could not be converted for a pack: %s", error)
        results = [None] * len(wanted)
    for paper, pdf in zip(wanted, results, strict=True):
        reader = None
        if pdf is not None:
            try:
                reader = PdfReader(io.BytesIO(pdf))
                if len(reader.pages) == 0:
                    reader = None
            except (PdfReadError, ValueError, KeyError, TypeError):
                reader = None
        if reader is None:
            paper.problem = NOT_CONVERTED
        else:
            paper.reader, paper.converted = reader, True


def _pack_items(
    entries: list[AgendaEntry],
    absolute: Callable[[str], str],
    attached: dict[int, list[Attachment]],
) -> list[PackItem]:
    items = []
    for entry in entries:
        pack_item = PackItem(entry.number, entry)
        for paper in entry.papers:
            version = current_version(paper)
            if version is None:
                continue
            pack_paper = PackPaper(paper, version, absolute(paper.get_absolute_url()))
            if version.content_type == "application/pdf":
                pack_paper.reader, pack_paper.problem = _read_pdf(version)
            pack_item.papers.append(pack_paper)
        if entry.item.performance_report:
            pack_item.papers.append(_report_entry(entry.item, absolute))
        pack_item.papers += [
            PackAttachment(a.title, absolute(a.url), a.html)
            for a in attached.get(entry.item.pk, [])
        ]
        items.append(pack_item)
        items += _pack_items(entry.sub_items, absolute, attached)
    return items


def _item_ids(entries: list[AgendaEntry]) -> list[int]:
    ids = []
    for entry in entries:
        ids.append(entry.item.pk)
        ids += _item_ids(entry.sub_items)
    return ids


def _report_entry(item: AgendaItem, absolute: Callable[[str], str]) -> PackReport:
    from roundtable.performance.periods import parse_period

    try:
        slug = parse_period(item.performance_report).slug
    except ValueError:
        return PackReport(item.performance_report, "", problem=REPORT_MISSING)
    path = partnership_reverse(item.partnership_id, "performance:report-period", args=[slug])
    return PackReport(item.performance_report, absolute(path))


REPORT_MISSING = (
    "The performance report could not be made, so it is not included in this pack. "
    "It is on the partnership's performance pages."
)


def _lay_out_reports(pack: Pack, internal: bool) -> None:
    """Each performance report the agenda's items take, laid out once per period by
    performance's PDF renderer: the internal version (figures not yet approved,
    indicators not marked public) only in a members' pack for someone who may see
    internal figures (`sees_internal_figures`), the public version otherwise."""
    from roundtable.performance import renderers
    from roundtable.performance.periods import parse_period
    from roundtable.performance.queries import build_report

    laid_out: dict[str, PdfReader | None] = {}
    for entry in pack.papers:
        if not isinstance(entry, PackReport) or entry.problem:
            continue
        if entry.period not in laid_out:
            try:
                report = build_report(
                    pack.meeting.body.partnership, parse_period(entry.period), public=not internal
                )
                laid_out[entry.period] = PdfReader(io.BytesIO(renderers.render_pdf(report)))
            except (ValueError, PdfReadError, OSError):
                logger.exception("The %s performance report could not be made", entry.period)
                laid_out[entry.period] = None
        entry.reader = laid_out[entry.period]
        if entry.reader is None:
            entry.problem = REPORT_MISSING


# The front sections, by the id of the element that starts each one in pack.html.
FRONT_SECTIONS = ("cover", "agenda", "minutes", "arising")


def _number_pages(pack: Pack) -> None:
    page = pack.front_pages + 1
    for paper in pack.papers:
        paper.start = page
        page += paper.pages


def _anchor_pages(document: object) -> dict[str, int]:
    """The page (1-based) each named anchor of the laid-out document is on."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            found.setdefault(name, number)
    return found


def _layout(pack: Pack) -> bytes:
    """Lay out the front sections and separator pages until the page numbers the
    agenda cites agree with where the sections and papers fall; returns that PDF."""
    # Imported here: importing WeasyPrint loads Pango, which only the pack needs.
    from weasyprint import HTML

    for _ in range(MAX_LAYOUTS):
        _number_pages(pack)
        html = render_to_string("meetings/pack/pack.html", {"pack": pack})
        document = HTML(string=html).render()
        anchors = _anchor_pages(document)
        front_pages = len(document.pages) - len(pack.separators)
        starts = {name: anchors[f"rt-{name}"] for name in FRONT_SECTIONS if f"rt-{name}" in anchors}
        if front_pages == pack.front_pages and starts == pack.starts:
            return document.write_pdf()
        pack.front_pages, pack.starts = front_pages, starts
    raise RuntimeError("The pack's front sections did not settle on a length")


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
    for page in own.pages[: pack.front_pages]:
        writer.add_page(page)
    separators = iter(own.pages[pack.front_pages :])
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

    for name in FRONT_SECTIONS:
        if name in pack.starts:
            writer.add_outline_item(
                title=_section_title(pack, name), page_number=pack.starts[name] - 1
            )
    parents: dict[int, object] = {}
    for item in pack.items:
        title = f"{item.number}. {item.entry.item.title}"
        target = (item.start or pack.starts.get("agenda", 2)) - 1
        parent = parents.get(item.entry.item.parent_id) if item.is_sub_item else None
        mark = writer.add_outline_item(title=title, page_number=target, parent=parent)
        parents[item.entry.item.pk] = mark
        for paper in item.papers:
            writer.add_outline_item(title=paper.title, page_number=paper.start - 1, parent=mark)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": pack_title(pack.meeting), "/Creator": "Roundtable"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _section_title(pack: Pack, name: str) -> str:
    if name == "minutes" and pack.previous is not None:
        draft = "" if pack.previous.approved else "Draft minutes"
        return f"{draft or 'Minutes'} of the meeting of {pack.previous.meeting.date_label}"
    return {"cover": "Cover", "agenda": "Agenda", "arising": "Matters arising and actions"}[name]


def pack_title(meeting: Meeting) -> str:
    when = timezone.localtime(meeting.start)
    return f"{meeting.body.name}: {when:%-d %B %Y}"


def build_pack(
    meeting: Meeting, user: User | AnonymousUser, absolute: Callable[[str], str]
) -> bytes:
    """The meeting's pack as `user` may see it; `absolute` makes an address absolute
    (the papers' and reports' addresses are printed on the separator pages)."""
    edition = edition_for(user, meeting)
    reader = reader_for(user, edition)
    entries = agenda_for(meeting, reader)
    # What other apps place on the items (a project's update), read as the pack's reader.
    attached = attachments_for(reader, _item_ids(entries))
    pack = Pack(
        meeting=meeting,
        edition=edition,
        items=_pack_items(entries, absolute, attached),
        previous=previous_minutes(meeting, reader),
        arising=actions_arising(meeting, reader),
        generated_at=timezone.localtime(),
    )
    _convert(pack.papers)
    internal = edition == FULL and sees_internal_figures(user, meeting.body.partnership_id)
    _lay_out_reports(pack, internal)
    return _assemble(pack, _layout(pack))
