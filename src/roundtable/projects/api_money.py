"""GET /api/v1/funding: the funding pipeline, as the caller may see it.

Money is internal to a partnership unless its projects settings make it public,
and then only that of published projects (`models_money.py`): the public, another
partnership's people and a partnership's own people each get the rows they may
see, and nothing else (an empty list, never a count of what is hidden). Amounts
are strings in pounds with two decimals ("50000.00"), exact to the penny.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the
# endpoint's annotations outside this module, so they must be real types, not strings.

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from roundtable.accounts.api_auth import optional_auth
from roundtable.partnership.models import Partnership
from roundtable.projects import queries_money as queries
from roundtable.projects import rules_money as rules
from roundtable.projects.models_money import (
    Funding,
    FundingKind,
    FundingSource,
    FundingStatus,
    money_url,
)

router = Router(tags=["projects"])
MAX_PAGE = 500


class FundingOut(Schema):
    id: int
    partnership: str
    project: str
    project_id: int
    source: str
    kind: str
    organisation: str
    amount: str
    financial_year: str
    status: str
    decided_on: datetime.date | None
    meeting: str | None
    notes: str
    url: str

    @staticmethod
    def resolve_partnership(obj: Funding) -> str:
        return obj.project.partnership.slug

    @staticmethod
    def resolve_project(obj: Funding) -> str:
        return obj.project.title

    @staticmethod
    def resolve_organisation(obj: Funding) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_amount(obj: Funding) -> str:
        return f"{obj.amount:.2f}"

    @staticmethod
    def resolve_meeting(obj: Funding) -> str | None:
        return queries.meeting_label(obj) or None

    @staticmethod
    def resolve_url(obj: Funding) -> str:
        return money_url(obj.project)


def _choice(name: str, value: str, choices: Any) -> str:
    if value and value not in choices.values:
        raise HttpError(422, f"{name}: choose one of {', '.join(choices.values)}")
    return value


@router.get(
    "/funding",
    response=list[FundingOut],
    auth=optional_auth,
    summary="The funding pipeline (public only where a partnership publishes its money)",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_funding(
    request: HttpRequest,
    partnership: str = "",
    status: str = "",
    source: str = "",
    kind: str = "",
    year: str = "",
) -> Any:
    """The funding the caller may see, by financial year then project; `partnership`
    (slug), `status`, `source`, `kind` and `year` (like 2011/12) narrow it."""
    if year:
        try:
            year = rules.parse_financial_year(year)
        except rules.YearError as error:
            raise HttpError(422, f"year: {error}") from None
    chosen = queries.PipelineFilter(
        status=_choice("status", status, FundingStatus),
        source=_choice("source", source, FundingSource),
        kind=_choice("kind", kind, FundingKind),
        year=year,
    )
    partnership_id = None
    if partnership:
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise Http404(f"There is no partnership '{partnership}'")
        partnership_id = found.pk
    return queries.pipeline(request.user, partnership_id, chosen)
