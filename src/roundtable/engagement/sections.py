"""The engagement app's sections of other apps' pages, as the user may see them
(registered in `apps.py`): a body's page lists the consultations and
information-sharing agreements it owns (`partnership.sections`); a project's page
the consultations serving it and, for the partnership's own people only, the
contacts about it (`projects.page_sections`); a meeting's page the consultations
linked to it (`meetings.page_sections`); a priority's page the consultations
naming it (`strategy.page_sections`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.sections import listing
from roundtable.engagement import queries
from roundtable.meetings.page_sections import MeetingSection
from roundtable.partnership.sections import BodySection
from roundtable.projects.page_sections import ProjectSection
from roundtable.strategy.page_sections import PrioritySection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.meetings.models import Meeting
    from roundtable.partnership.models import Body
    from roundtable.projects.models import Project
    from roundtable.strategy.models import Priority


def owned_section(user: User | AnonymousUser, body: Body) -> BodySection | None:
    """Nothing when the body owns nothing the user may see (two queries)."""
    consultations, agreements = queries.owned_by_body(user, body)
    return listing(
        "Consultations and information-sharing agreements",
        "engagement/partials/_body_section.html",
        50,
        consultations=list(consultations),
        agreements=list(agreements),
    )


def project_section(user: User | AnonymousUser, project: Project) -> ProjectSection | None:
    """Nothing when no consultation or contact the user may see concerns the project
    (three queries; the contacts, internal to the partnership, reach nobody else)."""
    found = queries.project_engagement(user, project)
    if not found.consultations and not found.contact_count:
        return None
    return ProjectSection(
        title="Engagement",
        template="engagement/partials/_project_section.html",
        context={"engagement": found},
        order=50,
    )


def meeting_section(user: User | AnonymousUser, meeting: Meeting) -> MeetingSection | None:
    """Nothing when no consultation the user may see is linked to the meeting (one query)."""
    return listing(
        "Consultations discussed",
        "engagement/partials/_meeting_section.html",
        50,
        consultations=list(queries.linked_consultations(user, meeting=meeting)),
    )


def priority_section(user: User | AnonymousUser, priority: Priority) -> PrioritySection | None:
    """Nothing when no consultation the user may see names the priority (one query)."""
    return listing(
        "Consultations",
        "engagement/partials/_priority_section.html",
        40,
        consultations=list(queries.linked_consultations(user, priority=priority)),
    )
