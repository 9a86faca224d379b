"""The projects app's section of a body's page: the projects the body sponsors, as
the user may see them (`partnership.sections`, registered in `apps.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.partnership.sections import BodySection
from roundtable.projects.models import Project

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Body


def sponsored_section(user: User | AnonymousUser, body: Body) -> BodySection | None:
    """Nothing when the body sponsors no project the user may see (one query)."""
    projects = list(
        Project.objects.visible_to(user)
        .filter(sponsor_body=body)
        .select_related("lead_organisation")
        .order_by("title", "pk")
    )
    if not projects:
        return None
    return BodySection(
        title="Projects it sponsors",
        template="projects/partials/_body_section.html",
        context={"projects": projects},
        order=40,
    )
