"""Pure rules of commitments: when an action is overdue, when a review is due, and
the checks every write and form share. No Django imports; tested without the
database (`tests/test_commitments_rules.py`)."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from roundtable.core.dates import example_date_iso
from roundtable.recommendations.rules import is_web_link

# A review within this many days is flagged "review due soon".
REVIEW_SOON_DAYS = 30
KINDS = ("equality_objective", "covenant_pledge", "charter", "compact", "other")
STATUSES = ("draft", "agreed", "in_progress", "achieved", "withdrawn")
# A commitment achieved or withdrawn needs no more reviews.
CLOSED_STATUSES = ("achieved", "withdrawn")


class ActionState(enum.Enum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE = "due"  # has a due date still to come
    NO_DATE = "no_date"

    @property
    def label(self) -> str:
        return {
            "done": "Done",
            "overdue": "Overdue",
            "due": "Due",
            "no_date": "No due date",
        }[self.value]

    @property
    def colour(self) -> str:
        return {"done": "green", "overdue": "red", "due": "blue", "no_date": "grey"}[self.value]


def action_state(
    due: datetime.date | None, done: datetime.date | None, today: datetime.date
) -> ActionState:
    """An action is done once it has a done date; overdue when its due date has
    passed without one (due today is not yet overdue)."""
    if done is not None:
        return ActionState.DONE
    if due is None:
        return ActionState.NO_DATE
    return ActionState.OVERDUE if due < today else ActionState.DUE


@dataclass(frozen=True)
class ActionLine:
    """An action as the rules see it."""

    action: str
    due: datetime.date | None
    done: datetime.date | None


def overdue_actions(actions: Iterable[ActionLine], today: datetime.date) -> list[ActionLine]:
    """The actions past their due date and not done, the longest overdue first."""
    late = [a for a in actions if action_state(a.due, a.done, today) is ActionState.OVERDUE]
    return sorted(late, key=lambda a: (a.due, a.action))


@dataclass(frozen=True)
class ActionProgress:
    done: int
    total: int
    overdue: int

    def words(self, on: datetime.date) -> str:
        """ "2 of 5 actions done by 31 March 2012; 1 overdue" (empty with no actions)."""
        if not self.total:
            return ""
        noun = "action" if self.total == 1 else "actions"
        text = f"{self.done} of {self.total} {noun} done by {on.day} {on:%B %Y}"
        return f"{text}; {self.overdue} overdue" if self.overdue else text


def action_progress(actions: Iterable[ActionLine], on: datetime.date) -> ActionProgress:
    """How many actions were done by `on`, and how many were overdue then (an action
    done after `on` counts as not done on `on`)."""
    done = total = overdue = 0
    for a in actions:
        total += 1
        done_by_then = a.done if a.done is not None and a.done <= on else None
        state = action_state(a.due, done_by_then, on)
        done += state is ActionState.DONE
        overdue += state is ActionState.OVERDUE
    return ActionProgress(done, total, overdue)


class ReviewState(enum.Enum):
    NONE = "none"  # no review date, or none needed
    LATER = "later"
    SOON = "soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            "none": "",
            "later": "",
            "soon": "Review due soon",
            "overdue": "Review overdue",
        }[self.value]

    @property
    def colour(self) -> str:
        return {"soon": "yellow", "overdue": "red"}.get(self.value, "grey")


def review_state(
    review_on: datetime.date | None,
    status: str,
    today: datetime.date,
    soon_days: int = REVIEW_SOON_DAYS,
) -> ReviewState:
    """Whether a commitment's review is overdue (the date has passed), soon (within
    `soon_days`, today included) or not yet; achieved and withdrawn commitments need
    no review."""
    if review_on is None or status in CLOSED_STATUSES:
        return ReviewState.NONE
    if review_on < today:
        return ReviewState.OVERDUE
    if review_on <= today + datetime.timedelta(days=soon_days):
        return ReviewState.SOON
    return ReviewState.LATER


def commitment_problems(title: str, kind: str, status: str) -> dict[str, str]:
    """What is wrong with a commitment's title, kind and status, by field."""
    problems = {}
    if not title.strip():
        problems["title"] = "title: enter the commitment's title"
    if kind not in KINDS:
        problems["kind"] = f"kind: choose one of {', '.join(KINDS)}"
    if status not in STATUSES:
        problems["status"] = f"status: choose one of {', '.join(STATUSES)}"
    return problems


def action_problems(action: str) -> dict[str, str]:
    return {"action": "action: say what is to be done"} if not action.strip() else {}


def evidence_problems(title: str, link: str, has_file: bool) -> dict[str, str]:
    """Evidence needs a title and either a web link (http or https) or a file."""
    problems = {}
    if not title.strip():
        problems["title"] = "title: say what the evidence is"
    if link and has_file:
        problems["link"] = "link: give a link or a file, not both"
    elif not link and not has_file:
        problems["link"] = "link: enter a web address starting https://, or choose a file"
    elif link and not is_web_link(link):
        problems["link"] = "link: enter a web address starting http:// or https://"
    return problems


def signatory_problems(
    signed_by: str, signed_on: datetime.date | None, *, today: datetime.date
) -> dict[str, str]:
    """A signature needs who signed and when; a missing date's message gives an
    example worked out from `today` (the 16th of last month)."""
    problems = {}
    if not signed_by.strip():
        problems["signed_by"] = "signed_by: enter the name of who signed"
    if signed_on is None:
        example = example_date_iso(today, past=True)
        problems["signed_on"] = f"signed_on: enter the date it was signed, like {example}"
    return problems
