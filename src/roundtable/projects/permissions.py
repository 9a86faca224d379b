"""Access helpers and rules for partnership projects.

Who sees what is in `models.py`. Who may change what, in words (the role rules
are in `roundtable.partnership.access`):

- the **editors of a project's lead organisation** change the project, its
  milestones, risks and updates;
- the **managers of its sponsor body** (the body's secretariat and the
  partnership's administrators) do too;
- the partnership's **administrators** do everything, including adding a project
  led by any organisation and importing projects;
- an editor adds projects led by their own organisation; a body's secretariat adds
  projects their body sponsors;
- nobody else changes anything (a 404 for a project they may not see, sign-in or
  403 for one they may).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404

from roundtable.accounts.choices import Role
from roundtable.core.permissions import refuse
from roundtable.partnership.access import body_ids_managed_by, is_administrator, manages_body
from roundtable.partnership.models import Body
from roundtable.projects.models import Project

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

VIEW, CHANGE = "view", "change"


def _editor_of(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.EDITOR
        and user.organisation_id is not None
        and partnership_id is not None
        and user.partnership_id == partnership_id
    )


def may_lead_from(
    user: User | AnonymousUser,
    partnership_id: int | None,
    organisation_id: int | None,
    sponsor_body_id: int | None,
) -> bool:
    """Whether a project of this lead organisation and sponsor body is one the user
    may keep: administrators any; editors those their organisation leads; a body's
    managers those it sponsors."""
    if is_administrator(user, partnership_id):
        return True
    if _editor_of(user, partnership_id) and organisation_id == user.organisation_id:
        return True
    return sponsor_body_id is not None and manages_body(user, sponsor_body_id)


def may_edit_project(user: User | AnonymousUser, project: Project) -> bool:
    """Editors of the lead organisation, the sponsor body's managers, administrators."""
    return may_lead_from(
        user, project.partnership_id, project.lead_organisation_id, project.sponsor_body_id
    )


def may_add_projects(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Whether the user may add a project at all: administrators, the partnership's
    editors, and the managers of one of its bodies."""
    if is_administrator(user, partnership_id) or _editor_of(user, partnership_id):
        return True
    if not user.is_authenticated or not user.is_active or partnership_id is None:
        return False
    return Body.objects.filter(
        partnership_id=partnership_id, pk__in=body_ids_managed_by(user)
    ).exists()


def may_import_projects(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Imports are for the partnership's administrators."""
    return is_administrator(user, partnership_id)


def get_project_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Project:
    """The project if the user may see it (a 404 otherwise: an unpublished project is
    not hinted at); changing it needs `may_edit_project`."""
    project = get_object_or_404(
        Project.objects.visible_to(user).select_related(
            "partnership", "lead_organisation", "lead_person", "sponsor_body"
        ),
        pk=pk,
    )
    if action == CHANGE and not may_edit_project(user, project):
        raise refuse(user)
    return project


def get_milestone_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Any:
    """The milestone if the user may see it (a 404 otherwise); changing it needs
    `may_edit_project` on its project."""
    from roundtable.projects.models import Milestone

    return _child(user, Milestone, pk, action)


def get_risk_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Any:
    """The risk if the user may see it (the partnership's own people only)."""
    from roundtable.projects.models import Risk

    return _child(user, Risk, pk, action)


def get_update_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Any:
    """The update if the user may see it (a 404 otherwise)."""
    from roundtable.projects.models import ProjectUpdate

    return _child(user, ProjectUpdate, pk, action)


def _child(user: User | AnonymousUser, model: Any, pk: int, action: str) -> Any:
    record = get_object_or_404(
        model.objects.visible_to(user).select_related(
            "project__partnership", "project__lead_organisation"
        ),
        pk=pk,
    )
    if action == CHANGE and not may_edit_project(user, record.project):
        raise refuse(user)
    return record
