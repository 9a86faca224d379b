"""GET /api/v1/engagement/stakeholders, /api/v1/engagement/contacts,
/api/v1/consultations and /api/v1/engagement/agreements.

The register and the contact log are internal to the partnership, so these answer
only its own signed-in people (a session or a bearer token): anyone else gets 401
(nobody signed in) or 403 (another partnership's people), with nothing of the log.
Consultations are public, except planned ones, which only the partnership's own
people get. Information-sharing agreements: the published ones (marked public, not
drafts) for anyone, all of them for the partnership's own people.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the
# endpoint's annotations outside this module, so they must be real types, not strings.

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from roundtable.accounts.api_auth import checked, optional_auth
from roundtable.engagement import queries
from roundtable.engagement.choices import AgreementStatus
from roundtable.engagement.permissions import require_engagement
from roundtable.engagement.schemas import (
    AgreementOut,
    ConsultationOut,
    ContactOut,
    StakeholderOut,
)
from roundtable.partnership.models import Partnership

router = Router(tags=["engagement"])
MAX_PAGE = 500


def _partnership(request: HttpRequest, slug: str) -> Partnership:
    """The partnership asked for, once the caller is shown to be one of its people."""
    found = Partnership.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(f"There is no partnership '{slug}'")
    checked(require_engagement, request.user, found.pk)
    return found


@router.get(
    "/engagement/stakeholders",
    response=list[StakeholderOut],
    auth=optional_auth,
    summary="The stakeholder register (the partnership's own people only)",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_stakeholders(
    request: HttpRequest,
    partnership: str,
    mode: str = "",
    theme: int | None = None,
    sector: str = "",
) -> Any:
    """A partnership's stakeholders (`?partnership=<slug>`), filtered as the register
    page filters: `mode`, `theme` (id), `sector`."""
    chosen = _partnership(request, partnership)
    return queries.register(request.user, chosen, mode=mode, theme=theme, sector=sector)


@router.get(
    "/engagement/contacts",
    response=list[ContactOut],
    auth=optional_auth,
    summary="The contact log (the partnership's own people only)",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_contacts(
    request: HttpRequest,
    partnership: str,
    stakeholder: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> Any:
    """A partnership's contacts, newest first; `stakeholder` (id), `since` and
    `until` (dates, both included) narrow them."""
    chosen = _partnership(request, partnership)
    rows = (
        queries.contacts_of(request.user, chosen.pk)
        .select_related(
            "stakeholder__organisation", "from_organisation", "from_unit", "from_person"
        )
        .prefetch_related(*queries.contact_links(request.user))
    )
    if stakeholder is not None:
        rows = rows.filter(stakeholder_id=stakeholder)
    if since is not None:
        rows = rows.filter(date__gte=since)
    if until is not None:
        rows = rows.filter(date__lte=until)
    return rows


@router.get(
    "/consultations",
    response=list[ConsultationOut],
    auth=optional_auth,
    summary="The consultation register (public; planned ones for the partnership's people)",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_consultations(request: HttpRequest, partnership: str, show: str = "all") -> Any:
    """A partnership's consultations (`?partnership=<slug>`), soonest first; `show`
    is `current` (open and forthcoming), `past` (closed, with results) or `all`."""
    found = Partnership.objects.filter(slug=partnership).first()
    if found is None:
        raise Http404(f"There is no partnership '{partnership}'")
    if show not in (queries.CURRENT, queries.PAST, queries.ALL):
        raise HttpError(422, "show: choose current, past or all")
    return queries.consultations(request.user, found.pk, show=show).prefetch_related(
        queries.visible_projects(request.user)
    )


@router.get(
    "/engagement/agreements",
    response=list[AgreementOut],
    auth=optional_auth,
    summary="Information-sharing agreements (published ones; all for the partnership's people)",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_agreements(request: HttpRequest, partnership: str, status: str = "") -> Any:
    """A partnership's agreements (`?partnership=<slug>`) by title; `status` is
    `draft`, `in_force`, `under_review` or `ended`."""
    found = Partnership.objects.filter(slug=partnership).first()
    if found is None:
        raise Http404(f"There is no partnership '{partnership}'")
    if status and status not in AgreementStatus.values:
        raise HttpError(422, f"status: choose one of {', '.join(AgreementStatus.values)}")
    return queries.agreements(request.user, found.pk, status=status).prefetch_related("documents")
