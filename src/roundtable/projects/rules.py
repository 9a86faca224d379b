"""The pure rules of partnership projects: risk scores and bands, when a milestone
is overdue or due soon, and a project's RAG (its latest update's). No Django here;
the forms, services and importers call these checks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

SCORE_MIN, SCORE_MAX = 1, 5
# A score of 15 or more (of 25) is high, 8 to 14 medium, below 8 low: the usual
# 5×5 matrix's red, amber and green zones.
HIGH_FROM, MEDIUM_FROM = 15, 8
DUE_SOON_DAYS = 28


def check_score(value: object, name: str) -> int:
    """A likelihood or impact: a whole number from 1 to 5; a ValueError naming `name`."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(f"{name}: enter a whole number from 1 to 5, like 3") from None
    if not SCORE_MIN <= number <= SCORE_MAX:
        raise ValueError(f"{name}: enter a whole number from 1 to 5 (got {number})")
    return number


def risk_score(likelihood: int, impact: int) -> int:
    """Likelihood × impact, from 1 to 25."""
    return likelihood * impact


def risk_band(score: int) -> str:
    """'high' (15–25), 'medium' (8–14) or 'low' (1–7); the values of `RiskBand`."""
    if score >= HIGH_FROM:
        return "high"
    if score >= MEDIUM_FROM:
        return "medium"
    return "low"


class MilestoneState(Enum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NOT_DUE = "not_due"
    NO_DATE = "no_date"
    NOT_RECORDED = "not_recorded"

    @property
    def label(self) -> str:
        return {
            "done": "Done",
            "overdue": "Overdue",
            "due_soon": "Due soon",
            "not_due": "Not due yet",
            "no_date": "No due date",
            "not_recorded": "Not recorded",
        }[self.value]

    @property
    def colour(self) -> str:
        return {
            "done": "green",
            "overdue": "red",
            "due_soon": "yellow",
            "not_due": "grey",
            "no_date": "grey",
            "not_recorded": "grey",
        }[self.value]


def milestone_state(
    due: datetime.date | None,
    done_on: datetime.date | None,
    today: datetime.date,
    soon_days: int = DUE_SOON_DAYS,
    *,
    records_ended: bool = False,
) -> MilestoneState:
    """Done once it has a done date; overdue after its due date; due soon within
    `soon_days` of it (the due day included); otherwise not due (or no date).

    `records_ended`: the project's records end with papers years old (the demo's board
    pack, and no update since: `records_ended`), so a milestone past due and not done
    is not recorded either way, not overdue: the papers planned it, and no later one
    says whether it was met."""
    if done_on is not None:
        return MilestoneState.DONE
    if due is None:
        return MilestoneState.NO_DATE
    if due < today:
        return MilestoneState.NOT_RECORDED if records_ended else MilestoneState.OVERDUE
    if (due - today).days <= soon_days:
        return MilestoneState.DUE_SOON
    return MilestoneState.NOT_DUE


def records_ended(records_end: datetime.date | None, latest_update: datetime.date | None) -> bool:
    """Whether a project's records end with its partnership's (`records_end`: the day
    of the demo's board pack; None for a live partnership): until someone records an
    update after that day; from then on its milestones are overdue as a live
    project's are."""
    return records_end is not None and (latest_update is None or latest_update <= records_end)


@dataclass(frozen=True)
class DatedRag:
    date: datetime.date
    rag: str
    order: int = 0


def project_rag(updates: Iterable[DatedRag]) -> str:
    """The project's RAG: its latest update's ('' when that update gave none, or
    there is no update). Among updates of one date the one added last counts."""
    latest = max(updates, key=lambda u: (u.date, u.order), default=None)
    return latest.rag if latest is not None else ""


def next_milestone(
    milestones: Iterable[tuple[datetime.date | None, datetime.date | None, str]],
) -> tuple[datetime.date, str] | None:
    """The earliest-due milestone not done, as (due, title); None when none is left
    with a due date."""
    open_ones = [(due, title) for due, done_on, title in milestones if due and done_on is None]
    return min(open_ones, default=None)


def check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    """A ValueError when a project would end before it starts."""
    if start is not None and end is not None and end < start:
        raise ValueError(
            f"end: the end ({end:%-d %B %Y}) is before the start ({start:%-d %B %Y}); "
            "enter an end on or after the start"
        )
