"""A partnership's front page: what is coming up and how things stand, as the
visitor may see them.

Like My Roundtable (`sections.py`) this only composes: each part comes from its own
app's `queries.py`, by a function that takes the visitor and reads through that
app's `visible_to`, so the public sees the public report's counts, open
consultations and published datasets, and the partnership's own people see what
their pages show them. Every part says plainly when it has nothing to show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from roundtable.engagement.queries import visible_consultations
from roundtable.lis.queries import DataGlance, data_glance
from roundtable.meetings.queries import Schedule, schedule_glance
from roundtable.partnership.access import is_administrator
from roundtable.partnership.checklist import ChecklistRow, setup_checklist
from roundtable.performance.queries import ReportGlance, report_glance
from roundtable.projects.queries import projects_of
from roundtable.recommendations.choices import Status as RecommendationStatus
from roundtable.recommendations.queries import tracker_summary

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.engagement.models import Consultation
    from roundtable.partnership.models import Partnership
    from roundtable.recommendations.rules import Summary

SHOWN = 3  # meetings coming up, meetings held, consultations


@dataclass(frozen=True)
class Recommendations:
    """The tracker in a line: how many, by status (those with any), how many overdue."""

    total: int
    by_status: list[tuple[str, str, int]]  # (value, label, count)
    overdue: int


@dataclass(frozen=True)
class Consultations:
    """Consultations open or to come, soonest to close first, and how many in all."""

    shown: list[Consultation]
    total: int


@dataclass(frozen=True)
class Counts:
    """Who the partnership is, counted for the links under "Who it is"."""

    organisations: int
    bodies: int
    people: int
    projects: int


@dataclass(frozen=True)
class FrontPage:
    partnership: Partnership
    signed_in: bool
    checklist: list[ChecklistRow] | None  # the partnership's administrators only
    meetings: Schedule
    report: ReportGlance | None
    recommendations: Recommendations
    consultations: Consultations
    data: DataGlance
    counts: Counts

    @property
    def checklist_open(self) -> bool:
        return bool(self.checklist) and not all(row.done for row in self.checklist or [])

    @property
    def checklist_done(self) -> int:
        return sum(row.done for row in self.checklist or [])


def _recommendations(summary: Summary) -> Recommendations:
    labels = dict(RecommendationStatus.choices)
    by_status = [(value, labels[value], n) for value, n in summary.by_status.items() if n]
    return Recommendations(summary.total, by_status, summary.overdue)


def _consultations(user: User | AnonymousUser, partnership_id: int) -> Consultations:
    rows = visible_consultations(user, partnership_id).order_by("closes", "title", "pk")
    total = rows.count()
    return Consultations(list(rows[:SHOWN]) if total else [], total)


def _counts(
    user: User | AnonymousUser, partnership: Partnership, checklist: list[ChecklistRow] | None
) -> Counts:
    """The checklist counts the same records for administrators: reuse its counts."""
    counted = {row.step.key: row.count for row in checklist or []}
    found = {}
    for key, related in (
        ("organisations", partnership.organisations.filter(is_partner=True)),
        ("bodies", partnership.bodies),
        ("people", partnership.people),
    ):
        found[key] = counted[key] if key in counted else related.count()
    return Counts(**found, projects=projects_of(user, partnership.pk).count())


def front_page(
    user: User | AnonymousUser, partnership: Partnership, now: datetime.datetime
) -> FrontPage:
    checklist = setup_checklist(partnership) if is_administrator(user, partnership.pk) else None
    today = timezone.localdate(now)
    return FrontPage(
        partnership=partnership,
        signed_in=bool(user.is_authenticated),
        checklist=checklist,
        meetings=schedule_glance(user, partnership.pk, now, SHOWN),
        report=report_glance(partnership, user),
        recommendations=_recommendations(tracker_summary(user, partnership, today)),
        consultations=_consultations(user, partnership.pk),
        data=data_glance(user, partnership),
        counts=_counts(user, partnership, checklist),
    )
