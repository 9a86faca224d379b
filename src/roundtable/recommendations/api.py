"""Recommendations API: /api/v1/reviews, /api/v1/recommendations[/{id}[/updates]].

Reads are public like the tracker pages (published reviews, published responses);
the partnership's own people (session or token) also see drafts. Writing a progress
update needs a token and the lead organisation's editor (or an administrator).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import ValidationError as RequestValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from roundtable.accounts.api_auth import checked, optional_auth, token_auth
from roundtable.partnership.models import Partnership
from roundtable.partnership.schemas import ErrorOut, ValidationErrorOut
from roundtable.recommendations import queries, rules, services
from roundtable.recommendations.choices import Response
from roundtable.recommendations.models import Recommendation
from roundtable.recommendations.permissions import (
    PROGRESS,
    get_recommendation_for_user,
    sees_internal_recommendations,
)
from roundtable.recommendations.schemas import (
    ProgressUpdateIn,
    RecommendationDetailOut,
    RecommendationOut,
    ReviewOut,
)

router = Router(tags=["recommendations"])
READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


def _partnership(slug: str) -> Partnership:
    found = Partnership.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(f"There is no partnership '{slug}'")
    return found


def _out(rec: Recommendation, internal: bool, today: Any) -> dict[str, Any]:
    """A row of `Recommendation.objects.visible_to(user)` as that user may see it."""
    label, _ = queries.shown_response(rec)
    public_response = rec.response_shown
    return {
        "id": rec.pk,
        "review": rec.review.title,
        "review_id": rec.review_id,
        "section": rec.section.title if rec.section else "",
        "number": rec.number,
        "text": rec.text,
        "response": label if public_response else Response.NONE.label,
        "response_as_written": rec.shown_response_as_written if public_response else "",
        "response_state": rec.response_state if internal else None,
        "outline_response": rec.outline_response if public_response else "",
        "lead": queries.lead_label(rec),
        "lead_organisation": rec.lead_organisation.name if rec.lead_organisation else None,
        "supporting": queries.supporting_names(rec),
        "status": rec.shown_status,
        "last_update": rec.shown_last_update_on,
        "next_update_due": rec.shown_next_update_due,
        "overdue": rules.is_overdue(rec.shown_next_update_due, today),
        "url": rec.get_absolute_url(),
    }


@router.get("/reviews", response=list[ReviewOut], auth=optional_auth, summary="List reviews")
def list_reviews(request: HttpRequest, partnership: str) -> list[dict[str, Any]]:
    """A partnership's reviews (`?partnership=<slug>`): published ones for the public."""
    reviews = queries.visible_reviews(request.user, _partnership(partnership))
    return [
        {
            "id": r.pk,
            "title": r.title,
            "author": r.author,
            "author_kind": r.author_kind,
            "commissioned_by": r.commissioned_by,
            "published_on": r.published_on,
            "parent_id": r.parent_id,
            "recommendations": r.count,
            "url": r.get_absolute_url(),
        }
        for r in reviews
    ]


@router.get(
    "/recommendations",
    response=list[RecommendationOut],
    auth=optional_auth,
    summary="The tracker: recommendations with their response and status",
)
@paginate(LimitOffsetPagination, max_limit=200)
def list_recommendations(
    request: HttpRequest,
    partnership: str,
    review: int | None = None,
    section: int | None = None,
    response: str = "",
    status: str = "",
    lead: int | None = None,
    theme: int | None = None,
    overdue: bool = False,
    q: str = "",
    sort: str = "number",
) -> Any:
    """Filtered as the tracker page filters (the same `queries.TrackerFilters`):
    `review`, `section`, `response`, `status`, `lead` (unit id), `theme`, `overdue`,
    `q` (words in the text, or the number) and `sort`."""
    chosen = _partnership(partnership)
    params = {
        "review": review,
        "section": section,
        "response": response,
        "status": status,
        "lead": lead,
        "theme": theme,
        "overdue": "1" if overdue else "",
        "q": q,
        "sort": sort,
    }
    partnership_obj = chosen
    today = timezone.localdate()
    rows = queries.tracker(
        request.user, partnership_obj, queries.TrackerFilters.from_query(params), today
    )
    internal = sees_internal_recommendations(request.user, partnership_obj.pk)
    return _Mapped(rows, lambda rec: _out(rec, internal, today))


class _Mapped:
    """A lazily mapped queryset, so the paginator slices before rows are built."""

    def __init__(self, queryset: Any, mapper: Any) -> None:
        self.queryset, self.mapper = queryset, mapper

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list[dict]:
        return [self.mapper(rec) for rec in self.queryset[index]]


def _detail(rec: Recommendation, internal: bool, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    links = queries.visible_links(user, rec)
    linked = queries.with_links(Recommendation.objects.visible_to(user).filter(pk=rec.pk)).get()
    public_response = linked.response_shown
    out = _out(linked, internal, today)
    out.update(
        agreed_on=rec.agreed_on if public_response else None,
        agreed_by=str(rec.agreed_by) if rec.agreed_by and public_response else None,
        agreed_resolution=rec.agreed_resolution if public_response else "",
        priorities=[{"id": p.pk, "ref": p.ref, "wording": p.wording} for p in links.priorities],
        indicators=[{"id": i.pk, "code": i.code, "name": i.name} for i in links.indicators],
        bodies=[{"id": b.pk, "name": b.name, "short_name": b.short_name} for b in links.bodies],
        updates=[
            {
                "date": u.date,
                "status": u.status,
                "rag": u.rag,
                "narrative": u.narrative,
                "evidence": u.evidence_links,
                "illustrative": u.is_illustrative,
                "files": [
                    {
                        "filename": f.filename,
                        "content_type": f.content_type,
                        "size": f.size,
                        "url": f.get_absolute_url(),
                    }
                    for f in u.files.all()
                ],
            }
            for u in (rec.updates.prefetch_related("files") if public_response else [])
        ],
    )
    return out


@router.get(
    "/recommendations/{recommendation_id}",
    response={200: RecommendationDetailOut, **READ_ERRORS},
    auth=optional_auth,
    summary="A recommendation with its response and progress updates",
)
def get_recommendation(request: HttpRequest, recommendation_id: int) -> dict[str, Any]:
    rec = checked(get_recommendation_for_user, request.user, recommendation_id)
    internal = sees_internal_recommendations(request.user, rec.partnership_id)
    return _detail(rec, internal, request.user)


@router.post(
    "/recommendations/{recommendation_id}/updates",
    response={201: RecommendationDetailOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a progress update (the lead organisation's editors and administrators)",
)
def add_update(
    request: HttpRequest, recommendation_id: int, payload: ProgressUpdateIn
) -> Status[dict[str, Any]]:
    rec = checked(get_recommendation_for_user, request.user, recommendation_id, action=PROGRESS)
    try:
        services.add_progress_update(
            request.user,
            rec,
            date=payload.date,
            status=payload.status.value,
            rag=payload.rag.value,
            narrative=payload.narrative,
            evidence="\n".join(payload.evidence),
        )
    except ModelValidationError as error:
        raise RequestValidationError(
            [
                {"type": "value_error", "loc": ["body", "payload", field], "msg": message}
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        ) from None
    rec = get_recommendation_for_user(request.user, recommendation_id)
    return Status(201, _detail(rec, True, request.user))
