"""What My Roundtable shows: one section per app that owes the user something.

This app only composes. Each section's rows come from its own app's `queries.py`,
by a function that takes the user (and reads through that app's `visible_to`), so
who may see what is decided where it always is.

To add a section (the consultations and contacts a user leads, once the
engagement and projects apps exist): write `<things>_for(user, partnership, ...)`
in that app's `queries.py`, a partial `personal/partials/_<key>.html` that shows
its rows, and a function below that returns a `Section` (or None when the section
is not for this user at all); then add it to `SECTIONS`. Every section says plainly
when it is empty.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from roundtable.meetings.queries import actions_owned_by, meetings_for_member, minutes_to_finish
from roundtable.partnership.access import is_administrator
from roundtable.partnership.addresses import partnership_reverse
from roundtable.partnership.checklist import ChecklistRow, setup_checklist
from roundtable.performance.periods import return_due_for
from roundtable.performance.returns_queries import latest_figures, returns_for
from roundtable.recommendations.queries import DUE_SOON_DAYS, recommendations_to_update

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership


@dataclass
class Section:
    """One section of the page: its anchor, heading, rows and what it says when empty."""

    key: str
    title: str
    rows: Any
    empty: str
    # Anything more the section's partial shows beside its rows (returns: where the
    # figures are, when these returns have none).
    more: Any = None

    @property
    def template(self) -> str:
        return f"personal/partials/_{self.key}.html"

    @property
    def is_empty(self) -> bool:
        return not self.rows


@dataclass(frozen=True)
class Asked:
    """Who is asking, of which partnership, when."""

    user: User
    partnership: Partnership
    now: datetime.datetime

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)


def meetings(asked: Asked) -> Section:
    found = meetings_for_member(asked.user, asked.partnership.pk, asked.now)
    if asked.user.person_id is None:
        empty = (
            "Your account is not linked to a person in the partnership's records, so it "
            "has no seats on its bodies. "
            + (
                "Link it to your person on the partnership's Accounts page."
                if is_administrator(asked.user, asked.partnership.pk)
                else "The partnership's administrators link accounts to people on its "
                "Accounts page: ask them to link yours."
            )
        )
    else:
        empty = "You have no meetings coming up, and no recent meetings with papers."
    return Section("meetings", "Your meetings", found, empty)


def minutes(asked: Asked) -> Section | None:
    """Meetings held whose minutes are still to take or approve, for the people who
    record them (the body's secretariat, the partnership's administrators): the
    latest few, with how many there are and a link to them all; no section at all
    for anyone else."""
    rows = minutes_to_finish(asked.user, asked.partnership.pk, asked.now)
    if rows is None:
        return None
    empty = "Every meeting held has its minutes approved."
    return Section("minutes", "Minutes to record", rows, empty)


def actions(asked: Asked) -> Section:
    rows = actions_owned_by(asked.user, asked.partnership.pk, asked.today)
    return Section("actions", "Your actions", rows, "You have no open actions.")


def returns(asked: Asked) -> Section:
    """The returns the user makes or approves; while the quarter being collected has
    no figures, where the latest are, when an app has something to say of them (the
    demo's are from old board papers: `performance.figures_notes`)."""
    rows = returns_for(asked.user, asked.partnership, asked.today)
    empty = "You have no performance returns to make or approve."
    latest = None
    if rows:
        agencies = {row.organisation for row in rows}
        agency = next(iter(agencies)) if len(agencies) == 1 else None
        latest = latest_figures(asked.partnership, return_due_for(asked.today), agency)
    return Section("returns", "Your performance returns", rows, empty, latest)


def recommendations(asked: Asked) -> Section:
    rows = recommendations_to_update(asked.user, asked.partnership, asked.today)
    empty = (
        "You have no recommendations with a progress update due "
        f"in the next {DUE_SOON_DAYS} days or overdue."
    )
    return Section("recommendations", "Your recommendations to update", rows, empty)


#: The sections in order; one that returns None is not for this user and is left out.
SECTIONS: list[Callable[[Asked], Section | None]] = [
    meetings,
    minutes,
    actions,
    returns,
    recommendations,
]


@dataclass
class MyRoundtable:
    """The page: whose it is, of which partnership, and its sections in order."""

    asked: Asked
    sections: list[Section]
    # The partnership's setup checklist, for its administrators (as its home page).
    setup: list[ChecklistRow] | None = None

    @property
    def setup_open(self) -> bool:
        return bool(self.setup) and not all(row.done for row in self.setup or [])

    @property
    def setup_done(self) -> int:
        return sum(row.done for row in self.setup or [])

    @property
    def elsewhere(self) -> bool:
        """The user's account belongs to another partnership than the one shown."""
        own = self.asked.user.partnership_id
        return own is not None and own != self.asked.partnership.pk

    @property
    def own_url(self) -> str:
        """This page in the user's own partnership."""
        return partnership_reverse(self.asked.user.partnership_id, "personal:home")


def page_for(user: User, partnership: Partnership, now: datetime.datetime) -> MyRoundtable:
    asked = Asked(user, partnership, now)
    sections = (section(asked) for section in SECTIONS)
    setup = setup_checklist(partnership) if is_administrator(user, partnership.pk) else None
    return MyRoundtable(asked, [shown for shown in sections if shown is not None], setup)
