"""Strategy rules: plain functions, no database.

The central rule is what may follow what in the life of a priority's wording.
A priority is *live* while its latest revision is Draft, Refined, Agreed or New,
and *gone* once it is Deleted or Merged into another priority:

- the first revision must be Draft, New or Agreed (a priority adopted without a
  recorded drafting history starts as Agreed);
- a live priority may be redrafted, refined, agreed, merged or deleted, but not
  recorded as New again;
- a gone priority may only come back as New or Agreed (reinstated);
- Merged needs the (live) priority it was merged into, and only Merged may name one;
- revisions are recorded in date order.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from roundtable.core.dates import example_date_iso
from roundtable.partnership.rules import slugify_name


class Status(StrEnum):
    """Mirrors `choices.RevisionStatus` (a test keeps the two in step)."""

    DRAFT = "draft"
    REFINED = "refined"
    AGREED = "agreed"
    MERGED = "merged"
    DELETED = "deleted"
    NEW = "new"


LIVE = frozenset({Status.DRAFT, Status.REFINED, Status.AGREED, Status.NEW})
GONE = frozenset({Status.MERGED, Status.DELETED})
FIRST = frozenset({Status.DRAFT, Status.NEW, Status.AGREED})
REINSTATE = frozenset({Status.NEW, Status.AGREED})


@dataclass(frozen=True)
class RevisionState:
    """A recorded revision, as far as the rules care."""

    status: str
    wording: str
    date: datetime.date


@dataclass(frozen=True)
class ProposedRevision:
    """A revision someone wants to record."""

    status: str
    date: datetime.date | None
    wording: str = ""
    merged_into_id: int | None = None
    merged_into_status: str | None = None
    merged_into_same_strategy: bool = True
    priority_id: int | None = None


@dataclass(frozen=True)
class Problem:
    """What is wrong, and with which field ("status", "wording", "date", "merged_into")."""

    field: str
    message: str


def allowed_statuses(previous: str | None) -> frozenset[Status]:
    """The statuses that may follow `previous` (None: the priority has no revisions yet)."""
    if previous is None:
        return FIRST
    if previous in GONE:
        return REINSTATE
    return frozenset(Status) - {Status.NEW}


def is_live(status: str | None) -> bool:
    return status in LIVE


def _status_problem(previous: RevisionState | None, status: str) -> str | None:
    if status in allowed_statuses(previous.status if previous else None):
        return None
    if previous is None:
        return "a priority's first revision must be Draft, New or Agreed"
    if previous.status == Status.DELETED:
        return "this priority was deleted; to reinstate it, record it as New or Agreed"
    if previous.status == Status.MERGED:
        return "this priority was merged into another; to reinstate it, record it as New or Agreed"
    return "this priority already exists; New is only for a priority being added or reinstated"


def _wording_problem(previous: RevisionState | None, proposed: ProposedRevision) -> str | None:
    wording = proposed.wording.strip()
    needs_wording = previous is None or proposed.status in {Status.REFINED, Status.NEW}
    if needs_wording and not wording:
        return "enter the wording of the priority"
    if (
        proposed.status == Status.REFINED
        and previous is not None
        and wording == previous.wording.strip()
    ):
        return "the wording has not changed; change it, or choose Agreed instead of Refined"
    return None


def _merge_problem(proposed: ProposedRevision) -> str | None:
    if proposed.status != Status.MERGED:
        if proposed.merged_into_id is not None:
            return "leave 'merged into' blank unless the status is Merged"
        return None
    if proposed.merged_into_id is None:
        return "choose the priority this one was merged into"
    if proposed.priority_id is not None and proposed.merged_into_id == proposed.priority_id:
        return "a priority cannot be merged into itself; choose another priority"
    if not proposed.merged_into_same_strategy:
        return "choose a priority from the same strategy"
    if not is_live(proposed.merged_into_status):
        return "that priority has itself been deleted or merged; choose a current priority"
    return None


def check_revision(
    previous: RevisionState | None, proposed: ProposedRevision, *, today: datetime.date
) -> list[Problem]:
    """Every problem with recording `proposed` after `previous` (empty when it is fine);
    a missing date's message gives an example worked out from `today`."""
    problems: list[Problem] = []
    if proposed.status not in set(Status):
        problems.append(Problem("status", f"'{proposed.status}' is not a status"))
        return problems
    if message := _status_problem(previous, proposed.status):
        problems.append(Problem("status", message))
    if message := _wording_problem(previous, proposed):
        problems.append(Problem("wording", message))
    if message := _merge_problem(proposed):
        problems.append(Problem("merged_into", message))
    if proposed.date is None:
        example = example_date_iso(today, past=True)
        problems.append(Problem("date", f"enter the date of the revision, like {example}"))
    elif previous is not None and proposed.date < previous.date:
        problems.append(
            Problem(
                "date",
                f"this is before the last revision ({previous.date:%-d %B %Y}); "
                "enter a date on or after it",
            )
        )
    return problems


def next_wording(previous_wording: str, proposed_wording: str) -> str:
    """A revision without wording (e.g. Deleted, or a comment) keeps the previous wording."""
    return proposed_wording.strip() or previous_wording


def current_state(revisions: Iterable[RevisionState]) -> tuple[str, str]:
    """(status, wording) after the revisions, oldest first; ("", "") when there are none."""
    status, wording = "", ""
    for revision in revisions:
        status = revision.status
        wording = next_wording(wording, revision.wording)
    return status, wording


def split_codes(text: str) -> list[str]:
    """'E05000632; E05000633' -> ['E05000632', 'E05000633'] (also commas and new lines)."""
    codes: list[str] = []
    for code in re.split(r"[;,\n]", text or ""):
        code = code.strip()
        if code and code not in codes:
            codes.append(code)
    return codes


def period_label(start_year: int | None, end_year: int | None) -> str:
    """(2008, 2011) -> '2008–11'; (2011, None) -> '2011'; (None, None) -> ''."""
    if start_year is None:
        return str(end_year) if end_year else ""
    if end_year is None or end_year == start_year:
        return str(start_year)
    if start_year // 100 == end_year // 100:
        return f"{start_year}–{end_year % 100:02d}"
    return f"{start_year}–{end_year}"


def years_in_order(start_year: int | None, end_year: int | None) -> bool:
    """A strategy's period may not end before it starts."""
    return start_year is None or end_year is None or end_year >= start_year


#: Slugs the strategy pages' own addresses use (`/strategy/import/`, `/strategy/add/`…),
#: so no strategy may take one.
RESERVED_SLUGS = frozenset(
    {"add", "import", "priorities", "events", "themes", "values", "objectives"}
)
SLUG_LENGTH = 80

#: The years a strategy's period may name.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def slug_problem(slug: str) -> str | None:
    """What is wrong with a strategy's chosen slug (its address), or None."""
    if slug in RESERVED_SLUGS:
        return f"'{slug}' is used by Roundtable's own pages; choose another slug"
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        return f"'{slug}' is not a slug; use lower case letters, numbers and hyphens, like scs-2011"
    return None


def slug_from_title(title: str, taken: Iterable[str]) -> str:
    """A new strategy's slug from its title: 'Sustainable Community Strategy 2011' ->
    'sustainable-community-strategy-2011', then '-2', '-3'… while it is `taken` (by any
    partnership: a slug is unique everywhere) or reserved for the pages' own addresses."""
    taken = set(taken) | RESERVED_SLUGS
    base = slugify_name(title, SLUG_LENGTH - 4)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
