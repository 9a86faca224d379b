"""The rules of running meetings, as plain functions: item numbering, series
dates, quorum, when minutes may move on, overdue actions, attendance rates and how
well a record matches a search (on SQLite).

No Django here: these are tested without a database (tests/test_rules.py).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from roundtable.core import uploads
from roundtable.performance.periods import parse_period


class Repeat(StrEnum):
    """Mirrors choices.Repeat (kept apart so this module imports no Django)."""

    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY_BY_WEEKDAY = "monthly_weekday"
    QUARTERLY_BY_WEEKDAY = "quarterly_weekday"


class Minutes(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"


OUTSTANDING = frozenset({"open", "in_progress"})
MAX_SERIES = 60


# -- Agenda numbering ---------------------------------------------------------


@dataclass(frozen=True)
class ItemPlace:
    id: int
    parent_id: int | None
    position: int


def item_numbers(items: Iterable[ItemPlace]) -> dict[int, str]:
    """Number an agenda as the Ealing papers do: items 1, 2, 3…; sub-items 5a, 5b…

    Numbers follow the positions, so reordering renumbers; gaps in positions
    do not leave gaps in numbers. Sub-items beyond 26 continue aa, ab…
    """
    items = list(items)
    top = sorted((i for i in items if i.parent_id is None), key=lambda i: (i.position, i.id))
    numbers = {item.id: str(n) for n, item in enumerate(top, start=1)}
    children: dict[int, list[ItemPlace]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    for parent_id, subs in children.items():
        prefix = numbers.get(parent_id, "?")
        for n, sub in enumerate(sorted(subs, key=lambda i: (i.position, i.id))):
            numbers[sub.id] = prefix + _letters(n)
    return numbers


def _letters(n: int) -> str:
    """0 → a, 25 → z, 26 → aa."""
    if n < 26:
        return chr(ord("a") + n)
    return _letters(n // 26 - 1) + _letters(n % 26)


def roman(n: int) -> str:
    """Lower-case roman numerals for resolution parts: 1 → i, 4 → iv."""
    if n < 1:
        raise ValueError("Roman numerals start at 1")
    parts = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in parts:
        while n >= value:
            out += letters
            n -= value
    return out


def resolution_reference(item_number: str, position: int) -> str:
    """How a resolution is cited: item 3, part (ii) → "3 (ii)"."""
    return f"{item_number} ({roman(position)})"


# -- Naming a meeting --------------------------------------------------------


def meeting_name(body: str, title: str, number: int | None) -> str:
    """A meeting's name without its day (`meeting_heading` adds it): its body, then
    its own title if it has one, else the body's number for it if any.

    "Ealing LSP Executive"; "LSP Executive, meeting 30"; "LSP Executive: Budget
    workshop". A title that already starts with the body's name stands alone: "LSP
    Executive away day", not "LSP Executive: LSP Executive away day".
    """
    title = title.strip()
    if title and title.casefold().startswith(body.casefold()):
        return title
    if title:
        return f"{body}: {title}"
    if number is not None:
        return f"{body}, meeting {number}"
    return body


def meeting_heading(body: str, title: str, number: int | None, day: str) -> str:
    """How a meeting is titled everywhere (its page's heading and title, the links back
    to it, My Roundtable, calendars, search results, feeds): `meeting_name` and its
    day, "Ealing LSP Executive, 5 December 2026"."""
    return f"{meeting_name(body, title, number)}, {day}"


# -- Scheduling --------------------------------------------------------------


def _nth_weekday(day: datetime.date) -> tuple[int, int]:
    """(weekday, n): 16 Jan 2012 is the 3rd Monday → (0, 3); a last one → n = -1
    when it is also the 5th, so "last Monday" series stay on the last Monday."""
    n = (day.day - 1) // 7 + 1
    return day.weekday(), (-1 if n == 5 else n)


def _weekday_in_month(year: int, month: int, weekday: int, n: int) -> datetime.date:
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    return days[-1] if n == -1 or n > len(days) else days[n - 1]


def series_dates(first: datetime.date, repeat: Repeat, count: int) -> list[datetime.date]:
    """The dates of a series of `count` meetings starting on `first`.

    Monthly and quarterly series keep the weekday of the month ("third Monday"),
    which is how boards fix their meetings.
    """
    if count < 1:
        raise ValueError("A series has at least one meeting")
    if count > MAX_SERIES:
        raise ValueError(f"A series has at most {MAX_SERIES} meetings")
    if repeat in (Repeat.WEEKLY, Repeat.FORTNIGHTLY):
        step = datetime.timedelta(weeks=1 if repeat == Repeat.WEEKLY else 2)
        return [first + step * i for i in range(count)]
    months = 1 if repeat == Repeat.MONTHLY_BY_WEEKDAY else 3
    weekday, n = _nth_weekday(first)
    dates = []
    for i in range(count):
        index = first.month - 1 + months * i
        year, month = first.year + index // 12, index % 12 + 1
        dates.append(_weekday_in_month(year, month, weekday, n))
    return dates


def has_moved(
    old: tuple[datetime.datetime, datetime.datetime | None, str],
    new: tuple[datetime.datetime, datetime.datetime | None, str],
) -> bool:
    """Whether a change of (start, end, venue) is a move that calendars must hear of."""
    return old != new


# -- Meeting status ----------------------------------------------------------


class Shown(StrEnum):
    """A meeting's status as every output shows it. "held" is never stored: it is
    derived from the clock, so it cannot go stale (choices.MeetingStatus stores the rest).
    """

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HELD = "held"


def has_finished(
    start: datetime.datetime, end: datetime.datetime | None, now: datetime.datetime
) -> bool:
    """A meeting has finished once its end has passed; one with no end time, once
    its start has."""
    return (end if end is not None else start) <= now


def shown_status(
    status: str, start: datetime.datetime, end: datetime.datetime | None, now: datetime.datetime
) -> Shown:
    """What a meeting is, as at `now`: cancelled stays cancelled whenever it was; any
    other meeting is scheduled until it has finished, then held."""
    if status == Shown.CANCELLED:
        return Shown.CANCELLED
    return Shown.HELD if has_finished(start, end, now) else Shown.SCHEDULED


class ToRecord(StrEnum):
    """What a held meeting's record still lacks, shown beside "Held" so a meeting
    nobody has written up does not look done. Pages only: the API's `status` keeps
    its three values."""

    NOTHING = "nothing"
    MINUTES = "minutes"

    @property
    def label(self) -> str:
        return _TO_RECORD_LABELS[self]


_TO_RECORD_LABELS = {
    ToRecord.NOTHING: "Nothing recorded yet",
    ToRecord.MINUTES: "Minutes not started",
}


def record_may_lack(shown: str, minutes_status: str) -> bool:
    """Whether a meeting's record may lack anything worth saying (`to_record`): only
    when it is held and its minutes are not started, so the facts need reading then only."""
    return shown == Shown.HELD and minutes_status == Minutes.NOT_STARTED


def to_record(
    shown: str, minutes_status: str, *, attendance: bool, decisions: bool, actions: bool
) -> ToRecord | None:
    """What is still to record of a meeting, if anything worth saying.

    Only a held meeting whose minutes are not started lacks anything: with no
    attendance, decisions (resolutions) or actions either, nothing is recorded of it
    yet; with some of those, its minutes are still to start. A meeting to come, a
    cancelled one, or one whose minutes are under way (draft, circulated or approved)
    lacks nothing to say here.
    """
    if not record_may_lack(shown, minutes_status):
        return None
    if attendance or decisions or actions:
        return ToRecord.MINUTES
    return ToRecord.NOTHING


def minutes_progress(shown: str, minutes_status: str) -> str:
    """How far a held meeting's minutes have got, beside "Held" in the lists, where
    `to_record` has nothing to say: being drafted, circulated to members, approved.
    The minutes' status is part of the public schedule; what they say is not."""
    if shown != Shown.HELD:
        return ""
    return _MINUTES_PROGRESS.get(Minutes(minutes_status), "")


_MINUTES_PROGRESS = {
    Minutes.DRAFT: "Minutes being drafted",
    Minutes.CIRCULATED: "Minutes circulated to members",
    Minutes.APPROVED: "Minutes approved",
}


# -- Minutes -----------------------------------------------------------------


class MinutesStep(StrEnum):
    """What a held meeting's minutes wait for, on My Roundtable's list for the
    people who record them: to be taken (not started, or a draft), or a later
    meeting's approval recorded (circulated)."""

    TAKE = "take"
    APPROVE = "approve"

    @property
    def label(self) -> str:
        return _MINUTES_STEP_LABELS[self]


_MINUTES_STEP_LABELS = {
    MinutesStep.TAKE: "Take the minutes",
    MinutesStep.APPROVE: "Approve the minutes",
}


def minutes_step(minutes_status: str) -> MinutesStep | None:
    """The next step of a held meeting's minutes; None once they are approved."""
    minutes = Minutes(minutes_status)
    if minutes is Minutes.APPROVED:
        return None
    return MinutesStep.APPROVE if minutes is Minutes.CIRCULATED else MinutesStep.TAKE


def record_state(shown: str, minutes_status: str, lacking: ToRecord | None) -> str:
    """How far a held meeting's record has got, in the same words on every page (the
    meetings lists, the meeting page, My Roundtable's minutes to record): what it
    still lacks (`to_record`: "Nothing recorded yet", "Minutes not started"), else how
    far its minutes have got (`minutes_progress`); "" for a meeting not held."""
    if lacking is not None:
        return lacking.label
    return minutes_progress(shown, minutes_status)


#: How many meetings My Roundtable lists whose minutes are still to record, latest
#: first; the rest are counted and linked to the meetings list filtered to them.
MINUTES_TO_RECORD_SHOWN = 5


#: How long after a meeting My Roundtable still offers it, with its papers, beside the
#: meetings to come: its minutes and actions are still this month's work.
RECENTLY_HELD_DAYS = 42


def held_recently(meeting_day: datetime.date, today: datetime.date) -> bool:
    """Whether a meeting was held in the last six weeks (`RECENTLY_HELD_DAYS`)."""
    return (today - meeting_day).days <= RECENTLY_HELD_DAYS


def a_year_before(today: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for 29 February)."""
    if today.month == 2 and today.day == 29:
        return datetime.date(today.year - 1, 2, 28)
    return today.replace(year=today.year - 1)


def held_long_ago(meeting_day: datetime.date, today: datetime.date) -> bool:
    """Whether a meeting was held over a year ago: its minutes, still not approved,
    are more likely a record never made (a board pack that never gave them) than
    this month's work, so the list of minutes to record says so beside it."""
    return meeting_day < a_year_before(today)


_NEXT_MINUTES = {
    Minutes.NOT_STARTED: {Minutes.DRAFT},
    Minutes.DRAFT: {Minutes.CIRCULATED},
    Minutes.CIRCULATED: {Minutes.DRAFT, Minutes.APPROVED},
    Minutes.APPROVED: set(),
}


def circulation_refusal(status: str) -> str:
    """Why minutes in `status` cannot be circulated ("" when they can: only a draft
    goes to the members), in words the page and the service both give."""
    minutes = Minutes(status)
    if minutes is Minutes.DRAFT:
        return ""
    if minutes is Minutes.NOT_STARTED:
        return "The minutes are not started: take the minutes before circulating them"
    if minutes is Minutes.CIRCULATED:
        return "The minutes are already circulated to the members"
    return "The minutes are approved and locked"


def cancel_refusal(minutes_status: str, *, recorded: bool) -> str:
    """Why a meeting cannot be cancelled ("" when it can): one whose minutes are
    started, or with attendance or actions recorded, took place. A meeting past its
    date with nothing recorded may still be cancelled: it may not have happened."""
    if recorded or Minutes(minutes_status) is not Minutes.NOT_STARTED:
        return (
            "The meeting took place: its minutes, attendance or actions are recorded, "
            "so it cannot be cancelled"
        )
    return ""


def move_refusal(minutes_status: str) -> str:
    """Why a meeting cannot be moved ("" when it can): approved minutes are locked, and
    the meeting's date and place are part of them."""
    if Minutes(minutes_status) is Minutes.APPROVED:
        return (
            "The minutes are approved and the meeting's date and place are part of them, "
            "so it cannot be moved"
        )
    return ""


def agenda_refusal(minutes_status: str) -> str:
    """Why a meeting's agenda cannot be changed ("" when it can): approved minutes are
    locked, and they record the items and papers the meeting took. Who may see an item
    may still change (an exempt item is often opened later): that is not the record."""
    if Minutes(minutes_status) is Minutes.APPROVED:
        return (
            "The minutes are approved and the agenda's items and papers are part of them, "
            "so they cannot be added, changed, reordered or removed"
        )
    return ""


def why_not_changeable(minutes_status: str, move: str, cancel: str) -> str:
    """What a meeting's manager is told is not offered, in one paragraph: with approved
    minutes, that the record is locked (one sentence instead of three refusals that
    each begin with the minutes); otherwise the refusals `move` and `cancel` given."""
    if Minutes(minutes_status) is Minutes.APPROVED:
        return (
            "The minutes are approved, so the meeting's record is locked: its date and "
            "place, agenda items, papers and attendance cannot change, and it cannot be "
            "cancelled. Who can see each item may still change."
        )
    return " ".join(f"{refused}." for refused in (move, cancel) if refused)


def minutes_may_move(current: str, target: str) -> bool:
    """Draft → circulated → approved; circulated minutes may go back to draft for
    changes; approved minutes are locked."""
    return Minutes(target) in _NEXT_MINUTES[Minutes(current)]


def minutes_editable(status: str) -> bool:
    return Minutes(status) in {Minutes.NOT_STARTED, Minutes.DRAFT}


# -- Recording a meeting -----------------------------------------------------


def may_record(meeting_day: datetime.date, today: datetime.date) -> bool:
    """Whether a meeting's attendance and minutes may be recorded: from its day (in
    London) on. Before it nobody has attended and nothing has been said, so there is
    nothing to record (apologies are recorded with the rest on the day)."""
    return meeting_day <= today


def approval_refusal(approving_day: datetime.date, today: datetime.date, label: str) -> str:
    """Why minutes cannot be recorded as approved at the meeting of `approving_day`
    ("" when they can): that meeting approves them, so it must have met, from its day
    on (`may_record`). Recorded before, the minutes were published as approved at a
    meeting still to come."""
    if may_record(approving_day, today):
        return ""
    return (
        f"The meeting of {label} is still to come: record the approval of the minutes "
        "once it has met"
    )


def too_early(what: str, meeting_day: str) -> str:
    """The refusal for recording `what` ("Attendance", "Minutes") before the day."""
    return f"{what} can be recorded from the day of the meeting, {meeting_day}"


# -- Attendance --------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """One person's attendance record, as the quorum and rates need it."""

    person_id: int
    capacity: str  # member | substitute | in_attendance
    status: str  # present | apologies | absent
    substitute_for_id: int | None = None
    organisation_id: int | None = None


def seats_present(records: Sequence[Seat]) -> int:
    """Members' seats filled: a member present, or a substitute present for them.

    A member and their own substitute both present fill one seat; people in
    attendance fill none.
    """
    filled: set[int] = set()
    for r in records:
        if r.status != "present":
            continue
        if r.capacity == "member":
            filled.add(r.person_id)
        elif r.capacity == "substitute":
            filled.add(r.substitute_for_id if r.substitute_for_id is not None else -r.person_id)
    return len(filled)


@dataclass(frozen=True)
class Quorum:
    """How many members' seats must be filled (`required`, None when the terms of
    reference set no quorum), how many were, and whether any attendance is recorded:
    until it is, the quorum says what is needed, not that nobody came."""

    required: int | None
    present: int
    recorded: bool = True

    @property
    def known(self) -> bool:
        return self.required is not None

    @property
    def met(self) -> bool | None:
        return None if self.required is None else self.present >= self.required

    def describe(self) -> str:
        if not self.recorded:
            if self.required is None:
                return "The terms of reference set no quorum."
            return f"{self.required} member{'' if self.required == 1 else 's'}"
        if self.required is None:
            return f"{self.present} members present; the terms of reference set no quorum."
        verdict = "quorate" if self.met else "not quorate"
        return f"{self.present} of the {self.required} members needed present: {verdict}."


def quorum(records: Sequence[Seat], required: int | None) -> Quorum:
    return Quorum(required=required, present=seats_present(records), recorded=bool(records))


@dataclass(frozen=True)
class Rate:
    """Attendance over a run of meetings for one organisation (or person)."""

    expected: int
    attended: int
    apologies: int
    no_one: int

    @property
    def rate(self) -> float | None:
        return None if self.expected == 0 else self.attended / self.expected

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def organisation_rates(
    meetings: Iterable[tuple[int, bool]],
    seats: Iterable[tuple[int, int]],
    records: Iterable[tuple[int, Seat]],
) -> dict[int, Rate]:
    """Attendance rate per organisation over the given meetings.

    `meetings` are (meeting id, cancelled); cancelled meetings do not count.
    `seats` are (meeting id, organisation id): the seats an organisation was
    expected to fill at each meeting (its members' memberships then). `records`
    are (meeting id, attendance): a seat counts as attended when anyone of the
    organisation, member or substitute, was present; as apologies when someone
    sent apologies and nobody came; otherwise nobody came.
    """
    held = {mid for mid, cancelled in meetings if not cancelled}
    expected: dict[tuple[int, int], None] = {}
    for mid, org in seats:
        if mid in held:
            expected[(mid, org)] = None
    present: set[tuple[int, int]] = set()
    sent_apologies: set[tuple[int, int]] = set()
    for mid, r in records:
        if mid not in held or r.organisation_id is None or r.capacity == "in_attendance":
            continue
        key = (mid, r.organisation_id)
        if r.status == "present":
            present.add(key)
        elif r.status == "apologies":
            sent_apologies.add(key)
    totals: dict[int, list[int]] = {}
    for mid, org in expected:
        t = totals.setdefault(org, [0, 0, 0, 0])
        t[0] += 1
        if (mid, org) in present:
            t[1] += 1
        elif (mid, org) in sent_apologies:
            t[2] += 1
        else:
            t[3] += 1
    return {org: Rate(*t) for org, t in totals.items()}


def fatigue(rate: Rate, *, threshold: float = 0.5, minimum_meetings: int = 3) -> bool:
    """Whether an organisation's absence should be put to the chair: over at least
    `minimum_meetings`, it attended fewer than `threshold` of them."""
    return rate.expected >= minimum_meetings and (rate.rate or 0) < threshold


# -- Actions -----------------------------------------------------------------


def is_overdue(due: datetime.date | None, status: str, today: datetime.date) -> bool:
    """An open or in-progress action past its due date. No due date: never overdue."""
    return due is not None and status in OUTSTANDING and due < today


def days_overdue(due: datetime.date | None, status: str, today: datetime.date) -> int:
    return (today - due).days if due is not None and is_overdue(due, status, today) else 0


def overdue_by(days: int) -> str:
    """How late an action is, in words read at a glance: "Overdue by 48 days"; past
    eight weeks in whole months ("Overdue by 5 months"), past two years in whole years
    ("Overdue by 14 years", not "by 5395 days"). Empty when it is not overdue."""
    if days <= 0:
        return ""
    if days <= 56:
        amount, unit = days, "day"
    elif days < 730:
        amount, unit = max(2, days * 12 // 365), "month"
    else:
        amount, unit = days // 365, "year"
    return f"Overdue by {amount} {unit}{'' if amount == 1 else 's'}"


# -- Papers ------------------------------------------------------------------


def paper_restricted(*, paper: bool, item: bool, parent: bool = False) -> bool:
    """Whether only the body's members see a paper: restricted on its own, with its
    item, or with the item its item is a sub-item of (`Paper.visible_to`'s rule), so
    a page that lists papers away from their item can still mark them."""
    return paper or item or parent


def paper_title_from_file(filename: str) -> str:
    """A paper's title when none is given: its file's name without the folder or the
    extension ("Southall prospectus.pdf" gives "Southall prospectus"), "Paper" when
    that leaves nothing. The agenda and the pack listed "Southall prospectus.pdf"."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    if dot and stem.strip() and f".{extension.lower()}" in uploads.PAPERS:
        name = stem
    return name.strip() or "Paper"


def check_paper_upload(filename: str, size: int, content: bytes, limit: int) -> list[str]:
    """Problems with an uploaded paper (PDF, DOCX, XLSX, ODT, ODS or ODP), in words
    for the person uploading it; the checking itself is `core.uploads.check_upload`."""
    return uploads.check_upload(
        filename, size, content, limit, allowed=uploads.PAPERS, noun="The paper"
    )


# -- Pages -------------------------------------------------------------------


def move_in_order(order: Sequence[int], item_id: int, step: int) -> list[int]:
    """The order with `item_id` moved `step` places (-1 up, +1 down), kept in bounds."""
    order = list(order)
    if item_id not in order:
        raise ValueError("The item is not in this order")
    index = order.index(item_id)
    target = min(max(index + step, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return order


def paper_kind(filename: str) -> str:
    """The short name of a paper's type for a download link: PDF, DOCX, ODT..."""
    return filename.rsplit(".", 1)[-1].upper() if "." in filename else "File"


# -- Search ranking (SQLite) ----------------------------------------------------

#: How quickly a word's repeats stop counting, and how much a record's length counts
#: (0 not at all, 1 fully): the constants FTS5's `bm25()` uses (k1 and b).
SATURATION = 1.2
LENGTH_WEIGHT = 0.75
#: The length, in characters, at which a record is neither rewarded for being short
#: nor penalised for being long: about an agenda item's title and a line of description.
TYPICAL_LENGTH = 100


def search_rank(matches: int, length: int) -> float:
    """How well one record matches a search, higher is better, from that record alone:
    `matches`, how many times the query's words occur in it (stemmed and by prefix, as
    the index matches them; a word of the record that two of the query's words match
    counts for each), and `length`, its indexed text's length in characters.

    It is BM25's term-frequency part with nothing taken from other records: every word
    of the query counts alike (no inverse document frequency) and the typical length is
    the constant `TYPICAL_LENGTH`, not the index's average. So records a reader may not
    see can never move the order of those they may, and, as with FTS5's `bm25()`, a title
    that says the words once outranks minutes that mention them deep in a long text."""
    if matches <= 0:
        return 0.0
    damping = SATURATION * (1 - LENGTH_WEIGHT + LENGTH_WEIGHT * max(length, 0) / TYPICAL_LENGTH)
    return matches * (SATURATION + 1) / (matches + damping)


# -- The performance report an item takes -----------------------------------


def report_title(period: str) -> str:
    """An agenda item's performance report named as the report names itself:
    "2012/13 Q2" is "Performance report: Quarter 2 2012/13" (a period that cannot be
    read, stored before it was checked, is given as stored)."""
    try:
        label = parse_period(period).label
    except ValueError:
        label = period
    return f"Performance report: {label}"
