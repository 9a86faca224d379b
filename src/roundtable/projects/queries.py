"""Reads of projects. Every one starts from `visible_to` (see `models.py`)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from roundtable.geography.models import Area
from roundtable.geography.queries import shown_on_page_of
from roundtable.meetings.models import AgendaItem
from roundtable.partnership.access import body_ids_managed_by, is_administrator
from roundtable.partnership.models import Body, Organisation
from roundtable.performance.models import Indicator
from roundtable.projects import rules
from roundtable.projects.choices import Rag
from roundtable.projects.models import Milestone, Project, ProjectUpdate, Risk
from roundtable.projects.permissions import may_edit_project
from roundtable.projects.records_end import RecordsEnd, records_end
from roundtable.recommendations.models import Recommendation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

NO_UPDATE = "none"


def projects_of(user: User | AnonymousUser, partnership_id: int) -> QuerySet[Project]:
    """The partnership's projects the user may see (see `projects_of_any`)."""
    return projects_of_any(user).filter(partnership_id=partnership_id)


def projects_of_any(user: User | AnonymousUser) -> QuerySet[Project]:
    """Every project the user may see, with the latest update's RAG and
    date (`latest_rag`, `latest_update`) and the next open milestone's due date and
    title (`next_due`, `next_milestone`) annotated: one query however many."""
    latest = ProjectUpdate.objects.filter(project=OuterRef("pk")).order_by("-date", "-pk")
    upcoming = Milestone.objects.filter(
        project=OuterRef("pk"), done_on__isnull=True, due__isnull=False
    ).order_by("due", "pk")
    return (
        Project.objects.visible_to(user)
        .select_related("lead_organisation", "sponsor_body", "lead_person")
        .annotate(
            latest_rag=Subquery(latest.values("rag")[:1]),
            latest_update=Subquery(latest.values("date")[:1]),
            next_due=Subquery(upcoming.values("due")[:1]),
            next_milestone=Subquery(upcoming.values("title")[:1]),
        )
    )


def portfolio(
    user: User | AnonymousUser,
    partnership_id: int,
    *,
    status: str = "",
    priority: int | None = None,
    lead_organisation: int | None = None,
    sponsor_body: int | None = None,
) -> QuerySet[Project]:
    """The portfolio, filtered by status, priority served, lead organisation and
    sponsor body (the page's and the API's filters)."""
    rows = projects_of(user, partnership_id)
    if status:
        rows = rows.filter(status=status)
    if priority:
        rows = rows.filter(priorities=priority)
    if lead_organisation:
        rows = rows.filter(lead_organisation_id=lead_organisation)
    if sponsor_body:
        rows = rows.filter(sponsor_body_id=sponsor_body)
    return rows


RAG_TAGS = {
    Rag.RED: ("Red", "red"),
    Rag.AMBER: ("Amber", "orange"),
    Rag.GREEN: ("Green", "green"),
}


def with_rag_tags(
    rows: Iterable[Project], today: datetime.date, records_end: RecordsEnd | None = None
) -> list[Project]:
    """Give each row of `projects_of` its latest RAG's tag (`rag_label`, `rag_colour`)
    and its next milestone's state on `today` (`next_state`: overdue, due soon…; not
    recorded after the partnership's `records_end`, see `records_end.py`), so a long
    portfolio draws them without a template include per row."""
    projects = list(rows)
    ended = records_end.on if records_end is not None else None
    for project in projects:
        project.next_state = rules.milestone_state(
            project.next_due,
            None,
            today,
            records_ended=rules.records_ended(ended, project.latest_update),
        )
        if project.latest_update is None:
            project.rag_label, project.rag_colour = "No update", "grey"
        else:
            project.rag_label, project.rag_colour = RAG_TAGS.get(
                project.latest_rag, ("No RAG given", "grey")
            )
    return projects


@dataclass(frozen=True)
class RagCount:
    key: str
    label: str
    colour: str
    count: int


def rag_counts(projects: list[Project]) -> list[RagCount]:
    """How many of `projects` are red, amber, green by their latest update, and how
    many have no update (or an update with no RAG)."""
    counted = Counter((p.latest_rag or NO_UPDATE) for p in projects)
    colours = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green"}
    rows = [RagCount(r.value, r.label, colours[r], counted[r.value]) for r in Rag]
    rows.append(RagCount(NO_UPDATE, "No RAG", "grey", counted[NO_UPDATE]))
    return rows


@dataclass
class MilestoneRow:
    milestone: Milestone
    state: rules.MilestoneState


@dataclass
class ProjectPage:
    """What the project page shows, as the user may see it."""

    project: Project
    rag: str
    milestones: list[MilestoneRow]
    updates: list[ProjectUpdate]
    risks: list[Risk] | None
    priorities: list[Any]
    indicators: list[Indicator]
    recommendations: list[Recommendation]
    areas: list[Area]
    can_edit: bool
    attachments: dict[int, Any] = field(default_factory=dict)
    # Where the project's records end (the demo's board pack: `records_end.py`), said
    # above its milestones; "" for a live partnership's.
    records_note: str = ""

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label if self.rag else ""


def project_page(user: User | AnonymousUser, project: Project, today: datetime.date) -> ProjectPage:
    """The project's page: milestones with their state, updates newest first (with the
    agenda item and meeting they sit on), risks for those who may see them, and what
    it serves, each list read through its own `visible_to`."""
    from roundtable.partnership.access import sees_internal_figures

    updates = list(
        ProjectUpdate.objects.visible_to(user)
        .filter(project=project)
        .select_related("author__organisation", "agenda_item__meeting__body")
    )
    ended = records_end(project.partnership)
    ended_here = rules.records_ended(
        ended.on if ended is not None else None, max((u.date for u in updates), default=None)
    )
    milestones = [
        MilestoneRow(m, rules.milestone_state(m.due, m.done_on, today, records_ended=ended_here))
        for m in Milestone.objects.visible_to(user).filter(project=project)
    ]
    shown_items = set(
        AgendaItem.objects.visible_to(user)
        .filter(pk__in=[u.agenda_item_id for u in updates if u.agenda_item_id])
        .values_list("pk", flat=True)
    )
    for update in updates:
        # The meeting it sits on, where the user may see that agenda item.
        update.shown_item = update.agenda_item if update.agenda_item_id in shown_items else None
    risks = None
    if sees_internal_figures(user, project.partnership_id):
        risks = list(Risk.objects.visible_to(user).filter(project=project).select_related("owner"))
        risks.sort(key=lambda r: (-r.score, r.pk))
    rag = rules.project_rag(rules.DatedRag(u.date, u.rag, u.pk) for u in updates)
    return ProjectPage(
        project=project,
        rag=rag,
        milestones=milestones,
        updates=updates,
        risks=risks,
        priorities=list(project.priorities.select_related("strategy")),
        indicators=list(Indicator.objects.visible_to(user).filter(projects=project)),
        recommendations=list(
            Recommendation.objects.visible_to(user).filter(projects=project).for_links()
        ),
        areas=list(project.areas.all()),
        can_edit=may_edit_project(user, project),
        records_note=ended.note if ended is not None and ended_here else "",
    )


def projects_for_recommendation(
    user: User | AnonymousUser, recommendation_id: int
) -> QuerySet[Project]:
    """The projects a recommendation links to, as the user may see them."""
    return (
        Project.objects.visible_to(user)
        .filter(recommendations=recommendation_id)
        .select_related("lead_organisation")
    )


def updates_on_items(user: User | AnonymousUser, item_ids: list[int]) -> QuerySet[ProjectUpdate]:
    """The project updates placed on these agenda items that the user may see."""
    return (
        ProjectUpdate.objects.visible_to(user)
        .filter(agenda_item_id__in=item_ids)
        .select_related("project__lead_organisation", "author")
        .order_by("agenda_item_id", "date", "pk")
    )


def lead_organisations(
    partnership: Partnership, user: User | AnonymousUser, current: int | None = None
) -> QuerySet[Organisation]:
    """The partners `user` may choose to lead a project (`permissions.may_lead_from`):
    any, for administrators and the managers of one of its bodies (their body then
    sponsors it); for an editor who runs no body, their own organisation, and the
    project's current lead. The form offered every partner and refused all but one."""
    partners = Organisation.objects.filter(partnership=partnership, is_partner=True)
    if is_administrator(user, partnership.pk):
        return partners
    if Body.objects.filter(partnership=partnership, pk__in=body_ids_managed_by(user)).exists():
        return partners
    own = getattr(user, "organisation_id", None)
    return partners.filter(Q(pk=own or 0) | Q(pk=current or 0))


def sponsor_choices(
    user: User | AnonymousUser, partnership: Partnership, current: int | None
) -> QuerySet[Body]:
    """The bodies `user` may choose as a project's sponsor: any of the partnership's
    for its administrators, else those they manage, and the project's current one."""
    bodies = Body.objects.filter(partnership=partnership)
    if is_administrator(user, partnership.pk):
        return bodies
    return bodies.filter(Q(pk__in=body_ids_managed_by(user)) | Q(pk=current or 0))


def projects_in_place(
    user: User | AnonymousUser, partnership: Partnership, area: Area
) -> list[Project]:
    """The partnership's projects the user may see whose areas are shown on `area`'s
    page (`geography.queries.shown_on_page_of`: the place, the areas inside it and
    the custom areas that include one of them), by title, with their lead and areas
    (two queries; one when there are none)."""
    through = Project.areas.through
    return list(
        Project.objects.visible_to(user)
        .filter(
            partnership=partnership,
            pk__in=through.objects.filter(area_id__in=shown_on_page_of(area)).values("project_id"),
        )
        .select_related("lead_organisation")
        .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("name", "pk")))
        .order_by("title", "pk")
    )
