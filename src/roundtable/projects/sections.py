"""The projects app's sections of other apps' pages, as the user may see them
(registered in `apps.py`): a body's page lists the projects the body sponsors
(`partnership.sections`); a priority's page the projects and commitments that serve
it (`strategy.page_sections`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.sections import listing
from roundtable.partnership.sections import BodySection
from roundtable.projects.models import Project
from roundtable.projects.models_commitments import Commitment
from roundtable.strategy.page_sections import PrioritySection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Body
    from roundtable.strategy.models import Priority


def sponsored_section(user: User | AnonymousUser, body: Body) -> BodySection | None:
    """Nothing when the body sponsors no project the user may see (one query)."""
    projects = list(
        Project.objects.visible_to(user)
        .filter(sponsor_body=body)
        .select_related("lead_organisation")
        .order_by("title", "pk")
    )
    return listing(
        "Projects it sponsors", "projects/partials/_body_section.html", 40, projects=projects
    )


def serving_priority_section(
    user: User | AnonymousUser, priority: Priority
) -> PrioritySection | None:
    """The projects and commitments that name the priority, as the user may see them;
    nothing when there are none (two queries)."""
    projects = list(
        Project.objects.visible_to(user)
        .filter(priorities=priority)
        .select_related("lead_organisation")
        .order_by("title", "pk")
    )
    commitments = list(
        Commitment.objects.visible_to(user).filter(priorities=priority).order_by("title", "pk")
    )
    return listing(
        "Projects and commitments",
        "projects/partials/_priority_section.html",
        20,
        projects=projects,
        commitments=commitments,
    )
