"""The meetings API: meetings with their published agendas, and the actions log.

Reads only, open to everyone (`optional_auth`: a token or a signed-in session
makes the caller that user). Everything starts from the `visible_to` queryset
methods, so an anonymous caller never receives a restricted item, paper or
action, and a draft agenda's items are never listed. Each list declares its
`select_related`/`prefetch_related` next to its queryset, so its query count does
not grow with the number of rows.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the
# endpoint's annotations outside this module, so they must be real types, not strings.

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from roundtable.accounts.api_auth import optional_auth
from roundtable.meetings import rules
from roundtable.meetings.choices import ActionStatus
from roundtable.meetings.models import Action, Meeting
from roundtable.meetings.queries import with_published_agendas
from roundtable.meetings.schemas import ActionOut, ErrorOut, MeetingOut
from roundtable.partnership.models import Body, Partnership

router = Router(tags=["meetings"])

MAX_PAGE = 200
READ_ERRORS = {404: ErrorOut}


def _body(slug: str) -> Body:
    body = Body.objects.filter(slug=slug).first()
    if body is None:
        raise HttpError(404, f"No body has the slug {slug!r}")
    return body


def _partnership(slug: str) -> Partnership:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise HttpError(404, f"No partnership has the slug {slug!r}")
    return partnership


def _meetings(request: HttpRequest) -> QuerySet[Meeting]:
    # meetings with body; visible items (with visible papers and their versions);
    # every item's place, for numbering.
    return with_published_agendas(Meeting.objects.select_related("body"), request.user)


@router.get(
    "/meetings",
    response=list[MeetingOut],
    auth=optional_auth,
    summary="List meetings with their published agendas",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_meetings(
    request: HttpRequest,
    body: str | None = None,
    partnership: str | None = None,
    status: rules.Shown | None = None,
) -> QuerySet[Meeting]:
    """Meetings (cancelled ones too), earliest first, filtered by `body` (slug),
    `partnership` (slug) and `status` (scheduled, cancelled, or held: over and not
    cancelled). Each lists the items of its published agenda the
    caller may see; restricted items only for the body's members and managers."""
    meetings = _meetings(request).order_by("start", "pk")
    if body:
        meetings = meetings.filter(body=_body(body))
    if partnership:
        meetings = meetings.filter(partnership=_partnership(partnership))
    if status is not None:
        meetings = meetings.with_shown_status(status, timezone.now())
    return meetings


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **READ_ERRORS},
    auth=optional_auth,
    summary="A meeting with its published agenda",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    # The schedule is public: every meeting may be read; its agenda is filtered.
    meeting = _meetings(request).filter(pk=meeting_id).first()
    if meeting is None:
        raise HttpError(404, "Not Found")
    return meeting


@router.get(
    "/actions",
    response=list[ActionOut],
    auth=optional_auth,
    summary="List actions",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_actions(
    request: HttpRequest,
    status: ActionStatus | None = None,
    body: str | None = None,
    partnership: str | None = None,
    organisation: int | None = None,
) -> QuerySet[Action]:
    """Actions the caller may see, by due date, filtered by `status`, `body` (slug),
    `partnership` (slug) and owner `organisation` (id). The public sees actions once the
    minutes that raised them are approved, never restricted ones."""
    # count, page of actions with body, owner and owner organisation.
    actions = (
        Action.objects.visible_to(request.user)
        .select_related("body", "owner_person", "owner_organisation")
        .order_by("due", "pk")
    )
    if status is not None:
        actions = actions.filter(status=status.value)
    if body:
        actions = actions.filter(body=_body(body))
    if partnership:
        actions = actions.filter(partnership=_partnership(partnership))
    if organisation is not None:
        actions = actions.filter(owner_organisation_id=organisation)
    return actions
