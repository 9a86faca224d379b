"""The performance API: /api/v1/returns, where each agency's return for a quarter
stands and why it lacks any figure.

Reads only (`optional_auth`: a token or a signed-in session makes the caller that
user). Returns and the reasons for their missing figures are the partnership's own
signed-in people's, as on the returns dashboard: both lists start from
`visible_to`, so anyone else receives an empty list.
"""

# No `from __future__ import annotations` here: django-ninja reads the endpoint's
# annotations as real types.

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from roundtable.accounts.api_auth import optional_auth
from roundtable.partnership.models import Partnership
from roundtable.performance.models import MissingFigure, Submission
from roundtable.performance.periods import parse_quarter
from roundtable.performance.returns_queries import in_code_order
from roundtable.performance.schemas import ErrorOut, ReturnOut

router = Router(tags=["performance"])


def _return(submission: Submission) -> dict:
    return {
        "organisation": submission.organisation.name,
        "organisation_id": submission.organisation_id,
        "period": submission.period,
        "state": submission.state,
        "state_label": submission.get_state_display(),
        "submitted_at": submission.submitted_at,
        "missing_figures": [
            {
                "indicator": gap.indicator.code,
                "period": gap.period,
                "reason": gap.reason,
                "reason_label": gap.get_reason_display(),
                "explanation": gap.explanation,
            }
            for gap in in_code_order(submission.missing_figures.all())
        ],
    }


@router.get(
    "/returns",
    response={200: list[ReturnOut], 400: ErrorOut, 404: ErrorOut},
    auth=optional_auth,
    summary="List agencies' returns for a quarter, with the reasons for missing figures",
)
def list_returns(request: HttpRequest, partnership: str, period: str) -> list[dict]:
    """Each agency's return for the quarter `period` ("2011/12 Q2" or "2011-12-Q2")
    in `partnership` (slug): its state and, for each figure it does not give, the
    reason. For the partnership's own signed-in people; an empty list for others."""
    chosen = Partnership.objects.filter(slug=partnership).first()
    if chosen is None:
        raise HttpError(404, f"No partnership has the slug {partnership!r}")
    try:
        quarter = parse_quarter(period)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    gaps = MissingFigure.objects.visible_to(request.user).select_related("indicator")
    # returns with their organisation; their missing figures with the indicator
    submissions = (
        Submission.objects.visible_to(request.user)
        .filter(partnership=chosen, period=str(quarter))
        .select_related("organisation")
        .prefetch_related(Prefetch("missing_figures", queryset=gaps))
        .order_by("organisation__name")
    )
    return [_return(s) for s in submissions]
