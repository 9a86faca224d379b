"""GET /api/v1/commitments and /api/v1/commitments/{id}.

Public like the pages: anyone gets the published commitments that are not drafts;
the partnership's own people (a session or a bearer token) also get its drafts
and unpublished ones. Each comes with its actions and signatories (and its
evidence), as the caller may see them; a commitment the caller may not see is a
404, not a hint.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the
# endpoint's annotations outside this module, so they must be real types, not strings.

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from roundtable.accounts.api_auth import checked, optional_auth
from roundtable.partnership.models import Partnership
from roundtable.partnership.schemas import ErrorOut
from roundtable.projects import queries_commitments as queries
from roundtable.projects import rules_commitments as rules
from roundtable.projects.choices_commitments import CommitmentKind, CommitmentStatus
from roundtable.projects.models_commitments import Commitment
from roundtable.projects.permissions_commitments import get_commitment_for_user

router = Router(tags=["commitments"])
MAX_PAGE = 200


class CommitmentActionOut(Schema):
    action: str
    due: datetime.date | None
    done: datetime.date | None
    owner_organisation: str | None
    overdue: bool


class SignatoryOut(Schema):
    organisation: str
    signed_by: str
    role: str
    signed_on: datetime.date


class EvidenceOut(Schema):
    title: str
    url: str
    is_file: bool
    filename: str


class MeetingRef(Schema):
    id: int
    body: str
    date: datetime.date


class CommitmentOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    text: str
    owner_organisations: list[str]
    leads: list[str]
    review_on: datetime.date | None
    agreed_at: MeetingRef | None
    progress: str
    progress_on: datetime.date | None
    is_published: bool
    is_illustrative: bool
    actions: list[CommitmentActionOut]
    signatories: list[SignatoryOut]
    evidence: list[EvidenceOut]
    page: str


def _out(c: Commitment, today: datetime.date) -> dict[str, Any]:
    """A row of `queries.with_parts(...)`: its parts are already as the caller may see them."""
    meeting = c.agreed_at
    return {
        "id": c.pk,
        "title": c.title,
        "kind": c.kind,
        "status": c.status,
        "text": c.text,
        "owner_organisations": [o.name for o in c.owner_organisations.all()],
        "leads": [p.name for p in c.leads.all()],
        "review_on": c.review_on,
        "agreed_at": (
            {"id": meeting.pk, "body": meeting.body.name, "date": meeting.start.date()}
            if meeting
            else None
        ),
        "progress": c.progress,
        "progress_on": c.progress_on,
        "is_published": c.is_published,
        "is_illustrative": c.is_illustrative,
        "actions": [
            {
                "action": a.action,
                "due": a.due,
                "done": a.done,
                "owner_organisation": a.owner_organisation.name if a.owner_organisation else None,
                "overdue": rules.action_state(a.due, a.done, today) is rules.ActionState.OVERDUE,
            }
            for a in c.actions.all()
        ],
        "signatories": [
            {
                "organisation": s.organisation.name,
                "signed_by": s.signed_by,
                "role": s.role,
                "signed_on": s.signed_on,
            }
            for s in c.signatories.all()
        ],
        "evidence": [
            {
                "title": e.title,
                "url": e.get_absolute_url(),
                "is_file": e.is_file,
                "filename": e.filename,
            }
            for e in c.evidence.all()
        ],
        "page": c.get_absolute_url(),
    }


class _Mapped:
    """A lazily mapped queryset, so the paginator slices before rows are built."""

    def __init__(self, queryset: Any, mapper: Any) -> None:
        self.queryset, self.mapper = queryset, mapper

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list[dict]:
        return [self.mapper(row) for row in self.queryset[index]]


@router.get(
    "/commitments",
    response=list[CommitmentOut],
    auth=optional_auth,
    summary="Commitments: equality objectives, covenant pledges, charters",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_commitments(
    request: HttpRequest, partnership: str, kind: str = "", status: str = ""
) -> Any:
    """A partnership's commitments (`?partnership=<slug>`) with their actions,
    signatories and evidence; `kind` and `status` filter as the list page does."""
    found = Partnership.objects.filter(slug=partnership).first()
    if found is None:
        raise Http404(f"There is no partnership '{partnership}'")
    if kind and kind not in CommitmentKind.values:
        raise HttpError(422, f"kind: choose one of {', '.join(CommitmentKind.values)}")
    if status and status not in CommitmentStatus.values:
        raise HttpError(422, f"status: choose one of {', '.join(CommitmentStatus.values)}")
    rows = queries.commitments(request.user, found.pk, kind=kind, status=status)
    today = timezone.localdate()
    return _Mapped(queries.with_parts(rows, request.user), lambda c: _out(c, today))


@router.get(
    "/commitments/{commitment_id}",
    response={200: CommitmentOut, 404: ErrorOut},
    auth=optional_auth,
    summary="A commitment with its actions, signatories and evidence",
)
def get_commitment(request: HttpRequest, commitment_id: int) -> dict[str, Any]:
    found = checked(get_commitment_for_user, request.user, commitment_id)
    rows = queries.with_parts(Commitment.objects.filter(pk=found.pk), request.user)
    return _out(rows.get(), timezone.localdate())
