"""Pure rules for the recommendations tracker: no Django imports, tested without a database.

- `normalise_response` turns the response values trackers arrive with ("agree",
  "To be considered in more detail", "WIP") into one of the five categories, and
  says when a value matches none, or two ("Work in progress Agree").
- `parse_mapping` reads the user's own mappings (`--map "Mark in progress=Work in progress"`).
- `split_names` splits "GPH, ASCH; ECM" or "I&C / ECM" into names.
- `next_update_due` and `is_overdue` decide when a recommendation's progress update is late.
- `summarise` counts recommendations by response and by status, and `bar_chart`
  lays the counts out for the inline SVG chart.
- `response_as_written` keeps a source cell that says more than its category, and
  `status_problem` / `consistent_status` keep a status consistent with the response.
- `response_change` says in words how a response changed between two of its
  versions, for the recommendation's timeline.
- `is_web_link` and `evidence_links` accept evidence links that are web addresses
  (http or https) only, for the form, the API and the service alike.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from roundtable.core.words import listed

# Category values, as stored (see choices.Response).
AGREE = "agree"
WORK_IN_PROGRESS = "work_in_progress"
CONSIDER = "consider"
NOTE = "note"
REJECT = "reject"
NO_RESPONSE = "none"

RESPONSE_LABELS = {
    AGREE: "Agree",
    WORK_IN_PROGRESS: "Work in progress",
    CONSIDER: "Consider in more detail",
    NOTE: "Note",
    REJECT: "Reject",
    NO_RESPONSE: "No response yet",
}

# Whole values that mean a category, compared after `squash` (lower case, single spaces).
VARIANTS: dict[str, str] = {
    "agree": AGREE,
    "agreed": AGREE,
    "accept": AGREE,
    "accepted": AGREE,
    "work in progress": WORK_IN_PROGRESS,
    "work-in-progress": WORK_IN_PROGRESS,
    "wip": WORK_IN_PROGRESS,
    "in progress": WORK_IN_PROGRESS,
    "consider in more detail": CONSIDER,
    "to be considered in more detail": CONSIDER,
    "considered in more detail": CONSIDER,
    "consider": CONSIDER,
    "to be considered": CONSIDER,
    "note": NOTE,
    "noted": NOTE,
    "reject": REJECT,
    "rejected": REJECT,
    "not agreed": REJECT,
    "disagree": REJECT,
    "": NO_RESPONSE,
    "no response yet": NO_RESPONSE,
    "no response": NO_RESPONSE,
}

# Words that point at a category inside a longer value; two categories in one value is
# ambiguous, one is only a suggestion (never applied without the user's mapping).
CUES: dict[str, tuple[str, ...]] = {
    AGREE: (r"\bagreed?\b", r"\baccept(ed)?\b"),
    WORK_IN_PROGRESS: (r"\bin progress\b", r"\bwip\b"),
    CONSIDER: (r"\bconsider(ed)?\b",),
    NOTE: (r"\bnoted?\b",),
    REJECT: (r"\breject(ed)?\b", r"\bdisagree\b"),
}

CLOSED_STATUSES = frozenset({"complete", "superseded"})
# Responses that commit the partnership to act, so progress updates are expected.
ACTION_RESPONSES = frozenset({AGREE, WORK_IN_PROGRESS, CONSIDER})


def squash(value: str) -> str:
    """Lower case, trimmed, runs of spaces as one: " To be  Considered " -> "to be considered"."""
    return " ".join(value.replace("\u00a0", " ").split()).lower()


@dataclass(frozen=True)
class Normalised:
    """The outcome of reading one response value: a category, or why there is none."""

    category: str | None
    ambiguous: tuple[str, ...] = ()
    suggestion: str | None = None

    @property
    def ok(self) -> bool:
        return self.category is not None

    def problem(self, value: str) -> str:
        """The error to show the user, in GOV.UK voice, naming the value and the fix."""
        fix = f'or map it, e.g. --map "{value}=Agree"'
        if self.ambiguous:
            names = listed(RESPONSE_LABELS[c] for c in self.ambiguous)
            return (
                f"'{value}' matches both {names}; say which with "
                f'--map "{value}={RESPONSE_LABELS[self.ambiguous[0]]}"'
            )
        if self.suggestion:
            label = RESPONSE_LABELS[self.suggestion]
            return (
                f"'{value}' is not a known response; if it means {label}, "
                f'say so with --map "{value}={label}"'
            )
        known = ", ".join(RESPONSE_LABELS[c] for c in RESPONSE_LABELS if c != NO_RESPONSE)
        return f"'{value}' is not a known response; use one of {known}, {fix}"


def category_for_label(text: str) -> str | None:
    """A category from its label or stored value ("Work in progress", "work_in_progress")."""
    wanted = squash(text).replace("_", " ")
    for value, label in RESPONSE_LABELS.items():
        if wanted in (squash(label), value.replace("_", " ")):
            return value
    return VARIANTS.get(wanted)


def normalise_response(value: str, mapping: dict[str, str] | None = None) -> Normalised:
    """Read a response value case- and space-insensitively.

    The user's `mapping` (squashed value -> category) wins; then the known variants;
    otherwise the value is an error: ambiguous when it points at two categories,
    with a suggestion when it points at one.
    """
    key = squash(value)
    if mapping and key in mapping:
        return Normalised(mapping[key])
    if key in VARIANTS:
        return Normalised(VARIANTS[key])
    hits = tuple(
        category
        for category, patterns in CUES.items()
        if any(re.search(pattern, key) for pattern in patterns)
    )
    if len(hits) > 1:
        return Normalised(None, ambiguous=hits)
    return Normalised(None, suggestion=hits[0] if hits else None)


def response_as_written(value: str, category: str) -> str:
    """The source cell to keep beside the category: `value` as written (spaces tidied)
    when it says more than the category's label ("Work in progress Agree", "To be
    considered in more detail"); empty when it is the label itself or has no words."""
    text = " ".join(value.replace("\u00a0", " ").split())
    if not re.search(r"\w", text) or squash(text) == squash(RESPONSE_LABELS[category]):
        return ""
    return text


# Status values, as stored (see choices.Status).
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
UNDER_WAY = frozenset({IN_PROGRESS, "on_track", "at_risk", "off_track", "complete"})
STATUS_LABELS = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "complete": "Complete",
    "superseded": "Superseded",
}


def status_problem(response: str, status: str) -> str | None:
    """Why `status` contradicts `response`, in GOV.UK voice; None when they agree.

    - "Work in progress" says the work has started, so it is never "Not started";
    - "Reject" says it will not be done, so it is never under way or complete.
    """
    if response == WORK_IN_PROGRESS and status == NOT_STARTED:
        return (
            "The response is Work in progress, so the status cannot be Not started; "
            "choose In progress or a later status"
        )
    if response == REJECT and status in UNDER_WAY:
        return (
            f"The response is Reject, so the status cannot be {STATUS_LABELS[status]}; "
            "choose Not started or Superseded, or change the response"
        )
    return None


def consistent_status(response: str, status: str) -> str:
    """The status to store for `response`: a Work in progress response that has no
    progress update yet is In progress, not Not started. Anything else is kept (a
    contradiction that cannot be resolved is `status_problem`'s to report)."""
    if response == WORK_IN_PROGRESS and status == NOT_STARTED:
        return IN_PROGRESS
    return status


class MappingError(ValueError):
    """A --map argument that cannot be used; the message says why."""


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """["Work in progress Agree=wip"] -> {"work in progress agree": "work_in_progress"}.

    Raises MappingError naming the item when it has no "=" or its right side is
    not a response category.
    """
    mapping: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise MappingError(f"--map '{item}': write it as VALUE=CATEGORY, e.g. wip=Agree")
        source, _, target = item.rpartition("=")
        category = category_for_label(target)
        if category is None:
            labels = ", ".join(RESPONSE_LABELS.values())
            raise MappingError(f"--map '{item}': '{target.strip()}' is not one of {labels}")
        mapping[squash(source)] = category
    return mapping


SEPARATORS = re.compile(r"\s*(?:[;,/]|\s&\s)\s*")


def split_names(value: str) -> list[str]:
    """Names in a lead or supporting cell: "GPH, ASCH; ECM" or "I&C / ECM" -> a list.

    "I&C" and "F&R" stay whole (an ampersand only separates with spaces round it).
    Duplicates are dropped, order kept.
    """
    names: list[str] = []
    for part in SEPARATORS.split(value or ""):
        part = part.strip(" .-")
        if part and part not in names:
            names.append(part)
    return names


def name_key(value: str) -> str:
    """Compare unit names ignoring case, spaces and punctuation: "I&C", "IC", "i & c" -> "ic"."""
    return re.sub(r"[^a-z0-9]", "", value.lower())


ALL_UNITS = frozenset({"alldirectorates", "all", "alldepartments", "allunits"})


def means_all_units(value: str) -> bool:
    """ "All directorates" in a supporting cell means every unit, not a unit of that name."""
    return name_key(value) in ALL_UNITS


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def next_update_due(
    *,
    response: str,
    status: str,
    last_update: datetime.date | None,
    since: datetime.date | None,
    every_months: int,
) -> datetime.date | None:
    """When the next progress update is due, or None if none is expected.

    None when the response commits to nothing (Note, Reject, no response yet), when
    the recommendation is complete or superseded, or when there is no date to count
    from. Otherwise `every_months` after the last update, or after `since` (the day
    the response was agreed or the review published) if there has been none.
    """
    if response not in ACTION_RESPONSES or status in CLOSED_STATUSES or every_months <= 0:
        return None
    start = last_update or since
    return add_months(start, every_months) if start else None


def is_overdue(due: datetime.date | None, today: datetime.date) -> bool:
    """Overdue when an update was due before today."""
    return due is not None and due < today


@dataclass
class Summary:
    """Counts for one review (or the whole tracker): by response and by status."""

    total: int = 0
    by_response: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0


def summarise(
    rows: Iterable[tuple[str, str, bool]],
    responses: Sequence[str],
    statuses: Sequence[str],
) -> Summary:
    """Count (response, status, overdue) rows; every category appears, zero or not,
    in the order given."""
    by_response: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    summary = Summary()
    for response, status, overdue in rows:
        summary.total += 1
        by_response[response] += 1
        by_status[status] += 1
        summary.overdue += int(overdue)
    summary.by_response = {r: by_response.get(r, 0) for r in responses}
    summary.by_status = {s: by_status.get(s, 0) for s in statuses}
    return summary


# A summary chart's geometry, in the units of its SVG viewBox (partials/_chart.html).
# Counts are drawn at 14 units; a digit is at most CHART_DIGIT_WIDTH wide.
CHART_COUNT_GAP = 6
CHART_DIGIT_WIDTH = 9


@dataclass(frozen=True)
class ChartLayout:
    """Where a summary chart draws a row's label, bar and count, in its viewBox's
    units: each row `row_height` high, its label's baseline `label_dy` below the row's
    top, its bar from `bar_x`, `bar_dy` below the row's top, `bar_height` high, and its
    count just after the bar's end, its baseline `count_dy` below the row's top."""

    width: int
    bar_x: int
    row_height: int
    label_dy: int
    bar_dy: int
    bar_height: int
    count_dy: int


#: On a wide screen: the label, then its bar on the same line (labels from 0, bars
#: from 170), the chart drawn at about its own size in half the page.
WIDE = ChartLayout(
    width=480, bar_x=170, row_height=24, label_dy=16, bar_dy=4, bar_height=16, count_dy=16
)
#: On a phone: the label above its bar, so the chart is narrow enough to be drawn at
#: about its own size across the screen (the wide one, shrunk to fit, drew its
#: words about 10 px high).
NARROW = ChartLayout(
    width=320, bar_x=0, row_height=42, label_dy=15, bar_dy=21, bar_height=16, count_dy=34
)
CHART_WIDTH = WIDE.width
CHART_BAR_X = WIDE.bar_x


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: float
    colour: str
    layout: ChartLayout = WIDE

    @property
    def x(self) -> int:
        return self.layout.bar_x

    @property
    def label_y(self) -> int:
        return self.y + self.layout.label_dy

    @property
    def bar_y(self) -> int:
        return self.y + self.layout.bar_dy

    @property
    def count_y(self) -> int:
        return self.y + self.layout.count_dy

    @property
    def count_x(self) -> float:
        """Where the bar's count is written: just after the bar's end."""
        return self.layout.bar_x + self.width + CHART_COUNT_GAP


def bar_chart(
    counts: Sequence[tuple[str, int, str]],
    *,
    width: float | None = None,
    layout: ChartLayout = WIDE,
) -> tuple[list[Bar], int]:
    """Horizontal bars for (label, count, colour) rows, scaled to the largest count,
    placed by `layout`; returns the bars and the chart's height. The longest bar
    leaves room for its count inside the chart, so no count is cut off at the
    chart's edge."""
    largest = max((count for _, count, _ in counts), default=0)
    if width is None:
        room = layout.width - layout.bar_x - CHART_COUNT_GAP
        width = room - CHART_DIGIT_WIDTH * len(str(largest))
    bars = [
        Bar(
            label=label,
            count=count,
            y=index * layout.row_height,
            width=round(width * count / largest, 1) if largest else 0.0,
            colour=colour,
            layout=layout,
        )
        for index, (label, count, colour) in enumerate(counts)
    ]
    return bars, len(bars) * layout.row_height


def split_refs(value: str) -> list[str]:
    """The priorities, indicators or bodies named in an import cell, separated by ";"
    only (their names may hold commas: "Crime, disorder and drugs"). Duplicates dropped."""
    refs: list[str] = []
    for part in (value or "").split(";"):
        part = " ".join(part.split())
        if part and part not in refs:
            refs.append(part)
    return refs


def ref_key(value: str) -> str:
    """Compare refs, codes and names ignoring case and runs of spaces ("NI  15" is "ni 15")."""
    return " ".join((value or "").split()).casefold()


def parent_makes_a_loop(review_id: int | None, parent_id: int | None, parents: dict) -> bool:
    """Whether making `parent_id` the parent of `review_id` would put a review inside
    itself. `parents` maps each review's id to its parent's id."""
    if review_id is None or parent_id is None:
        return False
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if current == review_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class ResponseVersion:
    """A response as one version of the recommendation had it: its category in
    words ("Agree"), as the source paper wrote it, and the outline response."""

    category: str
    as_written: str = ""
    outline: str = ""


def response_change(before: ResponseVersion, after: ResponseVersion) -> str:
    """How the response changed, in words ("From Agree to Reject."); "" when it did
    not (a save that changed only something else)."""
    lines = []
    if before.category != after.category:
        if not before.category:
            lines.append(f"Set to {after.category}.")
        elif not after.category:
            lines.append(f"{before.category} removed: no response recorded.")
        else:
            lines.append(f"From {before.category} to {after.category}.")
    if before.as_written != after.as_written:
        lines.append(
            f"As written: “{after.as_written}”." if after.as_written else "As written: removed."
        )
    if before.outline != after.outline:
        lines.append(
            f"Outline response: {after.outline}" if after.outline else "Outline response removed."
        )
    return "\n".join(lines)


def is_web_link(link: str) -> bool:
    """Whether `link` is a web address (http or https, with a host) that is safe to
    make a link of; `javascript:`, `data:` and the like are not."""
    text = link.strip()
    if not text or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def evidence_links(lines: Iterable[str]) -> list[str]:
    """The evidence links, stripped, blank lines left out. Raises ValueError naming
    the first line that is not a web address starting http:// or https://."""
    links = []
    for number, line in enumerate(lines, start=1):
        link = line.strip()
        if not link:
            continue
        if not is_web_link(link):
            shown = link if len(link) <= 60 else f"{link[:57]}..."
            raise ValueError(
                f"Evidence link {number}: enter a web address starting https://, not '{shown}'"
            )
        links.append(link)
    return links
