"""Every write to projects, milestones, risks and updates goes through a function here.

Each takes the acting user, checks who may make the change (`permissions.py`),
validates with the pure rules (`rules.py`), writes inside `transaction.atomic()`
with history (`save_with_history`) and returns the changed record. Views, the API,
the import and the demo loader all call these; the import and the loader pass
`check=False` (the import checks its caller once).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from roundtable.core.records import (
    assign_changed,
    history_in_bulk,
    save_if_changed,
    save_with_history,
    update_in_bulk,
)
from roundtable.projects import rules
from roundtable.projects.choices import ProjectStatus, Rag
from roundtable.projects.models import Milestone, Project, ProjectUpdate, Risk
from roundtable.projects.permissions import may_edit_project, may_import_projects, may_lead_from

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.geography.models import Area
    from roundtable.meetings.models import AgendaItem
    from roundtable.partnership.models import Body, Organisation, Partnership, Person
    from roundtable.performance.models import Indicator
    from roundtable.recommendations.models import Recommendation
    from roundtable.strategy.models import Priority


def _require_editor(actor: User | None, project: Project, check: bool) -> None:
    if check and (actor is None or not may_edit_project(actor, project)):
        raise PermissionDenied(
            "Only editors of the lead organisation, the sponsor body's managers and "
            "administrators change this project"
        )


def _others(name: str, records: Iterable, partnership_id: int) -> list:
    records = list(records)
    foreign = [r for r in records if r.partnership_id != partnership_id]
    if foreign:
        raise ValidationError(
            {name: f"{name}: '{foreign[0]}' belongs to another partnership; choose this one's"}
        )
    return records


def _check_project(
    partnership: Partnership,
    *,
    lead_organisation: Organisation,
    status: str,
    start: datetime.date | None,
    end: datetime.date | None,
    sponsor_body: Body | None,
    lead_person: Person | None,
    links: dict[str, Iterable | None],
) -> dict[str, list]:
    """The checks of a project's values (a ValidationError naming the field at the
    first problem), shared by `save_project` and `save_projects`; returns the links
    given (`None` lists left out), each checked to be of the partnership."""
    if status not in ProjectStatus.values:
        raise ValidationError({"status": f"status: '{status}' is not a project status"})
    _others("lead_organisation", [lead_organisation], partnership.pk)
    if not lead_organisation.is_partner:
        raise ValidationError(
            {
                "lead_organisation": f"lead_organisation: '{lead_organisation}' is not a partner; "
                "a project is led by one of the partnership's partners"
            }
        )
    if sponsor_body is not None:
        _others("sponsor_body", [sponsor_body], partnership.pk)
    if lead_person is not None:
        _others("lead_person", [lead_person], partnership.pk)
    try:
        rules.check_dates(start, end)
    except ValueError as error:
        raise ValidationError({"end": str(error)}) from None
    checked = {
        name: _others(name, records, partnership.pk)
        for name, records in links.items()
        if records is not None and name != "areas"
    }
    if links.get("areas") is not None:
        checked["areas"] = [a for a in links["areas"] if a.partnership_id in (None, partnership.pk)]
    return checked


def create_project(
    actor: User | None,
    *,
    partnership: Partnership,
    title: str,
    lead_organisation: Organisation,
    summary: str = "",
    reason: str = "",
    check: bool = True,
) -> Project:
    """Add a new, unpublished, proposed project, for other apps (a co-location
    opportunity becoming a project): the same rules as `save_project` (who may
    lead it, validation) and a history entry naming `actor` and `reason`."""
    return save_project(
        actor,
        Project(partnership=partnership),
        partnership=partnership,
        title=title,
        lead_organisation=lead_organisation,
        summary=summary,
        reason=reason,
        check=check,
    )


def save_project(
    actor: User | None,
    project: Project,
    *,
    partnership: Partnership,
    title: str,
    lead_organisation: Organisation,
    status: str = ProjectStatus.PROPOSED,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    summary: str = "",
    sponsor_body: Body | None = None,
    lead_person: Person | None = None,
    is_published: bool = False,
    priorities: Iterable[Priority] | None = None,
    indicators: Iterable[Indicator] | None = None,
    recommendations: Iterable[Recommendation] | None = None,
    areas: Iterable[Area] | None = None,
    reason: str = "",
    check: bool = True,
) -> Project:
    """Add a project or change one. The user must be allowed to keep it both as it was
    (editing) and as it will be (a new lead or sponsor they do not keep is refused).
    What it serves must be of the same partnership; `None` leaves a list as it is.
    A project whose values and links are already these is left alone (no history)."""
    if project.pk is not None:
        _require_editor(actor, project, check)
    if check and (
        actor is None
        or not may_lead_from(
            actor,
            partnership.pk,
            lead_organisation.pk,
            sponsor_body.pk if sponsor_body else None,
        )
    ):
        raise PermissionDenied(
            "You may keep projects your organisation leads or your board sponsors only"
        )
    links = {
        "priorities": priorities,
        "indicators": indicators,
        "recommendations": recommendations,
        "areas": areas,
    }
    checked = _check_project(
        partnership,
        lead_organisation=lead_organisation,
        status=status,
        start=start,
        end=end,
        sponsor_body=sponsor_body,
        lead_person=lead_person,
        links=links,
    )
    new = project.pk is None
    changed = assign_changed(
        project,
        _project_fields(
            partnership,
            title=title,
            summary=summary,
            lead_organisation=lead_organisation,
            sponsor_body=sponsor_body,
            lead_person=lead_person,
            status=status,
            start=start,
            end=end,
            is_published=is_published,
        ),
    )
    relinked = {
        name: records
        for name, records in checked.items()
        if new
        or set(getattr(project, name).values_list("pk", flat=True)) != {r.pk for r in records}
    }
    if not (new or changed or relinked):
        return project
    with transaction.atomic():
        if new or changed:
            save_with_history(project, actor, reason, validate=True)
        # The links' history entries name the actor too.
        project._history_user = actor
        for name, records in relinked.items():
            getattr(project, name).set(records)
    return project


def _project_fields(partnership: Partnership, **fields: Any) -> dict[str, Any]:
    """A project's own values as they are stored (the title's spacing tidied)."""
    return {**fields, "partnership": partnership, "title": " ".join(fields["title"].split())}


LINKS = ("priorities", "indicators", "recommendations", "areas")


@dataclass
class ProjectRow:
    """One project for `save_projects`: the one to change (None for a new one), its
    values as `save_project` takes them, and the lists to set (a list left out is
    kept as it is)."""

    project: Project | None
    fields: dict[str, Any]
    links: dict[str, list] = field(default_factory=dict)


@dataclass
class SavedProjects:
    """What `save_projects` did, or, in `errors` by row index, why it did nothing."""

    created: list[Project] = field(default_factory=list)
    changed: list[Project] = field(default_factory=list)
    unchanged: int = 0
    errors: dict[int, ValidationError] = field(default_factory=dict)


def _current_links(projects: list[Project]) -> dict[str, dict[int, dict[int, int]]]:
    """For each list, each project's linked ids and the ids of their link rows: one
    query per list."""
    current: dict[str, dict[int, dict[int, int]]] = {name: {} for name in LINKS}
    ids = [p.pk for p in projects]
    if not ids:
        return current
    for name in LINKS:
        through = getattr(Project, name).through
        target = Project._meta.get_field(name).m2m_reverse_field_name()
        rows = through.objects.filter(project_id__in=ids).values_list(
            "pk", "project_id", f"{target}_id"
        )
        for pk, project_id, target_id in rows:
            current[name].setdefault(project_id, {})[target_id] = pk
    return current


def save_projects(
    actor: User | None, partnership: Partnership, rows: list[ProjectRow], *, check: bool = True
) -> SavedProjects:
    """Add and change many projects at once, for imports: the same checks as
    `save_project`, row by row (a ValidationError per failing row index, and then
    nothing is written), and only what differs is written, in bulk: new projects
    and their links in one insert each, changed ones in one update, one history
    entry per added or changed project (naming `actor`, with its links as they now
    are), none for a project that is already as the row says."""
    result = SavedProjects()
    if check and (actor is None or not may_import_projects(actor, partnership.pk)):
        raise PermissionDenied("Only the partnership's administrators import projects")
    existing = [row.project for row in rows if row.project is not None]
    current = _current_links(existing)
    relations = [f.name for f in Project._meta.fields if f.is_relation]
    to_create: list[tuple[Project, dict[str, list]]] = []
    to_change: list[tuple[Project, dict[str, list]]] = []
    changed_fields: set[str] = set()
    for index, row in enumerate(rows):
        values = row.fields
        try:
            links = _check_project(
                partnership,
                lead_organisation=values["lead_organisation"],
                status=values.get("status", ProjectStatus.PROPOSED),
                start=values.get("start"),
                end=values.get("end"),
                sponsor_body=values.get("sponsor_body"),
                lead_person=values.get("lead_person"),
                links=row.links,
            )
        except ValidationError as error:
            result.errors[index] = error
            continue
        fields = _project_fields(partnership, **values)
        project = row.project
        if project is None:
            project = Project(**fields)
            to_create.append((project, links))
        else:
            changed = {
                name for name, value in fields.items() if assign_changed(project, {name: value})
            }
            relinked = {
                name: records
                for name, records in links.items()
                if set(current[name].get(project.pk, {})) != {r.pk for r in records}
            }
            if not (changed or relinked):
                result.unchanged += 1
                continue
            changed_fields |= changed
            to_change.append((project, relinked))
        try:
            project.clean_fields(exclude=relations)
            project.clean()
        except ValidationError as error:
            result.errors[index] = error
    if result.errors:
        return result
    with transaction.atomic():
        created = Project.objects.bulk_create([p for p, _ in to_create], batch_size=500)
        if to_change:
            now = timezone.now()
            for project, _ in to_change:
                project.updated_at = now
            changing = [p for p, _ in to_change]
            update_in_bulk(Project, changing, sorted(changed_fields | {"updated_at"}))
        _write_links(
            [(p, links) for p, (_, links) in zip(created, to_create, strict=True)], to_change
        )
        # One entry per project, copied in the database with its links as they now are.
        changes = [("+", [p.pk for p in created]), ("~", [p.pk for p, _ in to_change])]
        history_in_bulk(Project, actor, changes, LINKS)
    result.created = created
    result.changed = [p for p, _ in to_change]
    return result


def _write_links(
    created: list[tuple[Project, dict[str, list]]],
    changed: list[tuple[Project, dict[str, list]]],
) -> None:
    """Set the lists that differ: the changed projects' old links of those lists
    deleted, the new links inserted (a query or two per list)."""
    for name in LINKS:
        through = getattr(Project, name).through
        target = f"{Project._meta.get_field(name).m2m_reverse_field_name()}_id"
        stale = [p.pk for p, links in changed if name in links]
        for start in range(0, len(stale), 500):
            through.objects.filter(project_id__in=stale[start : start + 500]).delete()
        rows = [
            through(project_id=p.pk, **{target: r.pk})
            for p, links in [*created, *changed]
            for r in links.get(name, ())
        ]
        through.objects.bulk_create(rows, batch_size=500)


def save_milestone(
    actor: User | None,
    milestone: Milestone,
    *,
    title: str,
    due: datetime.date | None = None,
    done_on: datetime.date | None = None,
    check: bool = True,
) -> Milestone:
    """Add a milestone to its project or change one."""
    _require_editor(actor, milestone.project, check)
    if not title.strip():
        raise ValidationError({"title": "title: enter what the milestone is"})
    milestone.title = " ".join(title.split())
    milestone.due, milestone.done_on = due, done_on
    save_if_changed(milestone, actor, validate=True)
    return milestone


def save_risk(
    actor: User | None,
    risk: Risk,
    *,
    description: str,
    likelihood: int | str,
    impact: int | str,
    mitigation: str = "",
    owner: Person | None = None,
    check: bool = True,
) -> Risk:
    """Add a risk to its project or change one: likelihood and impact from 1 to 5;
    its owner a person of the project's partnership."""
    _require_editor(actor, risk.project, check)
    errors = {}
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        try:
            setattr(risk, name, rules.check_score(value, name))
        except ValueError as error:
            errors[name] = str(error)
    if not description.strip():
        errors["description"] = "description: describe the risk"
    if owner is not None and owner.partnership_id != risk.project.partnership_id:
        errors["owner"] = "owner: choose a person of this partnership"
    if errors:
        raise ValidationError(errors)
    risk.description, risk.mitigation, risk.owner = description.strip(), mitigation, owner
    save_if_changed(risk, actor, validate=True)
    return risk


def record_update(
    actor: User | None,
    update: ProjectUpdate,
    *,
    date: datetime.date,
    narrative: str,
    rag: str = "",
    author: Person | None = None,
    agenda_item: AgendaItem | None = None,
    check: bool = True,
) -> ProjectUpdate:
    """Add a dated update (RAG and narrative) to its project, or change one; placed on
    an agenda item (of a meeting of the same partnership) it goes into that
    meeting's board pack."""
    _require_editor(actor, update.project, check)
    partnership_id = update.project.partnership_id
    errors = {}
    if rag not in ("", *Rag.values):
        errors["rag"] = f"rag: '{rag}' is not red, amber or green; leave it blank if none"
    if not narrative.strip():
        errors["narrative"] = "narrative: enter what the update says"
    if author is not None and author.partnership_id != partnership_id:
        errors["author"] = "author: choose a person of this partnership"
    if agenda_item is not None and agenda_item.partnership_id != partnership_id:
        errors["agenda_item"] = "agenda_item: choose an item of this partnership's meetings"
    if errors:
        raise ValidationError(errors)
    update.date, update.rag, update.narrative = date, rag, narrative.strip()
    update.author, update.agenda_item = author, agenda_item
    save_if_changed(update, actor, validate=True)
    return update


# Deleting a project's parts: the same people as change the project; each deletion
# is kept in the part's history, naming who deleted it.


def _delete(actor: User | None, record: Milestone | Risk | ProjectUpdate) -> None:
    record._history_user = actor  # read by django-simple-history
    with transaction.atomic():
        record.delete()


def delete_milestone(actor: User | None, milestone: Milestone, *, check: bool = True) -> None:
    """Delete a milestone of a project."""
    _require_editor(actor, milestone.project, check)
    _delete(actor, milestone)


def delete_risk(actor: User | None, risk: Risk, *, check: bool = True) -> None:
    """Delete a risk of a project."""
    _require_editor(actor, risk.project, check)
    _delete(actor, risk)


def delete_update(actor: User | None, update: ProjectUpdate, *, check: bool = True) -> None:
    """Delete a project update; one placed on a meeting's agenda is refused, naming
    the meeting (the board pack includes it): take it off the agenda first."""
    _require_editor(actor, update.project, check)
    if update.agenda_item_id is not None:
        meeting = update.agenda_item.meeting
        raise ValidationError(
            f"This update is on the agenda of the {meeting.body.name} meeting on "
            f"{timezone.localtime(meeting.start):%-d %B %Y}; take it off the agenda first "
            "(change the update and choose no agenda item), then delete it"
        )
    _delete(actor, update)
