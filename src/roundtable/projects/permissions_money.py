"""Who may see and change projects' money.

Who sees each record is said in `models_money.py`. Who changes it, in words:

- a project's **budget lines and funding** are changed by the editors of the
  project's lead organisation and by the partnership's administrators
  (`may_edit_money`);
- a **pooled budget** and its contributions: when it belongs to a project, as
  that project's money; without a project, by administrators only;
- **importing** funding, and adding a pooled budget with no project, is for
  administrators.

The money pages (the pipeline, the contributions table) open to whoever may see
some of the partnership's money: its own signed-in people, and anyone when its
money is public. Anyone else is asked to sign in (or refused), so not even the
number of records shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from roundtable.accounts.choices import Role
from roundtable.core.permissions import refuse
from roundtable.partnership.access import is_administrator, sees_internal_figures
from roundtable.projects.models import Project, ProjectsSettings
from roundtable.projects.models_money import BudgetLine, Contribution, Funding, PooledBudget

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

VIEW, CHANGE = "view", "change"


def money_is_public(partnership_id: int) -> bool:
    """Whether the partnership publishes the money of its published projects."""
    return ProjectsSettings.objects.filter(
        partnership_id=partnership_id, money_is_public=True
    ).exists()


def sees_money(user: User | AnonymousUser, partnership_id: int) -> bool:
    """Whether the money pages open at all: the partnership's own people, or anyone
    when its money is public (each row is still filtered by `visible_to`)."""
    return sees_internal_figures(user, partnership_id) or money_is_public(partnership_id)


def require_money(user: User | AnonymousUser, partnership_id: int) -> None:
    if not sees_money(user, partnership_id):
        raise refuse(user)


def may_edit_money(user: User | AnonymousUser, project: Project) -> bool:
    """Editors of the project's lead organisation and the partnership's administrators."""
    if is_administrator(user, project.partnership_id):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.EDITOR
        and user.partnership_id == project.partnership_id
        and user.organisation_id is not None
        and user.organisation_id == project.lead_organisation_id
    )


def may_edit_pooled_budget(user: User | AnonymousUser, pooled: PooledBudget) -> bool:
    """As its project's money; administrators only when it has no project."""
    if pooled.project_id is not None:
        return may_edit_money(user, pooled.project)
    return is_administrator(user, pooled.partnership_id)


def may_add_pooled_budget(user: User | AnonymousUser, partnership_id: int) -> bool:
    """Administrators add pooled budgets (they choose the project, if any)."""
    return is_administrator(user, partnership_id)


def may_import_funding(user: User | AnonymousUser, partnership_id: int) -> bool:
    return is_administrator(user, partnership_id)


def may_change_money_settings(user: User | AnonymousUser, partnership_id: int) -> bool:
    """Administrators decide whether the partnership publishes its projects' money."""
    return is_administrator(user, partnership_id)


def require_money_settings(user: User | AnonymousUser, partnership_id: int) -> None:
    if not may_change_money_settings(user, partnership_id):
        raise refuse(user)


def get_project_for_money(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Project:
    """The project if the user may see its money (a 404 otherwise: the money of a
    project the user may see is not hinted at either); changing needs
    `may_edit_money`."""
    project = get_object_or_404(
        Project.objects.visible_to(user).select_related("partnership", "lead_organisation"),
        pk=pk,
    )
    if action == CHANGE:
        if not may_edit_money(user, project):
            raise refuse(user)
    elif not sees_internal_figures(user, project.partnership_id) and not (
        project.is_published and money_is_public(project.partnership_id)
    ):
        raise refuse(user)
    return project


def get_budget_line_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> BudgetLine:
    line = get_object_or_404(
        BudgetLine.objects.visible_to(user).select_related(
            "project__partnership", "project__lead_organisation"
        ),
        pk=pk,
    )
    if action == CHANGE and not may_edit_money(user, line.project):
        raise refuse(user)
    return line


def get_funding_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Funding:
    funding = get_object_or_404(
        Funding.objects.visible_to(user).select_related(
            "project__partnership", "project__lead_organisation", "organisation", "meeting"
        ),
        pk=pk,
    )
    if action == CHANGE and not may_edit_money(user, funding.project):
        raise refuse(user)
    return funding


def get_pooled_budget_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> PooledBudget:
    pooled = get_object_or_404(
        PooledBudget.objects.visible_to(user).select_related("partnership", "project"),
        pk=pk,
    )
    if action == CHANGE and not may_edit_pooled_budget(user, pooled):
        raise refuse(user)
    return pooled


def get_contribution_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> Contribution:
    contribution = get_object_or_404(
        Contribution.objects.visible_to(user).select_related(
            "pooled_budget__partnership", "pooled_budget__project", "organisation"
        ),
        pk=pk,
    )
    if action == CHANGE and not may_edit_pooled_budget(user, contribution.pooled_budget):
        raise refuse(user)
    return contribution
