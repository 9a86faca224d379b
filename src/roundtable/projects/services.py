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
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from roundtable.core.records import save_with_history
from roundtable.projects import rules
from roundtable.projects.choices import ProjectStatus, Rag
from roundtable.projects.models import Milestone, Project, ProjectUpdate, Risk
from roundtable.projects.permissions import may_edit_project, may_lead_from

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
    check: bool = True,
) -> Project:
    """Add a project or change one. The user must be allowed to keep it both as it was
    (editing) and as it will be (a new lead or sponsor they do not keep is refused).
    What it serves must be of the same partnership; `None` leaves a list as it is."""
    if project.pk is not None:
        _require_editor(actor, project, check)
    project.partnership = partnership
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
    links = {
        "priorities": priorities,
        "indicators": indicators,
        "recommendations": recommendations,
    }
    checked = {
        name: _others(name, records, partnership.pk)
        for name, records in links.items()
        if records is not None
    }
    project.title = " ".join(title.split())
    project.summary = summary
    project.lead_organisation = lead_organisation
    project.sponsor_body = sponsor_body
    project.lead_person = lead_person
    project.status = status
    project.start, project.end = start, end
    project.is_published = is_published
    with transaction.atomic():
        save_with_history(project, actor, validate=True)
        for name, records in checked.items():
            getattr(project, name).set(records)
        if areas is not None:
            project.areas.set([a for a in areas if a.partnership_id in (None, partnership.pk)])
    return project


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
    return save_with_history(milestone, actor, validate=True)


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
    return save_with_history(risk, actor, validate=True)


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
    return save_with_history(update, actor, validate=True)


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
