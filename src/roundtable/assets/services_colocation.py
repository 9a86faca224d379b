"""Every write of the co-location opportunities goes through a function here.

Each takes the acting user, checks who may make the change
(`permissions_colocation.py`), writes inside `transaction.atomic()` with history
(`save_with_history`) and returns the changed record. The figures of an
opportunity are never taken from the form: saving one runs the finder again on
the chosen assets, as the user may see them, and keeps what it says.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from roundtable.assets import queries_colocation
from roundtable.assets.colocation import Options, find_groups, opportunity_title
from roundtable.assets.models import Asset
from roundtable.assets.models_colocation import Opportunity, OpportunityStatus
from roundtable.assets.permissions_colocation import may_keep_opportunities, opportunity_lead
from roundtable.core.records import save_with_history
from roundtable.projects.services import create_project

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership
    from roundtable.projects.models import Project


def _require_keeper(actor: User | None, partnership_id: int, check: bool) -> None:
    if check and (actor is None or not may_keep_opportunities(actor, partnership_id)):
        raise PermissionDenied(
            "Only the partnership's editors and administrators keep opportunities"
        )


def save_opportunity(
    actor: User,
    partnership: Partnership,
    *,
    asset_ids: Iterable[int],
    options: Options,
    on: datetime.date,
    title: str = "",
    notes: str = "",
    check: bool = True,
) -> Opportunity:
    """Save a group the finder shows as an opportunity: the assets must still make a
    group under `options` on `on`; its saving and the building to leave are the
    finder's."""
    _require_keeper(actor, partnership.pk, check)
    wanted = sorted(set(asset_ids))
    sites, _ = queries_colocation.sites(actor, partnership, ids=wanted)
    if len(sites) != len(wanted) or len(wanted) < 2:
        raise ValidationError(
            {"assets": "Choose two or more of the partnership's assets from the finder's list"}
        )
    group = next(
        (g for g in find_groups(sites, options, on=on) if {s.id for s in g.sites} == set(wanted)),
        None,
    )
    if group is None:
        raise ValidationError(
            {
                "assets": "These assets no longer make a group with these options: "
                "run the finder again and save a group it shows"
            }
        )
    first = group.sites[0]
    opportunity = Opportunity(
        partnership=partnership,
        title=" ".join(title.split()) or opportunity_title(group),
        vacate_id=group.vacate.id if group.vacate else first.id,
        within_m=options.within_m,
        utilisation_below=options.utilisation_below,
        lease_months=options.lease_months,
        found_on=on,
        saving=group.operating_cost,
        notes=notes.strip(),
    )
    with transaction.atomic():
        save_with_history(opportunity, actor, "Saved from the co-location finder", validate=True)
        opportunity.assets.set(Asset.objects.filter(pk__in=wanted))
    return opportunity


def change_opportunity(
    actor: User,
    opportunity: Opportunity,
    *,
    title: str,
    notes: str,
    status: str,
    check: bool = True,
) -> Opportunity:
    """Change an opportunity's title, notes and status (open or closed; it becomes a
    project only by `turn_into_project`)."""
    _require_keeper(actor, opportunity.partnership_id, check)
    if status not in OpportunityStatus.values:
        raise ValidationError({"status": "Choose open or closed"})
    if status == OpportunityStatus.PROJECT and opportunity.project_id is None:
        raise ValidationError(
            {"status": "Use \u201cTurn into a project\u201d to make it a project"}
        )
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Enter a title, like \u201cShare Acton Town Hall\u201d"})
    opportunity.title, opportunity.notes, opportunity.status = title, notes.strip(), status
    return save_with_history(opportunity, actor, validate=True)


def turn_into_project(actor: User, opportunity: Opportunity, *, check: bool = True) -> Project:
    """Make the opportunity a new, unpublished project led by the owner of the
    building that could be left, and link the two. The project is made by the
    projects app's `create_project`, so its rules apply: only those who may keep a
    project of that lead (its editors, administrators) make it."""
    _require_keeper(actor, opportunity.partnership_id, check)
    if opportunity.project_id is not None:
        raise ValidationError({"project": "This opportunity is a project already"})
    if opportunity.status == OpportunityStatus.CLOSED:
        raise ValidationError({"status": "Reopen the opportunity before making it a project"})
    lead = opportunity_lead(opportunity)
    if lead is None:
        raise ValidationError({"assets": "The opportunity has no assets left to lead it"})
    names = ", ".join(
        f"{a.name} ({a.owner.name})" for a in opportunity.assets.select_related("owner")
    )
    summary = f"Co-location of {names}."
    if opportunity.notes:
        summary += "\n\n" + opportunity.notes
    with transaction.atomic():
        # The projects app's own service: who may lead a project of that
        # organisation, its checks, and a history entry naming the actor.
        try:
            project = create_project(
                actor,
                partnership=opportunity.partnership,
                title=opportunity.title,
                lead_organisation=lead.owner,
                summary=summary,
                reason=f"Made from the co-location opportunity \u201c{opportunity.title}\u201d",
                check=check,
            )
        except PermissionDenied:
            raise PermissionDenied(
                f"The project would be led by {lead.owner.name}: only its editors and the "
                "partnership's administrators may make it a project"
            ) from None
        opportunity.project = project
        opportunity.status = OpportunityStatus.PROJECT
        save_with_history(opportunity, actor, "Turned into a project")
    return project
