"""GET /api/v1/projects and /api/v1/projects/{id}.

Published projects are public; unpublished ones are for their partnership's own
signed-in people (a session or a bearer token), like the pages. A project's risks
are internal: the detail lists them for the partnership's people only (an empty
list for everyone else). Linked indicators and recommendations are listed as the
caller may see them.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the
# endpoint's annotations outside this module, so they must be real types, not strings.

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from roundtable.accounts.api_auth import optional_auth
from roundtable.partnership.models import Partnership
from roundtable.performance.models import Indicator
from roundtable.projects import queries
from roundtable.projects.choices import ProjectStatus
from roundtable.projects.models import Milestone, ProjectUpdate, Risk
from roundtable.projects.schemas import ProjectDetailOut, ProjectOut
from roundtable.recommendations.models import Recommendation

router = Router(tags=["projects"])
MAX_PAGE = 500


def _with_links(rows: QuerySet, user: Any) -> QuerySet:
    return rows.prefetch_related(
        "priorities",
        "areas",
        Prefetch("indicators", Indicator.objects.visible_to(user), to_attr="shown_indicators"),
        Prefetch(
            "recommendations",
            Recommendation.objects.visible_to(user).for_links(),
            to_attr="shown_recommendations",
        ),
    )


@router.get(
    "/projects",
    response=list[ProjectOut],
    auth=optional_auth,
    summary="A partnership's projects (published ones for anyone; the rest for its people)",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_projects(
    request: HttpRequest,
    partnership: str,
    status: str = "",
    priority: int | None = None,
    lead_organisation: int | None = None,
    sponsor_body: int | None = None,
) -> Any:
    """A partnership's projects (`?partnership=<slug>`) by title, with the latest
    update's RAG and the next milestone, filtered as the portfolio filters: `status`,
    `priority`, `lead_organisation` and `sponsor_body` (ids)."""
    found = Partnership.objects.filter(slug=partnership).first()
    if found is None:
        raise Http404(f"There is no partnership '{partnership}'")
    if status and status not in ProjectStatus.values:
        raise HttpError(422, f"status: choose one of {', '.join(ProjectStatus.values)}")
    rows = queries.portfolio(
        request.user,
        found.pk,
        status=status,
        priority=priority,
        lead_organisation=lead_organisation,
        sponsor_body=sponsor_body,
    )
    return _with_links(rows, request.user)


@router.get(
    "/projects/{project_id}",
    response=ProjectDetailOut,
    auth=optional_auth,
    summary="One project with its milestones, updates and (for its partnership) risks",
)
def get_project(request: HttpRequest, project_id: int) -> Any:
    """A project the caller may see (404 otherwise), with its milestones, its
    updates newest first, and its risks for the partnership's own people."""
    user = request.user
    rows = _with_links(queries.projects_of_any(user).filter(pk=project_id), user).prefetch_related(
        Prefetch("milestones", Milestone.objects.visible_to(user)),
        Prefetch("updates", ProjectUpdate.objects.visible_to(user).select_related("author")),
        Prefetch(
            "risks",
            Risk.objects.visible_to(user).select_related("owner"),
            to_attr="shown_risks",
        ),
    )
    project = rows.first()
    if project is None:
        raise Http404("There is no such project, or you may not see it")
    return project
